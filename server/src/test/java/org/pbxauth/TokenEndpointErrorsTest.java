package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pbxauth.OAuthAssert.assertBasicChallenge;
import static org.pbxauth.OAuthAssert.assertClientError;
import static org.pbxauth.OAuthAssert.assertError;
import static org.pbxauth.OAuthAssert.assertNoChallenge;
import static org.pbxauth.TestServer.DEMO_HOST;
import static org.pbxauth.TestServer.OTHER_APP;
import static org.pbxauth.TestServer.OTHER_APP_SECRET;
import static org.pbxauth.TestServer.OTHER_HOST;
import static org.pbxauth.TestServer.PASSWORD_APP;
import static org.pbxauth.TestServer.PASSWORD_APP_SECRET;
import static org.pbxauth.TestServer.PUBLIC_APP;
import static org.pbxauth.TestServer.PUBLIC_APP_SECRET;
import static org.pbxauth.TestServer.TRUSTED_APP;
import static org.pbxauth.TestServer.TRUSTED_APP_SECRET;
import static org.pbxauth.TestServer.basic;
import static org.pbxauth.TestServer.encode;
import static org.pbxauth.TestServer.form;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.pbxauth.directory.NewUser;
import org.pbxauth.directory.Tenant;
import org.pbxauth.directory.UserLevel;
import org.pbxauth.secrets.Secret;

/**
 * Every row of the token endpoint's error table (issue 2, RFC 6749 §5.2), through the real port:
 * the status, the {@code error} code and {@code Cache-Control: no-store} of each refusal.
 */
class TokenEndpointErrorsTest {
    private static final String BLOCKED_LOGIN = "blocked_user";
    private static final String BLOCKED_PASSWORD = "blocked_password";
    private static final String USER = "user_name";
    private static final String PASSWORD = "user_password";

    @TempDir static Path data;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(data);
        // A user who could log in, then blocked: there is no block command yet, so the flag is set in SQL.
        Services s = server.node().services();
        Tenant demo = s.tenants().findByName("Demo PBX").orElseThrow();
        s.users().create(new NewUser(demo.id(), BLOCKED_LOGIN, UserLevel.EXTENSION, false, "UTC", 101L, null,
                s.passwords().hash(Secret.of(BLOCKED_PASSWORD))));
        OAuthAssert.assertSeedTokens(server.passwordGrant(BLOCKED_LOGIN, BLOCKED_PASSWORD)); // the password is right
        try (Connection c = s.database().dataSource().getConnection();
             PreparedStatement st = c.prepareStatement("UPDATE users SET blocked = TRUE WHERE tenant_id = ? AND login = ?")) {
            st.setLong(1, demo.id());
            st.setString(2, BLOCKED_LOGIN);
            assertThat(st.executeUpdate()).isEqualTo(1);
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** A complete, valid seed request as a mutable ordered form; tests change one thing in it. */
    private static Map<String, String> seedForm(String user, String password) {
        return form("grant_type", "password", "client_id", PASSWORD_APP, "client_secret", PASSWORD_APP_SECRET,
                "username", user, "password", password);
    }

    private static HttpResponse<String> post(Map<String, String> form) {
        return server.token(null, encode(form), null);
    }

    private static HttpResponse<String> postRaw(String body) {
        return server.token(null, body, null);
    }

    private static HttpResponse<String> postBytes(byte[] body) {
        return server.request("POST", "/oauth/token", null, body, "Content-Type", "application/x-www-form-urlencoded");
    }

    // ---- 400 invalid_grant: wrong password, unknown user, blocked user -- one body for all three

    @Test
    void whenPasswordWrongThenInvalidGrant() {
        assertError(post(seedForm(USER, "wrong_password")), 400, "invalid_grant");
    }

    @Test
    void whenUserUnknownThenInvalidGrant() {
        assertError(post(seedForm("no_such_user", PASSWORD)), 400, "invalid_grant");
    }

    @Test
    void whenUserBlockedThenInvalidGrantEvenWithTheRightPassword() {
        assertError(post(seedForm(BLOCKED_LOGIN, BLOCKED_PASSWORD)), 400, "invalid_grant");
    }

    @Test
    void whenWrongPasswordUnknownUserOrBlockedUserThenOneIdenticalBody() {
        HttpResponse<String> wrongPassword = post(seedForm(USER, "wrong_password"));
        HttpResponse<String> unknownUser = post(seedForm("no_such_user", PASSWORD));
        HttpResponse<String> blockedUser = post(seedForm(BLOCKED_LOGIN, BLOCKED_PASSWORD));
        assertError(wrongPassword, 400, "invalid_grant");
        assertThat(unknownUser.body()).isEqualTo(wrongPassword.body());
        assertThat(blockedUser.body()).isEqualTo(wrongPassword.body());
        assertThat(unknownUser.statusCode()).isEqualTo(wrongPassword.statusCode());
        assertThat(blockedUser.statusCode()).isEqualTo(wrongPassword.statusCode());
        assertThat(unknownUser.headers().firstValue("Content-Type")).isEqualTo(wrongPassword.headers().firstValue("Content-Type"));
        assertThat(blockedUser.headers().firstValue("Content-Type")).isEqualTo(wrongPassword.headers().firstValue("Content-Type"));
    }

    /**
     * An unknown user costs one Argon2id hash like a known one (issue 2: "the same hashing work"),
     * counted by the hasher rather than timed (a timing bound in a test fails on a busy machine).
     * Each known account fails once only, so no login throttle has a reason to answer it early.
     */
    @Test
    void whenUserUnknownThenAsMuchHashingWorkAsForAWrongPassword() {
        Services s = server.node().services();
        Tenant demo = s.tenants().findByName("Demo PBX").orElseThrow();
        String hash = s.passwords().hash(Secret.of("timing_password"));
        int n = 7;
        for (int i = 0; i < n; i++) {
            s.users().create(new NewUser(demo.id(), "timing_user_" + i, UserLevel.EXTENSION, false, "UTC", null, null, hash));
        }
        post(seedForm("warm_up_user", "warm_up"));
        for (int i = 0; i < n; i++) {
            long before = s.passwords().verifications();
            timed(seedForm("timing_user_" + i, "wrong_password_" + i));
            assertThat(s.passwords().verifications() - before).as("verifications of a wrong password").isEqualTo(1);
            before = s.passwords().verifications();
            timed(seedForm("no_such_user_" + i, "wrong_password_" + i));
            assertThat(s.passwords().verifications() - before).as("verifications of an unknown user").isEqualTo(1);
        }
    }

    private static long timed(Map<String, String> form) {
        long start = System.nanoTime();
        assertError(post(form), 400, "invalid_grant");
        return System.nanoTime() - start;
    }

    // ---- 401 invalid_client: missing or unknown client, wrong secret, an app of another customer

    @Test
    void whenNoClientCredentialsThenInvalidClientWithoutChallenge() {
        Map<String, String> f = seedForm(USER, PASSWORD);
        f.remove("client_id");
        f.remove("client_secret");
        HttpResponse<String> r = post(f);
        assertError(r, 401, "invalid_client");
        assertNoChallenge(r);
    }

    @Test
    void whenClientIdWithoutSecretThenInvalidClient() {
        Map<String, String> f = seedForm(USER, PASSWORD);
        f.remove("client_secret");
        HttpResponse<String> r = post(f);
        assertError(r, 401, "invalid_client");
        assertNoChallenge(r);
    }

    @Test
    void whenClientSecretEmptyThenInvalidClient() {
        Map<String, String> f = seedForm(USER, PASSWORD);
        f.put("client_secret", "");
        HttpResponse<String> r = post(f);
        assertError(r, 401, "invalid_client");
        assertNoChallenge(r);
    }

    /** name, Host, client_id, client_secret: each one a client that must not authenticate. */
    static Stream<Arguments> badClients() {
        return Stream.of(
                Arguments.of("unknown client_id", null, "00000000000000000000000000000000", PASSWORD_APP_SECRET),
                Arguments.of("wrong secret", null, PASSWORD_APP, "00000000000000000000000000000000"),
                Arguments.of("secret of another app", null, PASSWORD_APP, TRUSTED_APP_SECRET),
                Arguments.of("secret in upper case", null, PASSWORD_APP, PASSWORD_APP_SECRET.toUpperCase()),
                Arguments.of("app of the other customer", DEMO_HOST, OTHER_APP, OTHER_APP_SECRET),
                Arguments.of("demo app on the other customer", OTHER_HOST, PASSWORD_APP, PASSWORD_APP_SECRET),
                Arguments.of("a Host of no customer", "nobody.example", PASSWORD_APP, PASSWORD_APP_SECRET));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badClients")
    void whenClientFailsAuthenticationInBodyThenInvalidClientWithoutChallenge(String name, String host,
                                                                            String clientId, String secret) {
        Map<String, String> f = seedForm(USER, PASSWORD);
        f.put("client_id", clientId);
        f.put("client_secret", secret);
        HttpResponse<String> r = server.token(host, encode(f), null);
        assertError(r, 401, "invalid_client");
        assertNoChallenge(r);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badClients")
    void whenClientFailsAuthenticationWithBasicThenInvalidClientWithBasicChallenge(String name, String host,
                                                                                 String clientId, String secret) {
        Map<String, String> f = form("grant_type", "password", "username", USER, "password", PASSWORD);
        HttpResponse<String> r = server.token(host, encode(f), basic(clientId, secret));
        assertError(r, 401, "invalid_client");
        assertBasicChallenge(r);
    }

    @Test
    void whenAllClientsFailThenOneIdenticalBody() {
        Map<String, String> unknown = seedForm(USER, PASSWORD);
        unknown.put("client_id", "00000000000000000000000000000000");
        Map<String, String> wrongSecret = seedForm(USER, PASSWORD);
        wrongSecret.put("client_secret", "00000000000000000000000000000000");
        Map<String, String> otherCustomer = seedForm(USER, PASSWORD);
        otherCustomer.put("client_id", OTHER_APP);
        otherCustomer.put("client_secret", OTHER_APP_SECRET);
        HttpResponse<String> first = post(unknown);
        assertError(first, 401, "invalid_client");
        assertThat(post(wrongSecret).body()).isEqualTo(first.body());
        assertThat(post(otherCustomer).body()).isEqualTo(first.body());
    }

    // ---- 400 unauthorized_client: the app's type is not password_credentials

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"trusted", "public"})
    void whenAppIsNotPasswordCredentialsThenUnauthorizedClient(String type) {
        Map<String, String> f = seedForm(USER, PASSWORD);
        f.put("client_id", type.equals("trusted") ? TRUSTED_APP : PUBLIC_APP);
        f.put("client_secret", type.equals("trusted") ? TRUSTED_APP_SECRET : PUBLIC_APP_SECRET);
        HttpResponse<String> r = post(f);
        assertError(r, 400, "unauthorized_client");
        assertNoChallenge(r);
    }

    @Test
    void whenTrustedAppUsesPasswordGrantWithBasicThenUnauthorizedClient() {
        Map<String, String> f = form("grant_type", "password", "username", USER, "password", PASSWORD);
        assertError(server.token(null, encode(f), basic(TRUSTED_APP, TRUSTED_APP_SECRET)), 400, "unauthorized_client");
    }

    // ---- 400 invalid_request

    @ParameterizedTest(name = "without {0}")
    @ValueSource(strings = {"grant_type", "username", "password"})
    void whenRequiredParameterMissingThenInvalidRequest(String parameter) {
        Map<String, String> f = seedForm(USER, PASSWORD);
        f.remove(parameter);
        assertError(post(f), 400, "invalid_request");
    }

    @ParameterizedTest(name = "{0} empty")
    @ValueSource(strings = {"grant_type", "username", "password"})
    void whenRequiredParameterEmptyThenInvalidRequest(String parameter) {
        Map<String, String> f = seedForm(USER, PASSWORD);
        f.put(parameter, "");
        assertError(post(f), 400, "invalid_request");
    }

    @ParameterizedTest(name = "{0} twice")
    @ValueSource(strings = {"grant_type", "client_id", "client_secret", "username", "password"})
    void whenParameterSentTwiceWithTheSameValueThenInvalidRequest(String parameter) {
        Map<String, String> f = seedForm(USER, PASSWORD);
        String body = encode(f) + "&" + TestServer.encode(form(parameter, f.get(parameter)));
        assertError(postRaw(body), 400, "invalid_request");
    }

    @Test
    void whenParameterSentTwiceOnceEmptyThenInvalidRequest() {
        String body = "username=&" + encode(seedForm(USER, PASSWORD));
        assertError(postRaw(body), 400, "invalid_request");
    }

    @Test
    void whenParameterSentTwiceWithOtherValueThenInvalidRequest() {
        String body = encode(seedForm(USER, PASSWORD)) + "&username=admin";
        assertError(postRaw(body), 400, "invalid_request");
    }

    @Test
    void whenClientSecretBothInBasicAndBodyThenInvalidRequest() {
        Map<String, String> f = seedForm(USER, PASSWORD); // client_id and client_secret in the body
        assertError(server.token(null, encode(f), basic(PASSWORD_APP, PASSWORD_APP_SECRET)), 400, "invalid_request");
    }

    @Test
    void whenBasicAndAnotherClientIdInBodyThenInvalidRequest() {
        Map<String, String> f = form("grant_type", "password", "client_id", TRUSTED_APP,
                "username", USER, "password", PASSWORD);
        assertError(server.token(null, encode(f), basic(PASSWORD_APP, PASSWORD_APP_SECRET)), 400, "invalid_request");
    }

    @ParameterizedTest(name = "?{0}")
    @ValueSource(strings = {"password=x", "client_secret=" + PASSWORD_APP_SECRET, "username=user_name",
            "access_token=abc", "foo=bar", "x"})
    void whenAnythingInTheQueryStringThenInvalidRequest(String query) {
        // the body alone would succeed
        HttpResponse<String> r = server.request("POST", "/oauth/token?" + query, null,
                encode(seedForm(USER, PASSWORD)).getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/x-www-form-urlencoded");
        assertError(r, 400, "invalid_request");
    }

    @Test
    void whenBodyIsJsonThenInvalidRequest() {
        String json = "{\"grant_type\":\"password\",\"client_id\":\"" + PASSWORD_APP + "\",\"client_secret\":\""
                + PASSWORD_APP_SECRET + "\",\"username\":\"user_name\",\"password\":\"user_password\"}";
        HttpResponse<String> r = server.request("POST", "/oauth/token", null, json.getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/json");
        assertError(r, 400, "invalid_request");
    }

    @Test
    void whenNoContentTypeThenInvalidRequest() {
        byte[] body = encode(seedForm(USER, PASSWORD)).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = server.request("POST", "/oauth/token", null, body);
        assertThat(r.request().headers().firstValue("Content-Type")).isEmpty();
        assertError(r, 400, "invalid_request");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"text/plain", "multipart/form-data; boundary=xyz", "application/x-www-form-urlencodedx",
            "application/x-www-form-urlencoded; charset=ISO-8859-1", "application/*", ";", " ; ; "})
    void whenContentTypeIsNotUtf8FormThenInvalidRequest(String contentType) {
        byte[] body = encode(seedForm(USER, PASSWORD)).getBytes(StandardCharsets.UTF_8);
        assertError(server.request("POST", "/oauth/token", null, body, "Content-Type", contentType),
                400, "invalid_request");
    }

    // ---- 400 unsupported_grant_type

    @ParameterizedTest(name = "grant_type={0}")
    @ValueSource(strings = {"foo", "Password", "password ", "urn:ietf:params:oauth:grant-type:jwt-bearer"})
    void whenGrantTypeUnknownThenUnsupportedGrantType(String grantType) {
        Map<String, String> f = seedForm(USER, PASSWORD);
        f.put("grant_type", grantType);
        assertError(post(f), 400, "unsupported_grant_type");
    }

    // ---- malformed input: always 4xx, never 5xx

    /** Bodies that a strict form parser refuses; each would otherwise be a valid seed request. */
    static Stream<Arguments> malformedBodies() {
        String valid = encode(seedForm(USER, PASSWORD));
        return Stream.of(
                Arguments.of("bad percent-encoding %zz", valid + "&x=%zz"),
                Arguments.of("bad percent-encoding in the password", valid.replace("password=user_password", "password=user%zzpassword")),
                Arguments.of("bad percent-encoding in a name", valid + "&%zz=1"),
                Arguments.of("trailing %", valid + "&x=%"),
                Arguments.of("truncated %4", valid + "&x=%4"),
                Arguments.of("NUL byte %00 in the username", valid.replace("username=user_name", "username=user_name%00")),
                Arguments.of("NUL byte %00 in the password", valid.replace("password=user_password", "password=user_password%00")),
                Arguments.of("other control %0A in the username", valid.replace("username=user_name", "username=user%0Aname")),
                Arguments.of("invalid UTF-8 %C3%28", valid.replace("password=user_password", "password=%C3%28")),
                Arguments.of("lone continuation byte %80", valid + "&x=%80"),
                Arguments.of("overlong UTF-8 %C0%AF", valid + "&x=%C0%AF"),
                Arguments.of("UTF-16 surrogate %ED%A0%80", valid + "&x=%ED%A0%80"),
                Arguments.of("a parameter without a name", valid + "&=x"),
                Arguments.of("a huge single value", valid + "&x=" + "a".repeat(5000)),
                Arguments.of("a huge username", valid.replace("username=user_name", "username=" + "u".repeat(5000))),
                Arguments.of("a huge name", valid + "&" + "n".repeat(100) + "=1"),
                Arguments.of("too many parameters", valid + manyParameters(40)));
    }

    private static String manyParameters(int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append("&p").append(i).append("=1");
        }
        return b.toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedBodies")
    void whenBodyIsMalformedThenInvalidRequest(String name, String body) {
        assertError(postRaw(body), 400, "invalid_request");
    }

    @Test
    void whenBodyHasRawNulByteThenInvalidRequest() {
        byte[] valid = encode(seedForm(USER, PASSWORD)).getBytes(StandardCharsets.US_ASCII);
        byte[] body = Arrays.copyOf(valid, valid.length + 4);
        System.arraycopy(new byte[] {'&', 'x', '=', 0}, 0, body, valid.length, 4);
        assertError(postBytes(body), 400, "invalid_request");
    }

    @Test
    void whenBodyHasRawNonAsciiBytesThenInvalidRequest() {
        byte[] valid = encode(seedForm(USER, PASSWORD)).getBytes(StandardCharsets.US_ASCII);
        byte[] body = Arrays.copyOf(valid, valid.length + 5);
        System.arraycopy(new byte[] {'&', 'x', '=', (byte) 0xC3, (byte) 0xA9}, 0, body, valid.length, 5);
        assertError(postBytes(body), 400, "invalid_request");
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {16 * 1024 + 1, 64 * 1024, 2 * 1024 * 1024})
    void whenBodyIsHugeThenRefusedWith413InvalidRequest(int size) {
        String valid = encode(seedForm(USER, PASSWORD)) + "&x=";
        String body = valid + "a".repeat(size - valid.length());
        assertThat(body.length()).isEqualTo(size);
        assertError(postRaw(body), 413, "invalid_request");
    }

    @Test
    void whenBodyIsEmptyThenInvalidRequest() {
        assertError(postRaw(""), 400, "invalid_request");
    }

    @ParameterizedTest(name = "{0} /oauth/token")
    @ValueSource(strings = {"GET", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"})
    void whenMethodIsNotPostThen405(String method) {
        byte[] body = encode(seedForm(USER, PASSWORD)).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = server.request(method, "/oauth/token", null, body,
                "Content-Type", "application/x-www-form-urlencoded");
        assertError(r, 405, "invalid_request");
    }

    @Test
    void whenMethodIsHeadThen405WithoutBody() {
        HttpResponse<String> r = server.request("HEAD", "/oauth/token", null, null);
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(r.body()).isEmpty();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("unknownPaths")
    void whenPathIsUnknownThen404(String method, String path) {
        HttpResponse<String> r = server.request(method, path, null,
                encode(seedForm(USER, PASSWORD)).getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/x-www-form-urlencoded");
        assertError(r, 404, "not_found");
    }

    static Stream<Arguments> unknownPaths() {
        return Stream.of(Arguments.of("POST", "/oauth/tokens"), Arguments.of("POST", "/oauth/token/x"),
                Arguments.of("POST", "/token"), Arguments.of("GET", "/nope"), Arguments.of("POST", "/api/ver1.0/nope"),
                Arguments.of("POST", "/api/%2e%2e/oauth/token"));
    }

    @ParameterizedTest(name = "Host: {0}")
    @ValueSource(strings = {"nobody.example", "localhost.evil.example", "pbx2", "127.0.0.2", "", "."})
    void whenHostIsNoCustomerThenInvalidClient(String host) {
        HttpResponse<String> r = server.token(host, encode(seedForm(USER, PASSWORD)), null);
        assertError(r, 401, "invalid_client");
        assertNoChallenge(r);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Basic !!!", "Basic " + "YWJj" /* abc: no colon */, "Basic Og==" /* ":" */,
            "Basic JXp6OiV6eg==" /* %zz:%zz */, "Basic ", "Basic", "Basic a b c", "Digest username=\"x\""})
    void whenBasicHeaderIsMalformedThen4xx(String authorization) {
        Map<String, String> f = form("grant_type", "password", "username", USER, "password", PASSWORD);
        HttpResponse<String> r = server.token(null, encode(f), authorization);
        assertClientError(r, authorization);
        assertThat(r.statusCode()).isIn(400, 401);
    }

    @Test
    void whenBasicCredentialsAreNotUtf8ThenInvalidClientNot5xx() {
        byte[] pair = {(byte) 0xC3, 0x28, ':', (byte) 0xFF, 0x00};
        Map<String, String> f = form("grant_type", "password", "username", USER, "password", PASSWORD);
        HttpResponse<String> r = server.token(null, encode(f), "Basic " + Base64.getEncoder().encodeToString(pair));
        assertClientError(r, "Basic of invalid UTF-8");
    }

    /** Requests the HTTP parser itself refuses, written on a raw socket: still 4xx, never 5xx. */
    static Stream<Arguments> brokenMessages() {
        String form = encode(seedForm(USER, PASSWORD));
        String tail = "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + form.length()
                + "\r\nConnection: close\r\n\r\n" + form;
        return Stream.of(
                Arguments.of("malformed Host [::1", "POST /oauth/token HTTP/1.1\r\nHost: [::1\r\n" + tail),
                Arguments.of("Host of only a port", "POST /oauth/token HTTP/1.1\r\nHost: :80\r\n" + tail),
                Arguments.of("Host with a space", "POST /oauth/token HTTP/1.1\r\nHost: a b\r\n" + tail),
                Arguments.of("Host not ASCII", "POST /oauth/token HTTP/1.1\r\nHost: l\u00e9calhost\r\n" + tail),
                Arguments.of("two Host headers", "POST /oauth/token HTTP/1.1\r\nHost: localhost\r\nHost: pbx2.localhost\r\n" + tail),
                Arguments.of("HTTP/1.1 without Host", "POST /oauth/token HTTP/1.1\r\n" + tail),
                Arguments.of("HTTP/1.0 without Host", "POST /oauth/token HTTP/1.0\r\n" + tail),
                Arguments.of("bad escape in the path", "POST /oauth/%zz HTTP/1.1\r\nHost: localhost\r\n" + tail),
                Arguments.of("NUL in the path", "POST /oauth/token%00 HTTP/1.1\r\nHost: localhost\r\n" + tail),
                Arguments.of("bad escape in the query", "POST /oauth/token?%zz HTTP/1.1\r\nHost: localhost\r\n" + tail),
                Arguments.of("header too large", "POST /oauth/token HTTP/1.1\r\nHost: localhost\r\nX-Big: "
                        + "a".repeat(20_000) + "\r\n" + tail),
                Arguments.of("negative Content-Length", "POST /oauth/token HTTP/1.1\r\nHost: localhost\r\n"
                        + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: -1\r\nConnection: close\r\n\r\n"),
                Arguments.of("Content-Length and chunked", "POST /oauth/token HTTP/1.1\r\nHost: localhost\r\n"
                        + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 5\r\n"
                        + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n"),
                Arguments.of("bad chunk size", "POST /oauth/token HTTP/1.1\r\nHost: localhost\r\n"
                        + "Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n"
                        + "Connection: close\r\n\r\nzz\r\nabc\r\n"),
                Arguments.of("body shorter than Content-Length", "POST /oauth/token HTTP/1.1\r\nHost: localhost\r\n"
                        + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n"
                        + "Connection: close\r\n\r\n" + form),
                Arguments.of("binary garbage", "\u0000\u0001\u00ff garbage\r\n\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenMessages")
    void whenHttpMessageIsMalformedThen4xxNever5xx(String name, String request) {
        String response = server.raw(request.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(TestServer.rawStatus(response)).as(response).isBetween(400, 499);
    }

    /**
     * Issue 2: errors are "always JSON {"error","error_description"} with Cache-Control: no-store"
     * -- also when the HTTP container, not a handler, refuses the request. One test for all the
     * messages above; its failure lists each one answered otherwise.
     */
    @Test
    void whenHttpMessageIsMalformedThenStillJsonErrorWithNoStore() {
        List<String> offenders = new ArrayList<>();
        brokenMessages().forEach(args -> {
            String name = (String) args.get()[0];
            String response = server.raw(((String) args.get()[1]).getBytes(StandardCharsets.ISO_8859_1));
            int split = response.indexOf("\r\n\r\n");
            String head = (split < 0 ? response : response.substring(0, split)).toLowerCase(java.util.Locale.ROOT);
            String body = split < 0 ? "" : response.substring(split + 4);
            boolean json = head.contains("\r\ncontent-type: application/json") && body.contains("\"error\"");
            boolean noStore = head.contains("\r\ncache-control: no-store");
            if (!json || !noStore) {
                offenders.add(name + " -> " + response.lines().findFirst().orElse("")
                        + (json ? "" : ", not a JSON error") + (noStore ? "" : ", no Cache-Control: no-store"));
            }
        });
        assertThat(offenders).as("answers without the JSON error shape or no-store").isEmpty();
    }

    // ---- property: ~200 random bodies, reproducible from the seed, are refused with 4xx and never 5xx

    private static final long SEED = 20_240_601L;

    @Test
    void whenRandomBodiesArePostedThenAlways4xxNever5xx() {
        Random random = new Random(SEED);
        String validPrefix = encode(form("grant_type", "password", "client_id", PASSWORD_APP,
                "client_secret", PASSWORD_APP_SECRET)) + "&";
        byte[] alphabet = "%=&+0123456789abcdefABCDEFxyz_.-~ \u0000\u007f".getBytes(StandardCharsets.ISO_8859_1);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            int strategy = i % 4;
            if (strategy == 2 || strategy == 3) {
                body.writeBytes(validPrefix.getBytes(StandardCharsets.US_ASCII));
            }
            int length = random.nextInt(strategy == 0 ? 600 : 120);
            for (int j = 0; j < length; j++) {
                if (strategy == 0) {
                    body.write(random.nextInt(256));
                } else {
                    // mostly the form's own syntax, now and then any byte at all
                    body.write(random.nextInt(10) == 0 ? random.nextInt(256) : alphabet[random.nextInt(alphabet.length)]);
                }
            }
            String[] headers = {"Content-Type", "application/x-www-form-urlencoded"};
            if (strategy == 3) {
                byte[] pair = new byte[random.nextInt(60)];
                random.nextBytes(pair);
                headers = new String[] {"Content-Type", "application/x-www-form-urlencoded",
                        "Authorization", "Basic " + Base64.getEncoder().encodeToString(pair)};
            }
            HttpResponse<String> r = server.request("POST", "/oauth/token", null, body.toByteArray(), headers);
            String what = "seed " + SEED + ", body " + i + " (" + Base64.getEncoder().encodeToString(body.toByteArray()) + ")";
            try {
                assertClientError(r, what);
            } catch (AssertionError e) {
                failures.add(e.getMessage());
            }
        }
        assertThat(failures).isEmpty();
    }
}
