package org.pbxauth.http.oauth;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.pbxauth.grants.Grant;
import org.pbxauth.grants.OAuthError;
import org.pbxauth.grants.TokenRequest;
import org.pbxauth.grants.TokenResponse;
import org.pbxauth.http.Answer;
import org.pbxauth.http.ClientAddress;
import org.pbxauth.http.FormBody;
import org.pbxauth.http.FormRequest;
import org.pbxauth.http.errors.ErrorRenderer;
import org.pbxauth.http.ops.Audit;
import org.pbxauth.http.ops.RequestMetrics;
import org.pbxauth.tokens.IssuedTokens;

/**
 * {@code POST /oauth/token} (RFC 6749 §3.2): parses the form, finds the customer by Host,
 * authenticates the app, dispatches to the grant for {@code grant_type}, renders the answer.
 * Nothing here knows a particular grant.
 */
public final class TokenEndpoint implements Handler {

    private final ClientAuthenticator clients;
    private final Map<String, Grant> grants;

    TokenEndpoint(ClientAuthenticator clients, List<Grant> grants) {
        this.clients = clients;
        this.grants = grants.stream().collect(Collectors.toUnmodifiableMap(Grant::grantType, Function.identity()));
    }

    @Override
    public void handle(Context ctx) {
        Map<String, String> params = clients.form(ctx);
        // RFC 6749 §4.3.2 and siblings: "grant_type REQUIRED".
        String grantType = params.get("grant_type");
        if (grantType == null || grantType.isEmpty()) {
            throw OAuthError.invalidRequest("missing parameter: grant_type");
        }
        Grant grant = grants.get(grantType);
        if (grant != null) {
            ctx.attribute(RequestMetrics.GRANT, grantType); // only known names: bounded metric labels
        }
        if (params.get("username") != null) {
            ctx.attribute(ErrorRenderer.USER_TRIED, params.get("username")); // a login, never the password
        }
        ClientAuthenticator.Client client = clients.authenticate(ctx, params);
        if (grant == null) {
            throw OAuthError.unsupportedGrantType("grant_type " + FormBody.printable(grantType) + " is not supported");
        }
        if (!grant.appTypes().contains(client.app().type())) {
            throw OAuthError.unauthorizedClient("an app of type " + client.app().type().wireName()
                    + " may not use grant_type " + grantType);
        }
        Map<String, String> grantParams = new HashMap<>(params);
        grantParams.remove("client_secret"); // credentials are not passed around past authentication
        TokenResponse response = grant.handle(
                new TokenRequest(client.tenant(), client.app(), grantType, grantParams, ClientAddress.of(ctx)));
        Audit.issued(ctx, grantType, client.tenant().id(), client.app().clientId(), response.tokens().userId());
        Answer.json(ctx, render(response));
    }
    /** The form of a POST to an OAuth endpoint ({@link FormRequest}). */
    static Map<String, String> readForm(Context ctx, FormBody form, int maxBodyBytes) {
        return FormRequest.read(ctx, form, maxBodyBytes);
    }

    private static String render(TokenResponse response) {
        IssuedTokens issued = response.tokens();
        BearerAccessToken access = new BearerAccessToken(issued.accessToken().reveal(),
                issued.expiresIn().toSeconds(), Scope.parse(response.scope()));
        RefreshToken refresh = issued.refreshToken().map(r -> new RefreshToken(r.reveal())).orElse(null);
        return new AccessTokenResponse(new Tokens(access, refresh)).toJSONObject().toJSONString();
    }
}
