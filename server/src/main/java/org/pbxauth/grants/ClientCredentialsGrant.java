package org.pbxauth.grants;

import java.util.Set;
import org.pbxauth.apps.AppType;
import org.pbxauth.directory.Directory;
import org.pbxauth.directory.PbxUser;
import org.pbxauth.tokens.TokenService;

/**
 * RFC 6749 §4.4 for trusted apps: the token acts as the user who registered the app, and
 * (§4.4.3) "A refresh token SHOULD NOT be included".
 */
public final class ClientCredentialsGrant implements Grant {
    private final Directory directory;
    private final TokenService tokens;

    public ClientCredentialsGrant(Directory directory, TokenService tokens) {
        this.directory = directory;
        this.tokens = tokens;
    }

    @Override
    public String grantType() {
        return "client_credentials";
    }

    @Override
    public Set<AppType> appTypes() {
        return Set.of(AppType.TRUSTED);
    }

    @Override
    public TokenResponse handle(TokenRequest request) {
        // The platform knows one scope, "all"; RFC 6749 §3.3 lets us refuse any other.
        request.parameter("scope").filter(s -> !s.equals("all")).ifPresent(s -> {
            throw OAuthError.invalidScope("the only scope is all");
        });
        PbxUser owner = directory.user(request.tenant().id(), request.app().ownerUserId())
                .filter(u -> !u.blocked())
                .orElseThrow(() -> OAuthError.invalidGrant("the app's owner may not log in"));
        return TokenResponse.of(tokens.issueForLogin(owner, request.app(), false, request.clientAddress()));
    }
}
