package org.pbxauth.secrets;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The SHA-256 of a token, hex: the only form in which a token is stored or looked up. */
public record TokenHash(String hex) {

    public static TokenHash of(Secret token) {
        try {
            return new TokenHash(RandomTokens.hex(MessageDigest.getInstance("SHA-256").digest(token.utf8())));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "TokenHash[" + hex.substring(0, 8) + "…]";
    }
}
