package org.pbxauth.http.oauth;

import io.javalin.Javalin;
import java.util.List;
import org.pbxauth.apps.AppRegistry;
import org.pbxauth.directory.Directory;
import org.pbxauth.grants.Grant;
import org.pbxauth.http.FormBody;
import org.pbxauth.tokens.TokenService;

/** The app-facing OAuth endpoints: token, revoke, introspect, metadata. */
public final class OAuthRoutes {
    private OAuthRoutes() {}

    public static void register(Javalin app, Directory directory, AppRegistry apps, TokenService tokens,
                                List<Grant> grants, ResourceServerCredential resourceServer,
                                FormBody form, int maxFormBytes, boolean pkceAllowPlain) {
        ClientAuthenticator clients = new ClientAuthenticator(directory, apps, form, maxFormBytes);
        app.post("/oauth/token", new TokenEndpoint(clients, grants));
        app.post("/oauth/revoke", new RevokeEndpoint(clients, tokens));
        app.post("/oauth/introspect", new IntrospectEndpoint(clients, tokens, resourceServer));
        app.get("/.well-known/oauth-authorization-server", new MetadataEndpoint(directory, grants, pkceAllowPlain));
    }
}
