package org.pbxauth.client;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * The start of an authorization-code login (RFC 6749 §4.1.1) with PKCE S256 (RFC 7636): the URL to
 * send the user's browser to, the {@code state} to compare with the one that comes back (RFC 6749
 * §10.12), and the verifier to send with the code. Keep it in the user's session until the redirect.
 *
 * @param uri      {@code https://<hostname>/oauth/authorize?response_type=code&…}
 * @param state    the random state the redirect must carry back
 * @param verifier the PKCE code verifier, for {@link PbxAuth#authorizationCode}
 */
public record AuthorizationRequest(URI uri, String state, Secret verifier) {
    private static final SecureRandom RANDOM = new SecureRandom();

    public AuthorizationRequest {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(verifier, "verifier");
    }

    static AuthorizationRequest create(URI base, String appId, URI redirectUri) {
        Objects.requireNonNull(redirectUri, "redirectUri");
        String state = random(16);
        // RFC 7636 §4.1: 32 random octets, base64url: 43 characters of the unreserved set.
        String verifier = random(32);
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(verifier));
        URI uri = base.resolve("oauth/authorize?response_type=code&client_id=" + PbxAuth.encode(appId)
                + "&redirect_uri=" + PbxAuth.encode(redirectUri.toString()) + "&state=" + state
                + "&code_challenge=" + challenge + "&code_challenge_method=S256");
        return new AuthorizationRequest(uri, state, Secret.of(verifier));
    }

    /** Whether the redirect's {@code state} is this request's (compared in constant time). */
    public boolean stateMatches(String returned) {
        return returned != null && MessageDigest.isEqual(state.getBytes(StandardCharsets.US_ASCII),
                returned.getBytes(StandardCharsets.UTF_8));
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
