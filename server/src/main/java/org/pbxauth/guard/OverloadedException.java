package org.pbxauth.guard;

/** The server sheds this request rather than queue it: answered 503 temporarily_unavailable with Retry-After. */
public final class OverloadedException extends RuntimeException {
    public OverloadedException() {
        super("overloaded", null, false, false);
    }
}
