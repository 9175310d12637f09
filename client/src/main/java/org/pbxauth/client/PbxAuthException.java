package org.pbxauth.client;

/**
 * Every OAuth error of pbx-auth, and every answer the SDK cannot use: the RFC 6749 §5.2 error
 * code ({@code invalid_grant}, {@code invalid_client}, …, or the API's {@code status} such as
 * {@code rate_limit_exceeded}), its description and the HTTP status. Never carries a secret.
 */
public class PbxAuthException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The code of an answer that was not what the protocol promises (not JSON, a member missing). */
    public static final String INVALID_RESPONSE = "invalid_response";

    private final String error;
    private final String errorDescription;
    private final int status;

    /** An error with its code, description (may be null) and HTTP status. */
    public PbxAuthException(String error, String errorDescription, int status) {
        super(message(error, errorDescription, status));
        this.error = error;
        this.errorDescription = errorDescription;
        this.status = status;
    }

    /** An error that has a cause (an I/O failure): the cause carries no secret either. */
    public PbxAuthException(String error, String errorDescription, int status, Throwable cause) {
        super(message(error, errorDescription, status), cause);
        this.error = error;
        this.errorDescription = errorDescription;
        this.status = status;
    }

    private static String message(String error, String description, int status) {
        return error + (description == null || description.isEmpty() ? "" : ": " + description)
                + " (HTTP " + status + ")";
    }

    /** The error code, e.g. {@code invalid_client}. */
    public String error() {
        return error;
    }

    /** The server's human-readable description, or null. */
    public String errorDescription() {
        return errorDescription;
    }

    /** The HTTP status of the answer; 0 when there was none (a network error). */
    public int status() {
        return status;
    }
}
