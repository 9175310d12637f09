package org.pbxauth;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An admin API client for tests: one customer (Host) and one bearer token; every exchange is
 * checked against the OpenAPI document ({@link AdminContract#check}) before the test sees it.
 */
final class AdminClient {
    static final String BASE = AdminContract.SERVER;

    private final TestServer server;
    private final String host;
    private final String token;

    AdminClient(TestServer server, String host, String token) {
        this.server = server;
        this.host = host;
        this.token = token;
    }

    /** The demo customer's admin, logged in with the demo password app (access All). */
    static AdminClient demoAdmin(TestServer server) {
        return new AdminClient(server, "localhost", server.accessToken("localhost", TestServer.PASSWORD_APP,
                TestServer.PASSWORD_APP_SECRET, "admin", "admin_password"));
    }

    /** The other customer's admin, with its own password app. */
    static AdminClient otherAdmin(TestServer server) {
        return new AdminClient(server, TestServer.OTHER_HOST, server.accessToken(TestServer.OTHER_HOST,
                TestServer.OTHER_APP, TestServer.OTHER_APP_SECRET, "admin", "other_admin_password"));
    }

    /** The same customer with another Authorization token (null: none). */
    AdminClient withToken(String other) {
        return new AdminClient(server, host, other);
    }

    String token() {
        return token;
    }

    HttpResponse<String> get(String path) {
        return send("GET", path, null, null);
    }

    HttpResponse<String> delete(String path) {
        return send("DELETE", path, null, null);
    }

    HttpResponse<String> post(String path, String json) {
        return send("POST", path, json == null ? null : "application/json", json);
    }

    /** A merge patch under {@code ifMatch} (null: no If-Match). */
    HttpResponse<String> patch(String path, String json, String ifMatch) {
        return send("PATCH", path, "application/merge-patch+json", json, ifMatch == null ? new String[0]
                : new String[] {"If-Match", ifMatch});
    }

    /** Any exchange under {@code BASE + path}, checked against the contract. */
    HttpResponse<String> send(String method, String path, String contentType, String body, String... headers) {
        List<String> h = new ArrayList<>(List.of(headers));
        if (token != null) {
            h.add("Authorization");
            h.add("Bearer " + token);
        }
        if (contentType != null) {
            h.add("Content-Type");
            h.add(contentType);
        }
        HttpResponse<String> r = server.request(method, BASE + path, host,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8), h.toArray(String[]::new));
        AdminContract.check(method, BASE + path, contentType, body, r);
        return r;
    }

    /** The JSON object of an answer. */
    static Map<String, Object> json(HttpResponse<String> r) {
        return Json.object(r.body());
    }

    /** The {@code code} of a problem answer, after checking it is one with this status. */
    static String problem(HttpResponse<String> r, int status) {
        org.assertj.core.api.Assertions.assertThat(r.statusCode()).as("status of %s", r.body()).isEqualTo(status);
        org.assertj.core.api.Assertions.assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> org.assertj.core.api.Assertions.assertThat(ct).startsWith("application/problem+json"));
        return (String) json(r).get("code");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> items(HttpResponse<String> r) {
        return (List<Map<String, Object>>) json(r).get("items");
    }

    static long id(Map<String, Object> m) {
        return ((Number) m.get("id")).longValue();
    }
}
