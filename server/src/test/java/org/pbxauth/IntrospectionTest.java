package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pbxauth.TestServer.OTHER_APP;
import static org.pbxauth.TestServer.OTHER_APP_SECRET;
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
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /oauth/introspect} (RFC 7662), by an app of the Host's customer or by the resource
 * server's credential from the settings ({@code pbx-api} / {@code api-secret} here).
 */
class IntrospectionTest {
    private static final String RS_ID = "pbx-api";
    private static final String RS_SECRET = "api-secret";

    @TempDir static Path data;
    private static TestServer server;
    private static TokenCalls api;

    @BeforeAll
    static void start() {
        server = TestServer.start(data, Clock.systemUTC(), Map.of(
                "introspection.client-id", RS_ID,
                "introspection.secret-sha256", TokenCalls.sha256Hex(RS_SECRET)));
        api = new TokenCalls(server);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static Map<String, Object> active(HttpResponse<String> r) {
        assertThat(r.statusCode()).as("status of %s", r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(ct -> assertThat(ct).startsWithIgnoringCase("application/json"));
        Map<String, Object> body = Json.object(r.body());
        assertThat(body.get("active")).as("active in %s", r.body()).isEqualTo(true);
        return body;
    }

    private static void inactive(HttpResponse<String> r) {
        assertThat(r.statusCode()).as("status of %s", r.body()).isEqualTo(200);
        assertThat(Json.object(r.body())).as("RFC 7662 §2.2 for a token that is not live")
                .containsExactly(Map.entry("active", false));
    }

    private static long number(Map<String, Object> body, String key) {
        assertThat(body.get(key)).as("%s in %s", key, body).isInstanceOf(Number.class);
        return ((Number) body.get(key)).longValue();
    }

    private static HttpResponse<String> byResourceServer(String host, String secret, String token) {
        return api.post("/oauth/introspect", host, TestServer.basic(RS_ID, secret), "token", token);
    }

    @Test
    void whenLiveAccessTokenIntrospectedByAppOfSameCustomerThenEveryClaim() {
        long before = Instant.now().getEpochSecond();
        String access = s(api.login("user_name", "user_password"), "access_token");
        Map<String, Object> me = api.me(access);

        // by another app of the same customer (the public one), not the app the token was issued to
        Map<String, Object> body = active(api.introspect(DEMO, PUBLIC_APP, PUBLIC_APP_SECRET, access));
        assertThat(body.get("scope")).isEqualTo("all");
        assertThat(body.get("client_id")).isEqualTo(PASSWORD_APP);
        assertThat(body.get("username")).isEqualTo("user_name");
        assertThat(body.get("sub")).isEqualTo(String.valueOf(me.get("id")));
        assertThat(body.get("token_type")).isEqualTo("Bearer");
        long iat = number(body, "iat");
        assertThat(iat).isBetween(before - 1, Instant.now().getEpochSecond() + 1);
        assertThat(number(body, "exp") - iat).isEqualTo(3600L);
        // the user API's client_id is the customer's id
        assertThat(number(body, "customer_id")).isEqualTo(((Number) me.get("client_id")).longValue());
        assertThat(body.get("customer")).isEqualTo("Demo PBX");
        assertThat(body.get("user_level")).isEqualTo("extension");
        assertThat(body.get("admin")).isEqualTo(false);
        // the demo password app has access All
        assertThat(body.get("access")).isEqualTo("all");
    }

    @Test
    void whenAdminsTokenThenAdminAndClientLevel() {
        String access = s(api.login("admin", "admin_password"), "access_token");
        Map<String, Object> body = active(api.introspect(DEMO, PASSWORD_APP, PASSWORD_APP_SECRET, access));
        assertThat(body.get("username")).isEqualTo("admin");
        assertThat(body.get("admin")).isEqualTo(true);
        assertThat(body.get("user_level")).isEqualTo("client");
    }

    @Test
    void whenClientCredentialsTokenThenOwnerAndCallApiAccess() {
        String access = s(ok(api.clientCredentials(DEMO, TRUSTED_APP, TRUSTED_APP_SECRET)), "access_token");
        Map<String, Object> body = active(api.introspect(DEMO, TRUSTED_APP, TRUSTED_APP_SECRET, access));
        assertThat(body.get("client_id")).isEqualTo(TRUSTED_APP);
        assertThat(body.get("username")).isEqualTo("user_name");
        assertThat(body.get("access")).isEqualTo("call_api");
        assertThat(body.get("token_type")).isEqualTo("Bearer");
    }

    @Test
    void whenLiveRefreshTokenIntrospectedThenActiveWithItsLifetimeUntilSpent() {
        String refresh = s(api.login("user_name", "user_password"), "refresh_token");
        Map<String, Object> body = active(api.introspect(DEMO, PASSWORD_APP, PASSWORD_APP_SECRET, refresh));
        assertThat(body.get("client_id")).isEqualTo(PASSWORD_APP);
        assertThat(body.get("username")).isEqualTo("user_name");
        assertThat(body.get("token_type")).as("a refresh token is not a Bearer access token").isNotEqualTo("Bearer");
        // default idle lifetime: 30 days
        assertThat(number(body, "exp") - number(body, "iat")).isEqualTo(Duration.ofDays(30).toSeconds());

        // once rotated it is spent, and no longer active
        ok(api.refresh(refresh));
        inactive(api.introspect(DEMO, PASSWORD_APP, PASSWORD_APP_SECRET, refresh));
    }

    @Test
    void whenRevokedOrUnknownThenExactlyActiveFalse() {
        Map<String, Object> login = api.login("user_name", "user_password");
        String access = s(login, "access_token");
        active(api.introspect(DEMO, PASSWORD_APP, PASSWORD_APP_SECRET, access));
        assertThat(api.revoke(DEMO, PASSWORD_APP, PASSWORD_APP_SECRET, "token", access).statusCode()).isEqualTo(200);
        inactive(api.introspect(DEMO, PASSWORD_APP, PASSWORD_APP_SECRET, access));

        String refresh = s(login, "refresh_token");
        active(api.introspect(DEMO, PASSWORD_APP, PASSWORD_APP_SECRET, refresh));
        assertThat(api.revoke(DEMO, PASSWORD_APP, PASSWORD_APP_SECRET, "token", refresh).statusCode()).isEqualTo(200);
        inactive(api.introspect(DEMO, PASSWORD_APP, PASSWORD_APP_SECRET, refresh));

        inactive(api.introspect(DEMO, PASSWORD_APP, PASSWORD_APP_SECRET, "NoSuchTokenNoSuchTokenNoSuchTo"));
    }

    @Test
    void whenOtherCustomersTokenIntrospectedOnDemoHostThenActiveFalse() {
        String access = s(ok(api.password(OTHER, OTHER_APP, OTHER_APP_SECRET, "user_name", "other_password")),
                "access_token");
        // live for its own customer
        Map<String, Object> own = active(api.introspect(OTHER, OTHER_APP, OTHER_APP_SECRET, access));
        assertThat(own.get("customer")).isEqualTo("Other PBX");
        // a stranger to the demo customer, for its apps and for the resource server on its hostname
        inactive(api.introspect(DEMO, PASSWORD_APP, PASSWORD_APP_SECRET, access));
        inactive(byResourceServer(DEMO, RS_SECRET, access));
    }

    @Test
    void whenResourceServerCredentialThenIntrospectsTheHostsTokens() {
        String access = s(api.login("user_name", "user_password"), "access_token");
        Map<String, Object> body = active(byResourceServer(DEMO, RS_SECRET, access));
        assertThat(body.get("username")).isEqualTo("user_name");
        assertThat(body.get("client_id")).isEqualTo(PASSWORD_APP);
        assertThat(body.get("customer")).isEqualTo("Demo PBX");
        assertThat(body.get("access")).isEqualTo("all");
        // the same credential on the other customer's hostname sees only that customer's tokens
        inactive(byResourceServer(OTHER, RS_SECRET, access));
    }

    @Test
    void whenResourceServerSecretWrongThenInvalidClientWithBasicChallenge() {
        String access = s(api.login("user_name", "user_password"), "access_token");
        HttpResponse<String> r = byResourceServer(DEMO, "not-the-secret", access);
        assertError(r, 401, "invalid_client");
        assertThat(r.headers().allValues("WWW-Authenticate"))
                .singleElement().satisfies(v -> assertThat(v).matches("(?i)basic( .*)?"));
        assertThat(r.body()).doesNotContain("user_name");
    }

    @Test
    void whenAppCredentialsWrongOrMissingThenInvalidClient() {
        String access = s(api.login("user_name", "user_password"), "access_token");
        assertError(api.introspect(DEMO, PASSWORD_APP, PUBLIC_APP_SECRET, access), 401, "invalid_client");
        assertError(api.post("/oauth/introspect", DEMO, null, "token", access), 401, "invalid_client");
        // the other customer's app is unknown on the demo hostname
        assertError(api.introspect(DEMO, OTHER_APP, OTHER_APP_SECRET, access), 401, "invalid_client");
    }

    @Test
    void whenTokenParameterMissingThenInvalidRequest() {
        assertError(api.post("/oauth/introspect", DEMO, null, "client_id", PASSWORD_APP,
                "client_secret", PASSWORD_APP_SECRET), 400, "invalid_request");
    }

    @Test
    void whenTokensExpireThenActiveFalse(@TempDir Path dir) {
        MutableClock clock = new MutableClock();
        try (TestServer fresh = TestServer.start(dir, clock, Map.of())) {
            TokenCalls c = new TokenCalls(fresh);
            Map<String, Object> login = c.login("user_name", "user_password");
            String access = s(login, "access_token");
            clock.advance(Duration.ofSeconds(3599));
            c.assertLive(access);
            clock.advance(Duration.ofSeconds(2)); // an hour and a second after the login
            c.assertDead(access);
            // the refresh token lives on (30 days idle), then expires too
            assertThat(c.introspect(s(login, "refresh_token")).get("active")).isEqualTo(true);
            clock.advance(Duration.ofDays(30));
            c.assertInactive(s(login, "refresh_token"));
        }
    }
}
