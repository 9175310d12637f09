package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * What the token-lifecycle tests send and check: the token, revoke and introspect endpoints and
 * the user API, each through the real port with an explicit Host header (one customer each).
 */
final class TokenCalls {
    static final String DEMO = "localhost";
    static final String OTHER = TestServer.OTHER_HOST;

    private final TestServer server;

    TokenCalls(TestServer server) {
        this.server = server;
    }

    /** POST a form (name/value pairs) to {@code path} on {@code host}; {@code authorization} may be null. */
    HttpResponse<String> post(String path, String host, String authorization, String... nameValues) {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri(path))
                .version(HttpClient.Version.HTTP_1_1)
                .timeout(Duration.ofSeconds(60))
                .header("Host", host)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(TestServer.encode(TestServer.form(nameValues))));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return server.send(b.build());
    }

    HttpResponse<String> get(String path, String host, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri(path))
                .version(HttpClient.Version.HTTP_1_1)
                .timeout(Duration.ofSeconds(60))
                .header("Host", host)
                .GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return server.send(b.build());
    }

    HttpResponse<String> password(String host, String clientId, String secret, String user, String pw) {
        return post("/oauth/token", host, null, "grant_type", "password", "client_id", clientId,
                "client_secret", secret, "username", user, "password", pw);
    }

    /** A password login with the demo password app that must succeed. */
    Map<String, Object> login(String user, String pw) {
        return ok(password(DEMO, TestServer.PASSWORD_APP, TestServer.PASSWORD_APP_SECRET, user, pw));
    }

    HttpResponse<String> refresh(String host, String clientId, String secret, String refreshToken, String... extra) {
        return post("/oauth/token", host, null, concat(new String[] {"grant_type", "refresh_token",
                "client_id", clientId, "client_secret", secret, "refresh_token", refreshToken}, extra));
    }

    /** A refresh with the demo password app on the demo host. */
    HttpResponse<String> refresh(String refreshToken) {
        return refresh(DEMO, TestServer.PASSWORD_APP, TestServer.PASSWORD_APP_SECRET, refreshToken);
    }

    HttpResponse<String> clientCredentials(String host, String clientId, String secret, String... extra) {
        return post("/oauth/token", host, null, concat(new String[] {"grant_type", "client_credentials",
                "client_id", clientId, "client_secret", secret}, extra));
    }

    HttpResponse<String> revoke(String host, String clientId, String secret, String... params) {
        return post("/oauth/revoke", host, null, concat(new String[] {"client_id", clientId,
                "client_secret", secret}, params));
    }

    HttpResponse<String> introspect(String host, String clientId, String secret, String token) {
        return post("/oauth/introspect", host, null, "client_id", clientId, "client_secret", secret, "token", token);
    }

    /** Introspection by the demo password app on the demo host: the parsed 200 answer. */
    Map<String, Object> introspect(String token) {
        HttpResponse<String> r = introspect(DEMO, TestServer.PASSWORD_APP, TestServer.PASSWORD_APP_SECRET, token);
        assertThat(r.statusCode()).as("introspection answer %s", r.body()).isEqualTo(200);
        return Json.object(r.body());
    }

    HttpResponse<String> user(String host, String accessToken) {
        return get("/api/ver1.0/user/", host, "Bearer " + accessToken);
    }

    /** The user API's answer for this demo-customer token, which must be 200. */
    Map<String, Object> me(String accessToken) {
        HttpResponse<String> r = user(DEMO, accessToken);
        assertThat(r.statusCode()).as("user API with a live token: %s", r.body()).isEqualTo(200);
        return Json.object(r.body());
    }

    /** A demo-customer access token that works: the user API answers 200 and introspection says active. */
    void assertLive(String accessToken) {
        me(accessToken);
        assertThat(introspect(accessToken).get("active")).as("introspection of a live token").isEqualTo(true);
    }

    /** A demo-customer access token that no longer works: 401 invalid_token and {"active":false}. */
    void assertDead(String accessToken) {
        HttpResponse<String> r = user(DEMO, accessToken);
        assertThat(r.statusCode()).as("user API with a dead token: %s", r.body()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).as("WWW-Authenticate")
                .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer").contains("invalid_token"));
        assertInactive(accessToken);
    }

    /** RFC 7662 §2.2: anything not live is exactly {"active":false}. */
    void assertInactive(String token) {
        assertThat(introspect(token)).as("introspection of a dead token").containsExactly(Map.entry("active", false));
    }

    /** A 200 token answer, parsed; never cached. */
    static Map<String, Object> ok(HttpResponse<String> r) {
        assertThat(r.statusCode()).as("status of %s", r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Cache-Control")).as("Cache-Control").hasValue("no-store");
        return Json.object(r.body());
    }

    /** RFC 6749 §5.2: status, error code, JSON, never cached. */
    static Map<String, Object> assertError(HttpResponse<String> r, int status, String error) {
        assertThat(r.statusCode()).as("status of %s", r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Cache-Control")).as("Cache-Control of %s", r.body()).hasValue("no-store");
        assertThat(r.headers().firstValue("Content-Type")).as("Content-Type")
                .hasValueSatisfying(ct -> assertThat(ct).startsWithIgnoringCase("application/json"));
        Map<String, Object> body = Json.object(r.body());
        assertThat(body.get("error")).as("error of %s", r.body()).isEqualTo(error);
        return body;
    }

    static String s(Map<String, Object> body, String key) {
        Object v = body.get(key);
        assertThat(v).as("%s in %s", key, body).isInstanceOf(String.class);
        return (String) v;
    }

    static String sha256Hex(String s) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
