package org.pbxauth.grants;

import java.util.Optional;
import org.pbxauth.tokens.IssuedTokens;

/** What a grant answers: the tokens, and a scope when the grant reports one. */
public record TokenResponse(IssuedTokens tokens, Optional<String> scope) {
    public static TokenResponse of(IssuedTokens tokens) {
        return new TokenResponse(tokens, Optional.empty());
    }
}
