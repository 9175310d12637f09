package org.pbxauth.secrets;

import java.security.SecureRandom;

/**
 * Mints opaque strings: tokens (30 of [A-Za-z0-9]: a 3-character clock slot, then 27 random, 160
 * bits) and hex identifiers.
 */
public final class RandomTokens {
    private static final char[] ALPHANUMERIC =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    /** The same 62 characters in ASCII order, so that slots sort as the numbers they stand for. */
    private static final char[] ORDERED =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** The seed's token shape. */
    public static final int TOKEN_LENGTH = 30;
    /**
     * A token's first characters: the millisecond it was minted, modulo 62³ (about four minutes),
     * so that tokens minted together are stored together ({@link TokenHash}). The rest is random:
     * 27 characters, 27·log2(62) ≈ 160.8 bits, RFC 6749 §10.10's "SHOULD be less than or equal
     * to 2^(-160)" for a guess.
     */
    public static final int SLOT_LENGTH = 3;
    private static final int SLOTS = 62 * 62 * 62;

    private final SecureRandom random;

    public RandomTokens(SecureRandom random) {
        this.random = random;
    }

    public RandomTokens() {
        this(new SecureRandom());
    }

    public Secret token() {
        int slot = (int) (System.currentTimeMillis() % SLOTS);
        char[] out = new char[TOKEN_LENGTH];
        out[0] = ORDERED[slot / (62 * 62)];
        out[1] = ORDERED[slot / 62 % 62];
        out[2] = ORDERED[slot % 62];
        fill(out, SLOT_LENGTH);
        return Secret.of(new String(out));
    }

    public String alphanumeric(int length) {
        char[] out = new char[length];
        fill(out, 0);
        return new String(out);
    }

    private void fill(char[] out, int from) {
        for (int i = from; i < out.length; i++) {
            // nextInt(bound) rejects biased draws, so every character is uniform over 62
            out[i] = ALPHANUMERIC[random.nextInt(ALPHANUMERIC.length)];
        }
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

    public static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[bytes[i] & 0xf];
        }
        return new String(out);
    }
}
