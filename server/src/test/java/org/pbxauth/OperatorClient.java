package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import net.minidev.json.JSONValue;
import org.pbxauth.secrets.Secret;
import org.pbxauth.secrets.TokenHash;

/**
 * Calls of the operator API for tests, every one held to {@link OperatorContract}: the answer
 * always, the request body whenever the server took it (2xx). Authenticated as the operator
 * unless the headers give an Authorization of their own.
 */
final class OperatorClient {
    static final String ID = "ops";
    static final String SECRET = "correct-horse-battery-staple-7f3a9c";
    static final String BASE = "/operator/api/v1";

    private final TestServer server;
    private final OperatorContract contract = OperatorContract.INSTANCE;

    OperatorClient(TestServer server) {
        this.server = server;
    }

    /** The settings that turn the operator API on with {@link #ID} and {@link #SECRET}. */
    static Map<String, String> settings() {
        return Map.of("operator.client-id", ID,
                "operator.secret-sha256", HexFormat.of().formatHex(TokenHash.sha256(Secret.of(SECRET))));
    }

    /** A demo server with the operator API on. */
    static TestServer start(Path dataDir) {
        return TestServer.start(dataDir, Clock.systemUTC(), settings());
    }

    TestServer server() {
        return server;
    }

    /** {@code method} on {@code path} under the API's base, with a body of {@code contentType} (null: none). */
    Answer call(String method, String path, String contentType, String body, String... headers) {
        List<String> all = new ArrayList<>(List.of(headers));
        if (!all.contains("Authorization")) {
            all.add("Authorization");
            all.add(TestServer.basic(ID, SECRET));
        }
        if (contentType != null) {
            all.add("Content-Type");
            all.add(contentType);
        }
        var r = server.request(method, BASE + path, null, body == null ? null : body.getBytes(StandardCharsets.UTF_8),
                all.toArray(String[]::new));
        contract.checkResponse(method, BASE + path, r);
        if (body != null && r.statusCode() / 100 == 2) {
            contract.checkRequest(method, BASE + path, contentType, body);
        }
        return new Answer(r);
    }

    Answer get(String path, String... headers) {
        return call("GET", path, null, null, headers);
    }

    Answer post(String path, Object body) {
        return call("POST", path, "application/json", json(body));
    }

    Answer patch(String path, String etag, Object body) {
        return call("PATCH", path, "application/merge-patch+json", json(body), "If-Match", etag);
    }

    Answer delete(String path) {
        return call("DELETE", path, null, null);
    }

    /** A customer the API added: its answer, which must be 201. */
    Answer create(String name, String... hostnames) {
        Answer a = post("/customers", Map.of("name", name, "hostnames", List.of(hostnames)));
        assertThat(a.status()).as("create %s: %s", name, a.body()).isEqualTo(201);
        return a;
    }

    static String json(Object body) {
        return body instanceof String s ? s : JSONValue.toJSONString(body);
    }

    /** An answer, held to the contract already. */
    record Answer(java.net.http.HttpResponse<String> response) {
        int status() {
            return response.statusCode();
        }

        String body() {
            return response.body();
        }

        Map<String, Object> json() {
            return Json.object(response.body());
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        long id() {
            return ((Number) json().get("id")).longValue();
        }

        /** A problem answer of this status and code. */
        Answer problem(int status, String code) {
            assertThat(status()).as("status of %s", body()).isEqualTo(status);
            assertThat(header("Content-Type")).startsWith("application/problem+json");
            assertThat(json().get("code")).as("code of %s", body()).isEqualTo(code);
            assertThat(json().get("status")).isEqualTo(status);
            return this;
        }
    }
}
