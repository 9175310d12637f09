package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pbxauth.OAuthAssert.assertSeedTokens;
import static org.pbxauth.TestServer.OTHER_APP;
import static org.pbxauth.TestServer.OTHER_APP_SECRET;
import static org.pbxauth.TestServer.OTHER_HOST;
import static org.pbxauth.TestServer.PASSWORD_APP;
import static org.pbxauth.TestServer.PASSWORD_APP_SECRET;
import static org.pbxauth.TestServer.basic;
import static org.pbxauth.TestServer.encode;
import static org.pbxauth.TestServer.form;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The two ways an app authenticates at the token endpoint: HTTP Basic (RFC 6749 §2.3.1,
 * {@code client_secret_basic}) and {@code client_id}/{@code client_secret} in the body (the seed's
 * way, {@code client_secret_post}). Both answer the seed's shape.
 */
class ClientAuthenticationTest {
    @RegisterExtension static final DemoServer demo = new DemoServer();

    private static Map<String, String> userForm() {
        return form("grant_type", "password", "username", "user_name", "password", "user_password");
    }

    @Test
    void whenCredentialsInBodyThenSeedTokens() {
        Map<String, String> f = form("grant_type", "password", "client_id", PASSWORD_APP,
                "client_secret", PASSWORD_APP_SECRET, "username", "user_name", "password", "user_password");
        assertSeedTokens(demo.server().token(null, encode(f), null));
    }

    @Test
    void whenCredentialsInBasicThenSeedTokens() {
        assertSeedTokens(demo.server().token(null, encode(userForm()), basic(PASSWORD_APP, PASSWORD_APP_SECRET)));
    }

    @Test
    void whenBasicAndTheSameClientIdInBodyThenSeedTokens() {
        Map<String, String> f = userForm();
        f.put("client_id", PASSWORD_APP);
        assertSeedTokens(demo.server().token(null, encode(f), basic(PASSWORD_APP, PASSWORD_APP_SECRET)));
    }

    /** RFC 7235 §2.1: the auth-scheme is case-insensitive. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"basic", "BASIC", "bAsIc"})
    void whenBasicSchemeInAnyCaseThenSeedTokens(String scheme) {
        String credentials = basic(PASSWORD_APP, PASSWORD_APP_SECRET).substring("Basic ".length());
        assertSeedTokens(demo.server().token(null, encode(userForm()), scheme + " " + credentials));
    }

    /** RFC 6749 §2.3.1: id and secret are form-urlencoded before Base64, so the server decodes them. */
    @Test
    void whenBasicCredentialsArePercentEncodedThenTheyAreDecoded() {
        String pair = percentEncodeEveryByte(PASSWORD_APP) + ":" + percentEncodeEveryByte(PASSWORD_APP_SECRET);
        String header = "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.US_ASCII));
        assertSeedTokens(demo.server().token(null, encode(userForm()), header));
    }

    private static String percentEncodeEveryByte(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            b.append('%').append(String.format("%02X", x & 0xff));
        }
        return b.toString();
    }

    @Test
    void whenBasicOnTheOtherCustomerThenSeedTokens() {
        Map<String, String> f = form("grant_type", "password", "username", "user_name", "password", "other_password");
        assertSeedTokens(demo.server().token(OTHER_HOST, encode(f), basic(OTHER_APP, OTHER_APP_SECRET)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"application/x-www-form-urlencoded; charset=UTF-8",
            "application/x-www-form-urlencoded;charset=utf-8", "APPLICATION/X-WWW-FORM-URLENCODED"})
    void whenFormContentTypeHasUtf8CharsetOrOtherCaseThenSeedTokens(String contentType) {
        Map<String, String> f = form("grant_type", "password", "client_id", PASSWORD_APP,
                "client_secret", PASSWORD_APP_SECRET, "username", "user_name", "password", "user_password");
        assertSeedTokens(demo.server().request("POST", "/oauth/token", null, encode(f).getBytes(StandardCharsets.UTF_8),
                "Content-Type", contentType));
    }

    @Test
    void whenTokensIssuedThenThirtyAlphanumericsAndAllDifferent() {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> r = i % 2 == 0
                    ? demo.server().token(null, encode(userForm()), basic(PASSWORD_APP, PASSWORD_APP_SECRET))
                    : demo.server().passwordGrant("user_name", "user_password");
            Map<String, Object> body = assertSeedTokens(r);
            tokens.add((String) body.get("access_token"));
            tokens.add((String) body.get("refresh_token"));
        }
        assertThat(tokens).allSatisfy(t -> assertThat(t).matches("[A-Za-z0-9]{30}"));
        assertThat(new HashSet<>(tokens)).hasSize(tokens.size());
    }

    @Test
    void whenLoggedInWithBasicThenTheAccessTokenWorksOnTheApi() {
        Map<String, Object> body = assertSeedTokens(
                demo.server().token(null, encode(userForm()), basic(PASSWORD_APP, PASSWORD_APP_SECRET)));
        HttpResponse<String> user = demo.server().user(null, "Bearer " + body.get("access_token"));
        assertThat(user.statusCode()).as(user.body()).isEqualTo(200);
        assertThat(Json.object(user.body()).get("login")).isEqualTo("user_name");
    }
}
