package org.pbxauth.secrets;

import java.security.SecureRandom;

/** Mints opaque random strings: tokens (30 of [A-Za-z0-9], about 178 bits) and hex identifiers. */
public final class RandomTokens {
    private static final char[] ALPHANUMERIC =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** The seed's token shape; RFC 6749 §10.10 asks at least 128 bits, this gives 30·log2(62) ≈ 178. */
    public static final int TOKEN_LENGTH = 30;

    private final SecureRandom random;

    public RandomTokens(SecureRandom random) {
        this.random = random;
    }

    public RandomTokens() {
        this(new SecureRandom());
    }

    public Secret token() {
        return Secret.of(alphanumeric(TOKEN_LENGTH));
    }

    public String alphanumeric(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            // nextInt(bound) rejects biased draws, so every character is uniform over 62
            out[i] = ALPHANUMERIC[random.nextInt(ALPHANUMERIC.length)];
        }
        return new String(out);
    }

    /** 32 hex characters: 128 bits, the shape of an App ID and an App Secret. */
    public String hex32() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return hex(bytes);
    }

    public byte[] bytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[bytes[i] & 0xf];
        }
        return new String(out);
    }
}
