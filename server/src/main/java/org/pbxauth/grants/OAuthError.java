package org.pbxauth.grants;

/**
 * Every refusal of an OAuth request: the RFC 6749 §5.2 error code, its HTTP status and a
 * description safe to show the client. Rendered in one place, by the http layer.
 */
public final class OAuthError extends RuntimeException {
    private final String code;
    private final int status;

    private OAuthError(String code, int status, String description) {
        super(description, null, false, false); // no stack trace: these are answers, not faults
        this.code = code;
        this.status = status;
    }

    public static OAuthError invalidRequest(String description) {
        return new OAuthError("invalid_request", 400, description);
    }

    /** A body past the size cap: still {@code invalid_request}, with HTTP's own status for it. */
    public static OAuthError requestTooLarge(String description) {
        return new OAuthError("invalid_request", 413, description);
    }

    /** RFC 6749 §5.2: 401 for a failed client authentication. */
    public static OAuthError invalidClient(String description) {
        return new OAuthError("invalid_client", 401, description);
    }

    public static OAuthError invalidGrant(String description) {
        return new OAuthError("invalid_grant", 400, description);
    }

    public static OAuthError unauthorizedClient(String description) {
        return new OAuthError("unauthorized_client", 400, description);
    }

    public static OAuthError unsupportedGrantType(String description) {
        return new OAuthError("unsupported_grant_type", 400, description);
    }

    public static OAuthError invalidScope(String description) {
        return new OAuthError("invalid_scope", 400, description);
    }

    public static OAuthError temporarilyUnavailable(String description) {
        return new OAuthError("temporarily_unavailable", 503, description);
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    public String description() {
        return getMessage();
    }
}
