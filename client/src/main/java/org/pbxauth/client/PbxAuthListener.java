package org.pbxauth.client;

import java.time.Duration;

/**
 * Told what the SDK does with tokens and requests, for metrics and logs. It is never given a
 * token, password or secret: only grant names, lifetimes, error codes, methods and paths (without
 * their query). Called on the thread that did the work; keep it quick and do not throw.
 */
public interface PbxAuthListener {
    /** A login succeeded: {@code grantType} is password, client_credentials or authorization_code. */
    default void tokenObtained(String grantType, long expiresInSeconds) {}

    /** A refresh succeeded (one refresh token spent, a new one held). */
    default void tokenRefreshed(long expiresInSeconds) {}

    /** A refresh was refused with {@code error}; the source logs in again when it holds credentials. */
    default void refreshRefused(String error) {}

    /** An API request got 401; it is sent once more with a new token. */
    default void reauthenticated(String method, String path) {}

    /** A request got {@code status} (429 or 503) and is sent again after {@code wait}. */
    default void retrying(String method, String path, int status, Duration wait, int attempt) {}
}
