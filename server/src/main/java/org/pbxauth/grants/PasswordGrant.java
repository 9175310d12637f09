package org.pbxauth.grants;

import java.util.Set;
import org.pbxauth.apps.AppType;
import org.pbxauth.directory.Directory;
import org.pbxauth.directory.PbxUser;
import org.pbxauth.secrets.Secret;
import org.pbxauth.tokens.TokenService;

/** RFC 6749 §4.3, the seed page: a password_credentials app trades a user's login and password for tokens. */
public final class PasswordGrant implements Grant {
    /** One body for every failed login, so the answer never tells a wrong password from an unknown user. */
    static final String BAD_CREDENTIALS = "the user name or password is wrong, or the user may not log in";

    private final Directory directory;
    private final TokenService tokens;

    public PasswordGrant(Directory directory, TokenService tokens) {
        this.directory = directory;
        this.tokens = tokens;
    }

    @Override
    public String grantType() {
        return "password";
    }

    @Override
    public Set<AppType> appTypes() {
        return Set.of(AppType.PASSWORD_CREDENTIALS);
    }

    @Override
    public TokenResponse handle(TokenRequest request) {
        // RFC 6749 §4.3.2: "username REQUIRED", "password REQUIRED".
        String login = request.required("username");
        Secret password = request.secret("password");
        PbxUser user = directory.authenticate(request.tenant(), login, password, request.clientAddress())
                .orElseThrow(() -> OAuthError.invalidGrant(BAD_CREDENTIALS));
        return TokenResponse.of(tokens.issueForLogin(user, request.app(), true, request.clientAddress()));
    }
}
