package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pbxauth.OAuthAssert.assertClientError;
import static org.pbxauth.OAuthAssert.assertError;
import static org.pbxauth.TestServer.DEMO_HOST;
import static org.pbxauth.TestServer.OTHER_APP;
import static org.pbxauth.TestServer.OTHER_APP_SECRET;
import static org.pbxauth.TestServer.OTHER_HOST;
import static org.pbxauth.TestServer.PASSWORD_APP;
import static org.pbxauth.TestServer.PASSWORD_APP_SECRET;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pbxauth.directory.NewUser;
import org.pbxauth.directory.PbxUser;
import org.pbxauth.directory.Tenant;
import org.pbxauth.directory.UserLevel;
import org.pbxauth.secrets.Secret;

/**
 * {@code GET /api/ver1.0/user/} (RFC 6750 §2.1, §3): the token's user in the vendor's shape, and
 * the Bearer challenges for no token, an unknown, expired or foreign one. The server runs on a
 * {@link MutableClock}; only the expiry test moves it, and every test logs in afresh at "now".
 */
class UserApiTest {
    private static final String[] VENDOR_KEYS = {"id", "login", "client_id", "admin", "access", "extension_id",
            "extension_group_id", "timezone", "dealer_id", "extra_params"};

    @TempDir static Path data;
    private static final MutableClock clock = new MutableClock();
    private static TestServer server;
    private static Tenant demo;
    private static Tenant other;

    @BeforeAll
    static void start() {
        server = TestServer.start(data, clock, Map.of());
        demo = server.node().services().tenants().findByName("Demo PBX").orElseThrow();
        other = server.node().services().tenants().findByName("Other PBX").orElseThrow();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String demoToken(String user, String password) {
        return server.accessToken(DEMO_HOST, PASSWORD_APP, PASSWORD_APP_SECRET, user, password);
    }

    private static String otherToken() {
        return server.accessToken(OTHER_HOST, OTHER_APP, OTHER_APP_SECRET, "user_name", "other_password");
    }

    private static PbxUser stored(Tenant tenant, String login) {
        return server.node().services().users().findByLogin(tenant.id(), login).orElseThrow();
    }

    private static Map<String, Object> assertVendorUser(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(ct -> assertThat(ct).startsWithIgnoringCase("application/json"));
        Map<String, Object> body = Json.object(r.body());
        assertThat(body).containsOnlyKeys(VENDOR_KEYS);
        return body;
    }

    private static long number(Object o) {
        assertThat(o).isInstanceOf(Number.class);
        return ((Number) o).longValue();
    }

    @Test
    void whenUserTokenThenTheVendorsShapeWithTheUsersValues() {
        PbxUser user = stored(demo, "user_name");
        Map<String, Object> body = assertVendorUser(server.user(DEMO_HOST, "Bearer " + demoToken("user_name", "user_password")));
        assertThat(number(body.get("id"))).isEqualTo(user.id());
        assertThat(body.get("login")).isEqualTo("user_name");
        assertThat(number(body.get("client_id"))).isEqualTo(demo.id());
        assertThat(body.get("admin")).isEqualTo(false);
        assertThat(body.get("access")).isEqualTo("full"); // the demo password app has access All
        assertThat(number(body.get("extension_id"))).isEqualTo(100L);
        assertThat(body.get("extension_group_id")).isNull();
        assertThat(body.get("timezone")).isEqualTo("UTC");
        assertThat(body.get("dealer_id")).isNull();
        assertThat(body.get("extra_params")).isNull();
    }

    @Test
    void whenAdminTokenThenTheVendorsShapeWithTheAdminsValues() {
        PbxUser admin = stored(demo, "admin");
        Map<String, Object> body = assertVendorUser(server.user(DEMO_HOST, "Bearer " + demoToken("admin", "admin_password")));
        assertThat(number(body.get("id"))).isEqualTo(admin.id()).isNotEqualTo(stored(demo, "user_name").id());
        assertThat(body.get("login")).isEqualTo("admin");
        assertThat(number(body.get("client_id"))).isEqualTo(demo.id());
        assertThat(body.get("admin")).isEqualTo(true);
        assertThat(body.get("access")).isEqualTo("full");
        assertThat(body.get("extension_id")).isNull();
        assertThat(body.get("extension_group_id")).isNull();
        assertThat(body.get("timezone")).isEqualTo("UTC");
        assertThat(body.get("dealer_id")).isNull();
        assertThat(body.get("extra_params")).isNull();
    }

    @Test
    void whenPathHasNoTrailingSlashThenTheSameAnswer() {
        HttpResponse<String> r = server.request("GET", "/api/ver1.0/user", DEMO_HOST, null,
                "Authorization", "Bearer " + demoToken("user_name", "user_password"));
        assertThat(assertVendorUser(r).get("login")).isEqualTo("user_name");
    }

    @Test
    void whenNoAuthorizationThen401WithABearerChallengeAndNoErrorCode() {
        HttpResponse<String> r = server.user(DEMO_HOST, null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        // RFC 6750 §3.1: a request without authentication information gets no error code
        assertThat(r.headers().allValues("WWW-Authenticate")).singleElement()
                .satisfies(v -> assertThat(v).matches("Bearer realm=\"[^\"]+\""));
    }

    @Test
    void whenTokenUnknownThen401InvalidToken() {
        assertInvalidToken(server.user(DEMO_HOST, "Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
    }

    @Test
    void whenRefreshTokenPresentedAsAccessTokenThen401InvalidToken() {
        Map<String, Object> tokens = server.login(DEMO_HOST, PASSWORD_APP, PASSWORD_APP_SECRET, "user_name", "user_password");
        assertInvalidToken(server.user(DEMO_HOST, "Bearer " + tokens.get("refresh_token")));
    }

    @Test
    void whenTokenExpiredThen401InvalidToken() {
        String token = demoToken("user_name", "user_password");
        clock.advance(Duration.ofSeconds(3599));
        assertVendorUser(server.user(DEMO_HOST, "Bearer " + token)); // still within expires_in
        clock.advance(Duration.ofSeconds(2));
        assertInvalidToken(server.user(DEMO_HOST, "Bearer " + token));
    }

    @Test
    void whenDemoTokenOnTheOtherCustomersHostThen401InvalidToken() {
        String token = demoToken("user_name", "user_password");
        assertVendorUser(server.user(DEMO_HOST, "Bearer " + token));
        assertInvalidToken(server.user(OTHER_HOST, "Bearer " + token));
    }

    @Test
    void whenOtherCustomersTokenOnTheDemoHostThen401InvalidToken() {
        String token = otherToken();
        Map<String, Object> own = assertVendorUser(server.user(OTHER_HOST, "Bearer " + token));
        assertThat(own.get("login")).isEqualTo("user_name");
        assertThat(number(own.get("client_id"))).isEqualTo(other.id());
        assertThat(number(own.get("id"))).isEqualTo(stored(other, "user_name").id());
        assertInvalidToken(server.user(DEMO_HOST, "Bearer " + token));
        assertInvalidToken(server.user(null, "Bearer " + token)); // 127.0.0.1 is the demo customer too
    }

    @Test
    void whenHostIsNoCustomerThen401InvalidToken() {
        assertInvalidToken(server.user("nobody.example", "Bearer " + demoToken("user_name", "user_password")));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Token abc"})
    void whenAuthorizationIsNotABearerTokenThen400InvalidRequest(String authorization) {
        HttpResponse<String> r = server.user(DEMO_HOST, authorization);
        assertError(r, 400, "invalid_request");
        assertThat(r.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer ").contains("error=\"invalid_request\""));
    }

    /** The vendor: 403 with status user_blocked for a user blocked after the token was issued. */
    @Test
    void whenUserBlockedAfterLoginThen403UserBlockedNotCached() throws Exception {
        Services s = server.node().services();
        s.users().create(new NewUser(demo.id(), "blocked_later", UserLevel.EXTENSION, false, "UTC", 102L, null,
                s.passwords().hash(Secret.of("blocked_later_password"))));
        String token = demoToken("blocked_later", "blocked_later_password");
        assertVendorUser(server.user(DEMO_HOST, "Bearer " + token));
        try (Connection c = s.database().dataSource().getConnection();
             PreparedStatement st = c.prepareStatement("UPDATE users SET blocked = TRUE WHERE tenant_id = ? AND login = ?")) {
            st.setLong(1, demo.id());
            st.setString(2, "blocked_later");
            assertThat(st.executeUpdate()).isEqualTo(1);
        }
        HttpResponse<String> r = server.user(DEMO_HOST, "Bearer " + token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
        assertThat(Json.object(r.body()).get("status")).isEqualTo("user_blocked");
        assertThat(r.headers().firstValue("Cache-Control")).as("Cache-Control").hasValue("no-store");
    }

    @Test
    void whenRandomAuthorizationHeadersThenAlways4xxNever5xx() {
        Random random = new Random(20_240_602L);
        String printable = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 -._~+/=%\"',;:!?*()[]{}<>\\";
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            StringBuilder value = new StringBuilder(i % 2 == 0 ? "Bearer " : "");
            int length = random.nextInt(i % 10 == 0 ? 3000 : 60);
            for (int j = 0; j < length; j++) {
                value.append(printable.charAt(random.nextInt(printable.length())));
            }
            String header = value.toString().strip();
            HttpResponse<String> r = header.isEmpty() ? server.user(DEMO_HOST, null) : server.user(DEMO_HOST, header);
            try {
                assertClientError(r, "Authorization " + header);
            } catch (AssertionError e) {
                failures.add(e.getMessage());
            }
        }
        assertThat(failures).isEmpty();
    }

    private static void assertInvalidToken(HttpResponse<String> r) {
        assertError(r, 401, "invalid_token");
        assertThat(r.headers().allValues("WWW-Authenticate")).singleElement()
                .satisfies(v -> assertThat(v).startsWith("Bearer realm=\"").contains("error=\"invalid_token\""));
    }
}
