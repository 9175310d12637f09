package org.pbxauth.secrets;

import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed hash (HMAC-SHA-256) of app secrets. App secrets carry 128 random bits, so a slow hash
 * buys nothing; the server key means a stolen database alone cannot test guesses offline.
 */
public final class SecretHasher {
    /**
     * Initialised once and cloned per call: {@code Mac.getInstance} and {@code init} walk the
     * security providers each time, which was a third of the introspection caller's check in
     * the profiles; a clone copies the keyed state.
     */
    private final Mac keyed;

    public SecretHasher(byte[] serverKey) {
        if (serverKey.length < 32) {
            throw new IllegalArgumentException("the server key must have at least 32 bytes");
        }
        try {
            this.keyed = Mac.getInstance("HmacSHA256");
            keyed.init(new SecretKeySpec(serverKey.clone(), "HmacSHA256"));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is required of every JDK", e);
        }
    }

    public String hash(Secret secret) {
        try {
            return RandomTokens.hex(((Mac) keyed.clone()).doFinal(secret.utf8()));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's HmacSHA256 can be cloned", e);
        }
    }

    /** Constant time: compares the full hashes whatever the first differing byte. */
    public boolean verify(Secret secret, String storedHash) {
        return MessageDigest.isEqual(hash(secret).getBytes(), storedHash.getBytes());
    }
}
