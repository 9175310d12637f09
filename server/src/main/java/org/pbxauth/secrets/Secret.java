package org.pbxauth.secrets;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/** A password, app secret or token in plain text: never printed, compared in constant time. */
public final class Secret {
    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    /** The plain value, for hashing or for the one answer that hands it out. */
    public String reveal() {
        return value;
    }

    public byte[] utf8() {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    /** Constant-time for equal lengths, so a timing side channel does not leak a prefix. */
    public boolean matches(Secret other) {
        return MessageDigest.isEqual(utf8(), other.utf8());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && matches(s);
    }

    @Override
    public int hashCode() {
        return 0; // never a function of the value: hash codes leak through collections and logs
    }

    @Override
    public String toString() {
        return "Secret[****]";
    }
}
