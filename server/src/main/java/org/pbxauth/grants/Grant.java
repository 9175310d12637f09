package org.pbxauth.grants;

import java.util.Set;
import org.pbxauth.apps.AppType;

/** One OAuth grant type; the token endpoint finds it by {@code grant_type} and hands it the request. */
public interface Grant {
    /** The {@code grant_type} value this grant answers. */
    String grantType();

    /** The app types allowed to use this grant; any other gets {@code unauthorized_client}. */
    Set<AppType> appTypes();

    /** Validates the grant's own parameters, checks them, and issues tokens or throws {@link OAuthError}. */
    TokenResponse handle(TokenRequest request);
}
