package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pbxauth.OAuthAssert.assertBasicChallenge;
import static org.pbxauth.OAuthAssert.assertError;
import static org.pbxauth.OAuthAssert.assertNoChallenge;
import static org.pbxauth.OAuthAssert.assertSeedTokens;
import static org.pbxauth.TestServer.DEMO_HOST;
import static org.pbxauth.TestServer.OTHER_APP;
import static org.pbxauth.TestServer.OTHER_APP_SECRET;
import static org.pbxauth.TestServer.OTHER_HOST;
import static org.pbxauth.TestServer.PASSWORD_APP;
import static org.pbxauth.TestServer.PASSWORD_APP_SECRET;
import static org.pbxauth.TestServer.basic;
import static org.pbxauth.TestServer.encode;
import static org.pbxauth.TestServer.form;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The two demo customers share a login name ({@code user_name}) but nothing else: the Host picks
 * the customer, and its users, apps and tokens are nothing on the other one.
 */
class TenantIsolationTest {
    @RegisterExtension static final DemoServer demo = new DemoServer();

    private static HttpResponse<String> login(String host, String app, String secret, String user, String password) {
        return demo.server().token(host, encode(form("grant_type", "password", "client_id", app, "client_secret", secret,
                "username", user, "password", password)), null);
    }

    @ParameterizedTest(name = "Host: {0}")
    @ValueSource(strings = {"localhost", "127.0.0.1", "LOCALHOST", "localhost:8080", "localhost."})
    void whenDemoPasswordOnADemoHostnameThenTokens(String host) {
        assertSeedTokens(login(host, PASSWORD_APP, PASSWORD_APP_SECRET, "user_name", "user_password"));
    }

    @Test
    void whenDemoPasswordOnTheOtherCustomerThenInvalidGrant() {
        assertError(login(OTHER_HOST, OTHER_APP, OTHER_APP_SECRET, "user_name", "user_password"), 400, "invalid_grant");
    }

    @ParameterizedTest(name = "Host: {0}")
    @ValueSource(strings = {"pbx2.localhost", "PBX2.localhost", "pbx2.localhost:443"})
    void whenOtherPasswordWithOtherAppOnTheOtherCustomerThenTokens(String host) {
        assertSeedTokens(login(host, OTHER_APP, OTHER_APP_SECRET, "user_name", "other_password"));
    }

    @Test
    void whenOtherPasswordOnTheDemoCustomerThenInvalidGrant() {
        assertError(login(DEMO_HOST, PASSWORD_APP, PASSWORD_APP_SECRET, "user_name", "other_password"), 400, "invalid_grant");
    }

    @Test
    void whenDemoAdminPasswordOnTheOtherCustomerThenInvalidGrant() {
        assertSeedTokens(login(DEMO_HOST, PASSWORD_APP, PASSWORD_APP_SECRET, "admin", "admin_password"));
        assertError(login(OTHER_HOST, OTHER_APP, OTHER_APP_SECRET, "admin", "admin_password"), 400, "invalid_grant");
    }

    @Test
    void whenOtherAppOnTheDemoHostThenInvalidClient() {
        HttpResponse<String> r = login(DEMO_HOST, OTHER_APP, OTHER_APP_SECRET, "user_name", "other_password");
        assertError(r, 401, "invalid_client");
        assertNoChallenge(r);
    }

    @Test
    void whenOtherAppWithBasicOnTheDemoHostThenInvalidClientWithChallenge() {
        Map<String, String> f = form("grant_type", "password", "username", "user_name", "password", "user_password");
        HttpResponse<String> r = demo.server().token(DEMO_HOST, encode(f), basic(OTHER_APP, OTHER_APP_SECRET));
        assertError(r, 401, "invalid_client");
        assertBasicChallenge(r);
    }

    @Test
    void whenDemoAppOnTheOtherHostThenInvalidClient() {
        assertError(login(OTHER_HOST, PASSWORD_APP, PASSWORD_APP_SECRET, "user_name", "other_password"), 401, "invalid_client");
    }

    @Test
    void whenSameLoginOnBothCustomersThenTwoDifferentUsers() {
        String demoToken = (String) assertSeedTokens(
                login(DEMO_HOST, PASSWORD_APP, PASSWORD_APP_SECRET, "user_name", "user_password")).get("access_token");
        String otherToken = (String) assertSeedTokens(
                login(OTHER_HOST, OTHER_APP, OTHER_APP_SECRET, "user_name", "other_password")).get("access_token");
        Map<String, Object> demoUser = Json.object(demo.server().user(DEMO_HOST, "Bearer " + demoToken).body());
        Map<String, Object> otherUser = Json.object(demo.server().user(OTHER_HOST, "Bearer " + otherToken).body());
        assertThat(demoUser.get("login")).isEqualTo("user_name");
        assertThat(otherUser.get("login")).isEqualTo("user_name");
        assertThat(otherUser.get("id")).isNotEqualTo(demoUser.get("id"));
        assertThat(otherUser.get("client_id")).isNotEqualTo(demoUser.get("client_id"));
        assertError(demo.server().user(OTHER_HOST, "Bearer " + demoToken), 401, "invalid_token");
        assertError(demo.server().user(DEMO_HOST, "Bearer " + otherToken), 401, "invalid_token");
    }
}
