package org.pbxauth.client;

import java.util.Arrays;
import java.util.Objects;

/**
 * A secret value (App Secret, password, token, PKCE verifier) whose {@link #toString()} never
 * shows it. It holds its own copy of the characters; {@link #destroy()} overwrites them.
 */
public final class Secret {
    private final char[] value;
    private volatile boolean destroyed;

    private Secret(char[] value) {
        this.value = value;
    }

    /** A secret holding a copy of {@code value} (the caller may clear its array afterwards). */
    public static Secret of(char[] value) {
        Objects.requireNonNull(value, "value");
        return new Secret(value.clone());
    }

    /** A secret holding the characters of {@code value}. */
    public static Secret of(String value) {
        Objects.requireNonNull(value, "value");
        return new Secret(value.toCharArray());
    }

    /** A copy of the characters; the caller should clear it after use. */
    public char[] reveal() {
        if (destroyed) {
            throw new IllegalStateException("this secret was destroyed");
        }
        return value.clone();
    }

    /** The value as a String, for what only takes one (an Authorization header). */
    String revealString() {
        if (destroyed) {
            throw new IllegalStateException("this secret was destroyed");
        }
        return new String(value);
    }

    /** The characters themselves, without a copy (form encoding); never handed out. */
    char[] chars() {
        if (destroyed) {
            throw new IllegalStateException("this secret was destroyed");
        }
        return value;
    }

    /** Constant-time comparison with a plain value. */
    boolean matches(String other) {
        if (other == null || destroyed) {
            return false;
        }
        int diff = other.length() ^ value.length;
        for (int i = 0; i < value.length; i++) {
            diff |= value[i] ^ (i < other.length() ? other.charAt(i) : 0);
        }
        return diff == 0;
    }

    /** Overwrites the characters; the secret cannot be used afterwards. */
    public void destroy() {
        destroyed = true;
        Arrays.fill(value, '\0');
    }

    /** Never the value. */
    @Override
    public String toString() {
        return "Secret[****]";
    }
}
