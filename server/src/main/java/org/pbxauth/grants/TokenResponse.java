package org.pbxauth.grants;

import org.pbxauth.tokens.IssuedTokens;

/**
 * What a grant answers: the tokens and their scope. The platform knows one scope, {@code all},
 * and every grant issues it, asked for or not. RFC 6749 §3.3: "If the client omits the scope
 * parameter when requesting authorization, the authorization server MUST either process the
 * request using a pre-defined default value or fail the request indicating an invalid scope";
 * §5.1 makes {@code scope} optional only "if identical to the scope requested by the client", so
 * every answer says it (the seed's members stay as they are beside it).
 */
public record TokenResponse(IssuedTokens tokens, String scope) {
    public static final String ALL = "all";

    public static TokenResponse of(IssuedTokens tokens) {
        return new TokenResponse(tokens, ALL);
    }
}
