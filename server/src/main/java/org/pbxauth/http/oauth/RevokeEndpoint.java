package org.pbxauth.http.oauth;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Map;
import org.pbxauth.grants.OAuthError;
import org.pbxauth.http.Answer;
import org.pbxauth.http.ops.Audit;
import org.pbxauth.secrets.Secret;
import org.pbxauth.tokens.TokenService;

/** {@code POST /oauth/revoke} (RFC 7009): an app revokes its own access or refresh token. */
final class RevokeEndpoint implements Handler {
    private final ClientAuthenticator clients;
    private final TokenService tokens;

    RevokeEndpoint(ClientAuthenticator clients, TokenService tokens) {
        this.clients = clients;
        this.tokens = tokens;
    }

    @Override
    public void handle(Context ctx) {
        Map<String, String> params = clients.form(ctx);
        ClientAuthenticator.Client client = clients.authenticate(ctx, params);
        String value = params.get("token");
        if (value == null || value.isEmpty()) {
            throw OAuthError.invalidRequest("missing parameter: token"); // RFC 7009 §2.1 "token REQUIRED"
        }
        // token_type_hint is optional and only a hint (§2.1): the hash finds either kind.
        tokens.find(Secret.of(value)).ifPresent(token -> {
            // §2.1: the server "verifies whether the token was issued to the client making the
            // revocation request. If this validation fails, the request is refused".
            if (token.appId() != client.app().id() || token.tenantId() != client.tenant().id()) {
                throw OAuthError.unauthorizedClient("the token was not issued to this client");
            }
            tokens.revoke(token);
            Audit.revoked(ctx, token.tenantId(), client.app().clientId(), token.userId(), token.kind().name());
        });
        // §2.2: "invalid tokens do not cause an error response" — unknown or dead, the answer is 200.
        Answer.json(ctx.status(200), "{}");
    }
}
