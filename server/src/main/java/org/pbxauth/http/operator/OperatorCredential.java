package org.pbxauth.http.operator;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import org.pbxauth.http.errors.Problem;
import org.pbxauth.secrets.Secret;
import org.pbxauth.secrets.TokenHash;

/**
 * The platform operator's credential: an id and the SHA-256 (hex) of its secret, from the
 * settings {@code operator.client-id} and {@code operator.secret-sha256}, so no file holds the
 * secret itself. Presented by HTTP Basic (RFC 7617); both halves compared in constant time.
 * Both empty: the operator API is off.
 */
public record OperatorCredential(String clientId, String secretSha256) {
    static final String CHALLENGE = "Basic realm=\"pbx-auth operator\"";

    public boolean isConfigured() {
        return !clientId.isEmpty() && !secretSha256.isEmpty();
    }

    /** Refuses (401 with the Basic challenge) anything but HTTP Basic with this id and secret. */
    void check(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || header.length() < 6 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            // no credential, or another scheme: a customer's Bearer token is no operator's
            throw refused(ctx, "the operator API needs HTTP Basic with the operator credential");
        }
        String pair;
        try {
            pair = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw refused(ctx, "the Basic credential is not Base64");
        }
        int colon = pair.indexOf(':');
        if (colon < 0) {
            throw refused(ctx, "the Basic credential is not id:secret");
        }
        byte[] id = pair.substring(0, colon).getBytes(StandardCharsets.UTF_8);
        byte[] hash = TokenHash.sha256(Secret.of(pair.substring(colon + 1)));
        // both compared, whatever the first says: the time tells neither which was wrong
        boolean idMatches = MessageDigest.isEqual(id, clientId.getBytes(StandardCharsets.UTF_8));
        boolean secretMatches = MessageDigest.isEqual(hash, HexFormat.of().parseHex(secretSha256));
        if (!(idMatches & secretMatches)) {
            throw refused(ctx, "wrong operator credential");
        }
    }

    private static Problem refused(Context ctx, String detail) {
        ctx.header("WWW-Authenticate", CHALLENGE);
        return new Problem(401, "unauthorized", detail);
    }
}
