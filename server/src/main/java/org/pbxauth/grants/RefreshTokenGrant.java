package org.pbxauth.grants;

import java.time.Duration;
import java.util.Set;
import org.pbxauth.apps.AppType;
import org.pbxauth.tokens.RefreshResult;
import org.pbxauth.tokens.TokenService;

/**
 * RFC 6749 §6: a refresh token for a new access token, rotating on every use. Public and
 * password_credentials apps hold refresh tokens; trusted apps never get one.
 */
public final class RefreshTokenGrant implements Grant {
    private final TokenService tokens;
    private final Duration grace;

    public RefreshTokenGrant(TokenService tokens, Duration grace) {
        this.tokens = tokens;
        this.grace = grace;
    }

    @Override
    public String grantType() {
        return "refresh_token";
    }

    @Override
    public Set<AppType> appTypes() {
        return Set.of(AppType.PASSWORD_CREDENTIALS, AppType.PUBLIC);
    }

    @Override
    public TokenResponse handle(TokenRequest request) {
        // RFC 6749 §6: "refresh_token REQUIRED". redirect_uri, which the vendor's docs list, is
        // accepted and ignored: a refresh token is already bound to its app.
        RefreshResult result = tokens.refresh(request.app(), request.secret("refresh_token"), grace);
        return switch (result) {
            case RefreshResult.Rotated rotated -> TokenResponse.of(rotated.tokens());
            // RFC 6749 §5.2: an invalid, expired or revoked refresh token is invalid_grant (400);
            // the vendor answers 401 here, README says why we follow the RFC.
            case RefreshResult.Refused refused -> throw OAuthError.invalidGrant(refused.reason());
        };
    }
}
