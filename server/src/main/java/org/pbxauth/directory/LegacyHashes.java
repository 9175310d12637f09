package org.pbxauth.directory;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.pbxauth.secrets.Secret;

/**
 * Password hashes imported from older systems, verified once at the next login and then
 * replaced by Argon2id: bcrypt ({@code $2a$}, {@code $2b$}, {@code $2y$}) and PBKDF2 in the
 * passlib ({@code $pbkdf2-sha256$29000$salt$hash}) and Django ({@code pbkdf2_sha256$600000$salt$hash}) forms.
 */
final class LegacyHashes {
    private LegacyHashes() {}

    static boolean isLegacy(String encoded) {
        return encoded != null && (isBcrypt(encoded) || encoded.startsWith("$pbkdf2-") || encoded.startsWith("pbkdf2_"));
    }

    /** True when {@code encoded} is a well-formed legacy hash this server can verify. */
    static boolean isWellFormed(String encoded) {
        try {
            verify(Secret.of("x"), encoded);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Verifies against a legacy hash; throws IllegalArgumentException on a malformed one. */
    static boolean verify(Secret password, String encoded) {
        if (isBcrypt(encoded)) {
            // bcrypt reads at most 72 bytes of the password, as every bcrypt does.
            return OpenBSDBCrypt.checkPassword(encoded, password.reveal().toCharArray());
        }
        String[] p = encoded.split("\\$");
        if (encoded.startsWith("$pbkdf2-")) { // "", "pbkdf2-sha256", rounds, salt, hash (passlib's ab64)
            require(p.length == 5);
            return pbkdf2(password, p[1].substring("pbkdf2-".length()), Integer.parseInt(p[2]),
                    ab64(p[3]), ab64(p[4]));
        }
        if (encoded.startsWith("pbkdf2_")) { // "pbkdf2_sha256", rounds, salt (text), hash (base64)
            require(p.length == 4);
            return pbkdf2(password, p[0].substring("pbkdf2_".length()), Integer.parseInt(p[1]),
                    p[2].getBytes(StandardCharsets.UTF_8), Base64.getDecoder().decode(p[3]));
        }
        throw new IllegalArgumentException("not a legacy hash");
    }

    private static boolean isBcrypt(String encoded) {
        return encoded.matches("\\$2[aby]\\$\\d\\d\\$[./A-Za-z0-9]{53}");
    }

    private static boolean pbkdf2(Secret password, String digest, int rounds, byte[] salt, byte[] expected) {
        String algorithm = switch (digest) {
            case "sha1" -> "PBKDF2WithHmacSHA1";
            case "sha256" -> "PBKDF2WithHmacSHA256";
            case "sha512" -> "PBKDF2WithHmacSHA512";
            default -> throw new IllegalArgumentException("unknown PBKDF2 digest " + digest);
        };
        require(rounds >= 1 && rounds <= 10_000_000 && expected.length >= 16 && expected.length <= 128);
        try {
            byte[] actual = SecretKeyFactory.getInstance(algorithm)
                    .generateSecret(new PBEKeySpec(password.reveal().toCharArray(), salt, rounds, expected.length * 8))
                    .getEncoded();
            return MessageDigest.isEqual(actual, expected);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** passlib's "adapted base64": '.' for '+', no padding. */
    private static byte[] ab64(String s) {
        return Base64.getDecoder().decode(s.replace('.', '+'));
    }

    private static void require(boolean ok) {
        if (!ok) {
            throw new IllegalArgumentException("malformed legacy hash");
        }
    }
}
