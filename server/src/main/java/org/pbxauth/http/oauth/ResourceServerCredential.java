package org.pbxauth.http.oauth;

import java.security.MessageDigest;
import java.util.HexFormat;
import org.pbxauth.secrets.Secret;
import org.pbxauth.secrets.TokenHash;

/**
 * The credential of the PBX API (the resource server) for introspection: an id and the SHA-256
 * of its secret, from the settings, so the config file holds no secret in plain text.
 */
public record ResourceServerCredential(String clientId, String secretSha256) {
    public static final ResourceServerCredential NONE = new ResourceServerCredential("", "");

    boolean isConfigured() {
        return !clientId.isEmpty() && !secretSha256.isEmpty();
    }

    boolean matches(Secret secret) {
        byte[] expected = HexFormat.of().parseHex(secretSha256.toLowerCase());
        byte[] actual = TokenHash.sha256(secret);
        return MessageDigest.isEqual(expected, actual);
    }
}
