package org.pbxauth.secrets;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A token's key in the store, the only form in which a token is stored or looked up: the token's
 * first {@value RandomTokens#SLOT_LENGTH} characters, which {@link RandomTokens} fills with the
 * millisecond it was minted (a clock, not a secret), then the first 61 hex digits of the SHA-256
 * of the whole token (244 bits; the random part is 27 characters, 160 bits). A value that does
 * not start with three of {@code [0-9A-Za-z]} is no token of ours: its key is its bare SHA-256.
 *
 * <p>Why the slot leads: tokens minted together then sit side by side in the store's B-tree. With
 * the bare SHA-256 every new token landed on a random page of the tokens' B-tree, and each commit
 * wrote a random page (measured on the earlier H2 store, where that cost more than everything
 * else on the token endpoint; a SQLite WAL frame is a page too).
 */
public record TokenHash(String key) {
    private static final int DIGEST_HEX = 61;

    public static TokenHash of(Secret token) {
        String value = token.reveal();
        if (!hasSlot(value)) {
            // Never a token of ours (anything a client sends gets here): it still gets a key that
            // finds nothing, and only hex digits ever reach the database as a key.
            return legacy(token);
        }
        return new TokenHash(value.substring(0, RandomTokens.SLOT_LENGTH) + sha256Hex(token).substring(0, DIGEST_HEX));
    }

    private static boolean hasSlot(String value) {
        if (value.length() < RandomTokens.SLOT_LENGTH) {
            return false;
        }
        for (int i = 0; i < RandomTokens.SLOT_LENGTH; i++) {
            char c = value.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z')) {
                return false;
            }
        }
        return true;
    }

    /** The key of a token stored before the slot (pbx-auth 0.x): its bare SHA-256, 64 hex digits. */
    public static TokenHash legacy(Secret token) {
        return new TokenHash(sha256Hex(token));
    }

    public static byte[] sha256(Secret value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.utf8());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    private static String sha256Hex(Secret value) {
        return RandomTokens.hex(sha256(value));
    }

    @Override
    public String toString() {
        // Digest digits only: the slot is three characters of the token itself.
        return "TokenHash[" + key.substring(RandomTokens.SLOT_LENGTH, RandomTokens.SLOT_LENGTH + 8) + "…]";
    }
}
