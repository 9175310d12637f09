package org.pbxauth.client;

/**
 * The refresh token was refused (or lost) and the {@link TokenSource} holds no credentials to log
 * in with by itself (an authorization-code login): the user must log in again.
 */
public final class LoginRequiredException extends PbxAuthException {
    private static final long serialVersionUID = 1L;

    LoginRequiredException(String error, String errorDescription, int status) {
        super(error, errorDescription == null ? "log in again" : errorDescription + "; log in again", status);
    }
}
