package org.pbxauth.store;

/** A statement outside JDBI failed; the SQLException (and its SQLSTATE) is the cause. */
public final class StoreException extends RuntimeException {
    StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
