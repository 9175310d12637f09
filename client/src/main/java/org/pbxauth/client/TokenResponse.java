package org.pbxauth.client;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A successful answer of {@code POST /oauth/token}: the tokens as {@link Secret}s (so printing
 * this record shows none of them), {@code expires_in} in seconds and the scope.
 *
 * @param accessToken  the access token
 * @param tokenType    always {@code Bearer}
 * @param expiresIn    seconds the access token is valid from the answer
 * @param refreshToken the refresh token, or null (client_credentials answers carry none)
 * @param scope        the scope, or null when the answer named none
 */
public record TokenResponse(Secret accessToken, String tokenType, long expiresIn, Secret refreshToken, String scope) {
    /** Checks the members every answer has. */
    public TokenResponse {
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(tokenType, "tokenType");
        if (expiresIn <= 0) {
            throw new IllegalArgumentException("expiresIn must be positive");
        }
    }

    /** The refresh token, when the grant gives one. */
    public Optional<Secret> refresh() {
        return Optional.ofNullable(refreshToken);
    }

    /** RFC 6749 §5.1, strictly: a token, type Bearer, a positive expires_in. */
    static TokenResponse from(Map<String, Object> json, int status) {
        try {
            String access = FlatJson.string(json, "access_token");
            String type = FlatJson.string(json, "token_type");
            Long expires = FlatJson.integer(json, "expires_in");
            String refresh = FlatJson.string(json, "refresh_token");
            if (access == null || access.isEmpty()) {
                throw new IllegalArgumentException("no access_token");
            }
            if (!"Bearer".equalsIgnoreCase(type)) {
                throw new IllegalArgumentException("token_type is not Bearer");
            }
            if (expires == null || expires <= 0) {
                throw new IllegalArgumentException("no positive expires_in");
            }
            return new TokenResponse(Secret.of(access), "Bearer", expires,
                    refresh == null || refresh.isEmpty() ? null : Secret.of(refresh), FlatJson.string(json, "scope"));
        } catch (IllegalArgumentException e) {
            throw new PbxAuthException(PbxAuthException.INVALID_RESPONSE, "token answer: " + e.getMessage(), status);
        }
    }
}
