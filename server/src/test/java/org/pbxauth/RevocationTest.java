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
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code POST /oauth/revoke} (RFC 7009): an authenticated app revokes its own access or refresh token. */
class RevocationTest {
    @RegisterExtension static final DemoServer demo = new DemoServer();

    private static HttpResponse<String> revokeByPasswordApp(String... params) {
        return demo.api().revoke(DEMO, PASSWORD_APP, PASSWORD_APP_SECRET, params);
    }

    /** RFC 7009 §2.2: 200, never cached. */
    private static void assertRevoked(HttpResponse<String> r) {
        assertThat(r.statusCode()).as("status of %s", r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    @Test
    void whenOwnAccessTokenRevokedThen200AndTokenRefused() {
        String access = s(demo.api().login("user_name", "user_password"), "access_token");
        demo.api().assertLive(access);
        assertRevoked(revokeByPasswordApp("token", access));
        demo.api().assertDead(access);
        // revoking it again is as quiet as revoking an unknown token
        assertRevoked(revokeByPasswordApp("token", access));
    }

    @Test
    void whenOwnRefreshTokenRevokedThenWholeFamilyDead() {
        Map<String, Object> login = demo.api().login("user_name", "user_password");
        String a0 = s(login, "access_token");
        Map<String, Object> rotated = ok(demo.api().refresh(s(login, "refresh_token")));
        String a1 = s(rotated, "access_token");
        String r1 = s(rotated, "refresh_token");
        demo.api().assertLive(a0);
        demo.api().assertLive(a1);

        assertRevoked(revokeByPasswordApp("token", r1));
        demo.api().assertDead(a0);
        demo.api().assertDead(a1);
        demo.api().assertInactive(r1);
        assertError(demo.api().refresh(r1), 400, "invalid_grant");
    }

    @Test
    void whenUnknownTokenThen200() {
        assertRevoked(revokeByPasswordApp("token", "NoSuchTokenNoSuchTokenNoSuchTo"));
        assertRevoked(revokeByPasswordApp("token", "x", "token_type_hint", "refresh_token"));
    }

    /**
     * RFC 7009 §2.1: the server "verifies whether the token was issued to the client making the
     * revocation request. If this validation fails, the request is refused". pbx-auth refuses
     * with 400 unauthorized_client, and the token lives on.
     */
    @Test
    void whenTokenOfAnotherAppThenRefusedAndTokenStillLive() {
        Map<String, Object> login = demo.api().login("user_name", "user_password");
        String access = s(login, "access_token");
        assertError(demo.api().revoke(DEMO, PUBLIC_APP, PUBLIC_APP_SECRET, "token", access), 400, "unauthorized_client");
        assertError(demo.api().revoke(DEMO, TRUSTED_APP, TRUSTED_APP_SECRET, "token", s(login, "refresh_token")),
                400, "unauthorized_client");
        demo.api().assertLive(access);
        ok(demo.api().refresh(s(login, "refresh_token")));
    }

    @Test
    void whenTokenOfAnotherCustomerThenRefusedAndTokenStillLive() {
        String access = s(ok(demo.api().password(OTHER, OTHER_APP, OTHER_APP_SECRET, "user_name", "other_password")),
                "access_token");
        assertError(revokeByPasswordApp("token", access), 400, "unauthorized_client");
        assertThat(demo.api().user(OTHER, access).statusCode()).isEqualTo(200);
    }

    @Test
    void whenTokenParameterMissingThenInvalidRequest() {
        assertError(revokeByPasswordApp(), 400, "invalid_request");
        assertError(revokeByPasswordApp("token", ""), 400, "invalid_request");
    }

    @Test
    void whenClientAuthenticationFailsThenInvalidClient() {
        String access = s(demo.api().login("user_name", "user_password"), "access_token");
        // credentials in the body: 401 without a challenge
        HttpResponse<String> body = demo.api().revoke(DEMO, PASSWORD_APP, PUBLIC_APP_SECRET, "token", access);
        assertError(body, 401, "invalid_client");
        assertThat(body.headers().firstValue("WWW-Authenticate")).isEmpty();
        // HTTP Basic: 401 with a Basic challenge (RFC 6749 §5.2)
        HttpResponse<String> basic = demo.api().post("/oauth/revoke", DEMO, TestServer.basic(PASSWORD_APP, "wrong"),
                "token", access);
        assertError(basic, 401, "invalid_client");
        assertThat(basic.headers().allValues("WWW-Authenticate"))
                .singleElement().satisfies(v -> assertThat(v).startsWithIgnoringCase("Basic"));
        // no credentials at all
        assertError(demo.api().post("/oauth/revoke", DEMO, null, "token", access), 401, "invalid_client");
        // the app on another customer's hostname
        assertError(demo.api().revoke(OTHER, PASSWORD_APP, PASSWORD_APP_SECRET, "token", access), 401, "invalid_client");
        demo.api().assertLive(access);
    }

    @Test
    void whenTokenTypeHintGivenThenAcceptedEvenWhenWrong() {
        Map<String, Object> one = demo.api().login("user_name", "user_password");
        assertRevoked(revokeByPasswordApp("token", s(one, "access_token"), "token_type_hint", "access_token"));
        demo.api().assertDead(s(one, "access_token"));

        Map<String, Object> two = demo.api().login("user_name", "user_password");
        assertRevoked(revokeByPasswordApp("token", s(two, "refresh_token"), "token_type_hint", "refresh_token"));
        demo.api().assertDead(s(two, "access_token"));

        // §2.1: the hint is only a hint; a wrong one still finds the token
        Map<String, Object> three = demo.api().login("user_name", "user_password");
        assertRevoked(revokeByPasswordApp("token", s(three, "refresh_token"), "token_type_hint", "access_token"));
        assertError(demo.api().refresh(s(three, "refresh_token")), 400, "invalid_grant");
        demo.api().assertDead(s(three, "access_token"));
    }

    @Test
    void whenRevokedWithHttpBasicThen200() {
        String access = s(demo.api().login("user_name", "user_password"), "access_token");
        assertRevoked(demo.api().post("/oauth/revoke", DEMO, TestServer.basic(PASSWORD_APP, PASSWORD_APP_SECRET),
                "token", access));
        demo.api().assertDead(access);
    }

    @Test
    void whenTrustedAppRevokesItsClientCredentialsTokenThenTokenRefused() {
        String access = s(ok(demo.api().clientCredentials(DEMO, TRUSTED_APP, TRUSTED_APP_SECRET)), "access_token");
        demo.api().assertLive(access);
        assertRevoked(demo.api().revoke(DEMO, TRUSTED_APP, TRUSTED_APP_SECRET, "token", access));
        demo.api().assertDead(access);
    }
}
