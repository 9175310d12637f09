package org.pbxauth.http.oauth;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Subject;
import com.nimbusds.oauth2.sdk.token.AccessTokenType;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.Header;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import org.pbxauth.http.ExternalOrigin;
import org.pbxauth.directory.PbxUser;
import org.pbxauth.directory.Tenant;
import org.pbxauth.grants.OAuthError;
import org.pbxauth.http.Answer;
import org.pbxauth.http.errors.ErrorRenderer;
import org.pbxauth.secrets.Secret;
import org.pbxauth.tokens.TokenKind;
import org.pbxauth.tokens.TokenRecord;
import org.pbxauth.tokens.TokenService;
import org.pbxauth.tokens.TokenWithUser;

/**
 * {@code POST /oauth/introspect} (RFC 7662), for an app of the Host's customer or for the PBX API
 * behind us (the resource-server credential of the settings). Tokens of other customers, and
 * anything not live, are {@code {"active":false}} (§2.2).
 */
final class IntrospectEndpoint implements Handler {
    private final ClientAuthenticator clients;
    private final TokenService tokens;
    private final ResourceServerCredential resourceServer;

    IntrospectEndpoint(ClientAuthenticator clients, TokenService tokens, ResourceServerCredential resourceServer) {
        this.clients = clients;
        this.tokens = tokens;
        this.resourceServer = resourceServer;
    }

    @Override
    public void handle(Context ctx) {
        Map<String, String> params = clients.form(ctx);
        Tenant tenant = caller(ctx, params);
        String value = params.get("token");
        if (value == null || value.isEmpty()) {
            throw OAuthError.invalidRequest("missing parameter: token"); // RFC 7662 §2.1 "token REQUIRED"
        }
        // One query reads the token, its user and its app: a deleted user or app took the token with it.
        Optional<TokenWithUser> found = tokens.findWithUser(Secret.of(value))
                .filter(t -> t.token().tenantId() == tenant.id())
                .filter(t -> t.token().isLiveAt(tokens.now()))
                .filter(t -> t.token().kind() == TokenKind.ACCESS || t.token().spentAt() == null)
                .filter(t -> !t.user().blocked());
        TokenIntrospectionSuccessResponse response;
        if (found.isEmpty()) {
            response = new TokenIntrospectionSuccessResponse.Builder(false).build();
        } else {
            TokenRecord t = found.get().token();
            PbxUser user = found.get().user();
            response = new TokenIntrospectionSuccessResponse.Builder(true)
                    .scope(new Scope("all"))
                    .clientID(new ClientID(found.get().clientId()))
                    .username(user.login())
                    .subject(new Subject(Long.toString(user.id())))
                    .tokenType(t.kind() == TokenKind.ACCESS ? AccessTokenType.BEARER : new AccessTokenType("refresh_token"))
                    .expirationTime(Date.from(t.expiresAt()))
                    .issueTime(Date.from(t.issuedAt()))
                    .parameter("customer_id", tenant.id())
                    .parameter("customer", tenant.name())
                    .parameter("user_level", user.level().wireName())
                    .parameter("admin", user.admin())
                    .parameter("access", t.access().wireName())
                    .build();
        }
        Answer.json(ctx, response.toJSONObject().toJSONString());
    }

    /** The customer whose tokens the caller may see: the Host's, for an app of it or the resource server. */
    private Tenant caller(Context ctx, Map<String, String> params) {
        String authorization = ctx.header(Header.AUTHORIZATION);
        if (resourceServer.isConfigured() && authorization != null
                && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            ClientSecretBasic basic;
            try {
                basic = ClientSecretBasic.parse(authorization);
            } catch (ParseException | RuntimeException e) { // bad Base64 or percent-escapes inside it too
                throw OAuthError.invalidRequest("malformed HTTP Basic client authentication");
            }
            if (basic.getClientID().getValue().equals(resourceServer.clientId())) {
                ctx.attribute(ErrorRenderer.BASIC_USED, true);
                if (!params.containsKey("client_secret")
                        && resourceServer.matches(Secret.of(basic.getClientSecret().getValue()))) {
                    return clients.directory().tenantForHost(ExternalOrigin.of(ctx).authority()).orElseThrow(
                            () -> OAuthError.invalidRequest("no PBX customer answers on this hostname"));
                }
                throw OAuthError.invalidClient("unknown client or wrong client secret");
            }
        }
        return clients.authenticate(ctx, params).tenant();
    }
}
