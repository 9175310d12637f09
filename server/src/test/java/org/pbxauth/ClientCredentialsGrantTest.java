package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pbxauth.TestServer.PASSWORD_APP;
import static org.pbxauth.TestServer.PASSWORD_APP_SECRET;
import static org.pbxauth.TestServer.PUBLIC_APP;
import static org.pbxauth.TestServer.PUBLIC_APP_SECRET;
import static org.pbxauth.TestServer.TRUSTED_APP;
import static org.pbxauth.TestServer.TRUSTED_APP_SECRET;
import static org.pbxauth.TokenCalls.DEMO;
import static org.pbxauth.TokenCalls.OTHER;
import static org.pbxauth.TokenCalls.assertError;
import static org.pbxauth.TokenCalls.ok;
import static org.pbxauth.TokenCalls.s;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code grant_type=client_credentials} (RFC 6749 §4.4) for trusted apps: the token acts as the app's owner. */
class ClientCredentialsGrantTest {
    @RegisterExtension static final DemoServer demo = new DemoServer();

    /** The shape: exactly access_token, token_type Bearer, expires_in 3600, scope all; no refresh token. */
    private static Map<String, Object> assertShape(HttpResponse<String> r) {
        Map<String, Object> body = ok(r);
        assertThat(r.headers().firstValue("Pragma")).hasValue("no-cache");
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(ct -> assertThat(ct).startsWithIgnoringCase("application/json"));
        assertThat(body).containsOnlyKeys("access_token", "token_type", "expires_in", "scope");
        assertThat(s(body, "access_token")).matches("[A-Za-z0-9]{30}");
        assertThat(body.get("token_type")).isEqualTo("Bearer");
        assertThat(body.get("expires_in")).isInstanceOf(Number.class);
        assertThat(((Number) body.get("expires_in")).longValue()).isEqualTo(3600L);
        assertThat(body.get("scope")).isEqualTo("all");
        return body;
    }

    @Test
    void whenTrustedAppThenAccessTokenOnlyWithScopeAll() {
        assertShape(demo.api().clientCredentials(DEMO, TRUSTED_APP, TRUSTED_APP_SECRET));
    }

    @Test
    void whenTrustedAppAsksForScopeAllThenGranted() {
        assertShape(demo.api().clientCredentials(DEMO, TRUSTED_APP, TRUSTED_APP_SECRET, "scope", "all"));
    }

    @Test
    void whenTrustedAppAuthenticatesWithHttpBasicThenGranted() {
        assertShape(demo.api().post("/oauth/token", DEMO, TestServer.basic(TRUSTED_APP, TRUSTED_APP_SECRET),
                "grant_type", "client_credentials"));
    }

    @Test
    void whenClientCredentialsTokenUsedThenItActsAsTheAppsOwner() {
        String token = s(assertShape(demo.api().clientCredentials(DEMO, TRUSTED_APP, TRUSTED_APP_SECRET)), "access_token");
        Map<String, Object> me = demo.api().me(token);
        assertThat(me.get("login")).isEqualTo("user_name");
        assertThat(me.get("admin")).isEqualTo(false);
        // the trusted demo app has Call API access
        assertThat(me.get("access")).isEqualTo("call_api");
        // and only on its own customer
        assertThat(demo.api().user(OTHER, token).statusCode()).isEqualTo(401);
    }

    @Test
    void whenCalledTwiceThenTwoDistinctLiveTokens() {
        String a = s(assertShape(demo.api().clientCredentials(DEMO, TRUSTED_APP, TRUSTED_APP_SECRET)), "access_token");
        String b = s(assertShape(demo.api().clientCredentials(DEMO, TRUSTED_APP, TRUSTED_APP_SECRET)), "access_token");
        assertThat(a).isNotEqualTo(b);
        demo.api().assertLive(a);
        demo.api().assertLive(b);
    }

    @Test
    void whenPasswordAppUsesClientCredentialsThenUnauthorizedClient() {
        assertError(demo.api().clientCredentials(DEMO, PASSWORD_APP, PASSWORD_APP_SECRET), 400, "unauthorized_client");
    }

    @Test
    void whenPublicAppUsesClientCredentialsThenUnauthorizedClient() {
        assertError(demo.api().clientCredentials(DEMO, PUBLIC_APP, PUBLIC_APP_SECRET), 400, "unauthorized_client");
    }

    @Test
    void whenTrustedAppUsesPasswordGrantThenUnauthorizedClient() {
        assertError(demo.api().password(DEMO, TRUSTED_APP, TRUSTED_APP_SECRET, "user_name", "user_password"),
                400, "unauthorized_client");
    }

    @Test
    void whenScopeOtherThanAllThenInvalidScope() {
        assertError(demo.api().clientCredentials(DEMO, TRUSTED_APP, TRUSTED_APP_SECRET, "scope", "foo"), 400, "invalid_scope");
        assertError(demo.api().clientCredentials(DEMO, TRUSTED_APP, TRUSTED_APP_SECRET, "scope", "all foo"),
                400, "invalid_scope");
    }

    @Test
    void whenWrongSecretOrOtherCustomersHostThenInvalidClient() {
        assertError(demo.api().clientCredentials(DEMO, TRUSTED_APP, PUBLIC_APP_SECRET), 401, "invalid_client");
        // the demo trusted app does not exist for the other customer
        assertError(demo.api().clientCredentials(OTHER, TRUSTED_APP, TRUSTED_APP_SECRET), 401, "invalid_client");
    }
}
