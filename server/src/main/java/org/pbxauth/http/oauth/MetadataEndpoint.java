package org.pbxauth.http.oauth;

import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.pbxauth.directory.Tenant;
import org.pbxauth.http.ExternalOrigin;
import org.pbxauth.directory.Directory;
import org.pbxauth.grants.Grant;
import org.pbxauth.http.Answer;
import org.pbxauth.http.errors.ErrorRenderer;

/** {@code GET /.well-known/oauth-authorization-server} (RFC 8414) for the customer of the Host. */
final class MetadataEndpoint implements Handler {
    private final Directory directory;
    private final List<Grant> grants;
    private final List<CodeChallengeMethod> pkceMethods;

    MetadataEndpoint(Directory directory, List<Grant> grants, boolean pkceAllowPlain) {
        this.directory = directory;
        this.grants = grants;
        this.pkceMethods = pkceAllowPlain ? List.of(CodeChallengeMethod.S256, CodeChallengeMethod.PLAIN)
                : List.of(CodeChallengeMethod.S256);
    }

    @Override
    public void handle(Context ctx) {
        Optional<Tenant> tenant = directory.tenantForHost(ExternalOrigin.of(ctx).authority());
        if (tenant.isEmpty()) {
            ErrorRenderer.http(new io.javalin.http.HttpResponseException(404, "no PBX customer answers on this hostname"), ctx);
            return;
        }
        // RFC 8414 §2: the issuer is this customer's own https URL (its hostname is its identity),
        // as the client reached it: through a trusted proxy's scheme and host, or as stated.
        String base = ExternalOrigin.settle(ctx, tenant.get().publicUrl()).base();
        AuthorizationServerMetadata m = new AuthorizationServerMetadata(new Issuer(base));
        m.setAuthorizationEndpointURI(URI.create(base + "/oauth/authorize"));
        m.setTokenEndpointURI(URI.create(base + "/oauth/token"));
        m.setRevocationEndpointURI(URI.create(base + "/oauth/revoke"));
        m.setIntrospectionEndpointURI(URI.create(base + "/oauth/introspect"));
        m.setGrantTypes(grants.stream().map(g -> new GrantType(g.grantType())).toList());
        m.setResponseTypes(List.of(ResponseType.CODE));
        m.setScopes(new Scope("all"));
        List<ClientAuthenticationMethod> auth =
                List.of(ClientAuthenticationMethod.CLIENT_SECRET_POST, ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
        m.setTokenEndpointAuthMethods(auth);
        m.setRevocationEndpointAuthMethods(auth);
        m.setIntrospectionEndpointAuthMethods(auth);
        m.setCodeChallengeMethods(pkceMethods);
        ctx.header("Cache-Control", "max-age=300");
        Answer.json(ctx, m.toJSONObject().toJSONString());
    }
}
