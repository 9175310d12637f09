package org.pbxauth.http;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA-256 for what the authorization pages hand to the browser (the pending request, the
 * CSRF field, the login session). The key is derived from the server key, so every node of a
 * cluster that shares the server key verifies what another node signed; each value is signed
 * under its own purpose, so a value signed for one purpose never verifies for another.
 */
public final class PageKeys {
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private final SecretKeySpec key;

    public PageKeys(byte[] serverKey) {
        if (serverKey.length < 32) {
            throw new IllegalArgumentException("the server key must have at least 32 bytes");
        }
        // A key of its own: the server key also keys app-secret hashes, and the two uses must not mix.
        this.key = new SecretKeySpec(hmac(new SecretKeySpec(serverKey, "HmacSHA256"),
                "pbx-auth authorization pages v1".getBytes(StandardCharsets.UTF_8)), "HmacSHA256");
    }

    /** The base64url MAC of {@code value} for {@code purpose}. */
    public String sign(String purpose, String value) {
        return B64URL.encodeToString(hmac(key, (purpose + "\n" + value).getBytes(StandardCharsets.UTF_8)));
    }

    /** Constant time: the comparison takes as long whichever byte differs. */
    public boolean verify(String purpose, String value, String mac) {
        if (value == null || mac == null) {
            return false;
        }
        return MessageDigest.isEqual(sign(purpose, value).getBytes(StandardCharsets.US_ASCII),
                mac.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] hmac(SecretKeySpec key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every JDK", e);
        }
    }
}
