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
    private final SecretKeySpec key;

    public SecretHasher(byte[] serverKey) {
        if (serverKey.length < 32) {
            throw new IllegalArgumentException("the server key must have at least 32 bytes");
        }
        this.key = new SecretKeySpec(serverKey.clone(), "HmacSHA256");
    }

    public String hash(Secret secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return RandomTokens.hex(mac.doFinal(secret.utf8()));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is required of every JDK", e);
        }
    }

    /** Constant time: compares the full hashes whatever the first differing byte. */
    public boolean verify(Secret secret, String storedHash) {
        return MessageDigest.isEqual(hash(secret).getBytes(), storedHash.getBytes());
    }
}
