package org.pbxauth.grants;

import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.regex.Pattern;

/** RFC 7636: the code challenge of an authorization request and the check of its verifier. */
public record Pkce(String challenge, String method) {
    public static final String S256 = CodeChallengeMethod.S256.getValue();
    public static final String PLAIN = CodeChallengeMethod.PLAIN.getValue();

    /**
     * RFC 7636 §4.1/§4.2: a verifier, and so a plain challenge, is 43 to 128 unreserved characters;
     * an S256 challenge is the 43-character base64url of a SHA-256.
     */
    private static final Pattern UNRESERVED_43_128 = Pattern.compile("[A-Za-z0-9._~-]{43,128}");
    private static final Pattern BASE64URL_SHA256 = Pattern.compile("[A-Za-z0-9_-]{43}");

    public Pkce {
        if (!S256.equals(method) && !PLAIN.equals(method)) {
            throw new IllegalArgumentException("code_challenge_method must be S256 or plain");
        }
        Pattern shape = S256.equals(method) ? BASE64URL_SHA256 : UNRESERVED_43_128;
        if (challenge == null || !shape.matcher(challenge).matches()) {
            throw new IllegalArgumentException("code_challenge is malformed for method " + method);
        }
    }

    /**
     * The challenge of an authorization request, or empty when it carried none. RFC 7636 §4.3:
     * "Defaults to "plain" if not present in the request." A method without a challenge, an
     * unknown method or a malformed challenge throws {@link IllegalArgumentException}.
     */
    public static Optional<Pkce> of(String challenge, String method) {
        if (challenge == null) {
            if (method != null) {
                throw new IllegalArgumentException("code_challenge_method without code_challenge");
            }
            return Optional.empty();
        }
        return Optional.of(new Pkce(challenge, method == null ? PLAIN : method));
    }

    /** RFC 7636 §4.6: recompute the challenge from the verifier and compare, in constant time. */
    public boolean verifies(String verifier) {
        if (verifier == null || !UNRESERVED_43_128.matcher(verifier).matches()) {
            return false;
        }
        String computed = CodeChallenge.compute(CodeChallengeMethod.parse(method), new CodeVerifier(verifier))
                .getValue();
        return MessageDigest.isEqual(computed.getBytes(StandardCharsets.US_ASCII),
                challenge.getBytes(StandardCharsets.US_ASCII));
    }
}
