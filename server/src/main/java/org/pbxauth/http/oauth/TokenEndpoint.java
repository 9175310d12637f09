package org.pbxauth.http.oauth;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
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
    /** The most of a refused body read and dropped, Tomcat's default maxSwallowSize. */
    private static final long SWALLOW_BYTES = 2L * 1024 * 1024;

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
    /**
     * The form of a POST to an OAuth endpoint: only {@code application/x-www-form-urlencoded}
     * (RFC 6749 §3.2), nothing in the query string (credentials there end up in access logs), and
     * at most {@code maxBodyBytes}.
     */
    static Map<String, String> readForm(Context ctx, FormBody form, int maxBodyBytes) {
        String query = ctx.queryString();
        if (query != null && !query.isEmpty()) {
            throw OAuthError.invalidRequest("parameters belong in the form body, not in the query string");
        }
        String contentType = ctx.contentType();
        if (contentType == null || !isForm(contentType)) {
            throw OAuthError.invalidRequest("the body must be application/x-www-form-urlencoded");
        }
        long declaredLength = ctx.req().getContentLengthLong();
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] body = FormBody.read(in, declaredLength, maxBodyBytes);
            if (body.length > maxBodyBytes) {
                swallow(in, declaredLength);
                throw OAuthError.requestTooLarge("the form body is larger than " + maxBodyBytes + " bytes");
            }
            return form.parse(body);
        } catch (IOException e) {
            throw OAuthError.invalidRequest("the request body could not be read");
        }
    }

    /**
     * Reads and drops the rest of a refused body of at most {@link #SWALLOW_BYTES} declared, as
     * Tomcat's maxSwallowSize does: a client still sending it then reads the 413. Closing with its
     * bytes unread makes the kernel reset the connection, and the reset can reach the client
     * before the answer (a test sending 2 MiB saw "received no bytes" once). A larger or
     * undeclared body is left to Jetty, which closes the connection after the answer.
     */
    private static void swallow(InputStream in, long declaredLength) {
        if (declaredLength < 0 || declaredLength > SWALLOW_BYTES) {
            return;
        }
        try {
            in.transferTo(OutputStream.nullOutputStream()); // ends at Content-Length
        } catch (IOException e) {
            // the client went away: nothing to answer anyway
        }
    }

    private static boolean isForm(String contentType) {
        String[] parts = contentType.toLowerCase(Locale.ROOT).split(";");
        // "Content-Type: ;" splits into nothing at all (found by the fuzzer: it was a 500)
        if (parts.length == 0 || !parts[0].trim().equals("application/x-www-form-urlencoded")) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            if (p.startsWith("charset=") && !p.substring(8).replace("\"", "").equals("utf-8")) {
                return false;
            }
        }
        return true;
    }

    private static String render(TokenResponse response) {
        IssuedTokens issued = response.tokens();
        BearerAccessToken access = new BearerAccessToken(issued.accessToken().reveal(),
                issued.expiresIn().toSeconds(), Scope.parse(response.scope()));
        RefreshToken refresh = issued.refreshToken().map(r -> new RefreshToken(r.reveal())).orElse(null);
        return new AccessTokenResponse(new Tokens(access, refresh)).toJSONObject().toJSONString();
    }
}
