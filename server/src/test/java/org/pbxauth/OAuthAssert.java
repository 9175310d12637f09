package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;

/** The shapes every test checks: RFC 6749 §5.1 success, §5.2 errors, and their headers. */
final class OAuthAssert {
    private OAuthAssert() {}

    /** RFC 6749 §5.2: the status, the JSON {@code error} code, never cached. Returns the parsed body. */
    static Map<String, Object> assertError(HttpResponse<String> r, int status, String error) {
        assertThat(r.statusCode()).as("status of %s", r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Cache-Control")).as("Cache-Control of %s", r.body()).hasValue("no-store");
        assertThat(r.headers().firstValue("Content-Type")).as("Content-Type")
                .hasValueSatisfying(ct -> assertThat(ct).startsWithIgnoringCase("application/json"));
        Map<String, Object> body = Json.object(r.body());
        assertThat(body.get("error")).as("error of %s", r.body()).isEqualTo(error);
        Object description = body.get("error_description");
        if (description != null) {
            // RFC 6749 §5.2: error_description is %x20-21 / %x23-5B / %x5D-7E
            assertThat((String) description).matches("[\\x20-\\x21\\x23-\\x5B\\x5D-\\x7E]*");
        }
        return body;
    }

    /** Any 4xx answer of the application: JSON with an error code, never cached; never 5xx. */
    static void assertClientError(HttpResponse<String> r, String what) {
        assertThat(r.statusCode()).as("status for %s: %s", what, r.body()).isBetween(400, 499);
        assertThat(r.headers().firstValue("Cache-Control")).as("Cache-Control for %s", what).hasValue("no-store");
        if (!r.body().isEmpty()) {
            assertThat(Json.object(r.body()).get("error")).as("error for %s: %s", what, r.body()).isInstanceOf(String.class);
        }
    }

    /** RFC 6749 §5.2: a 401 to a client that authenticated with HTTP Basic names the Basic scheme. */
    static void assertBasicChallenge(HttpResponse<String> r) {
        assertThat(r.headers().allValues("WWW-Authenticate")).as("WWW-Authenticate")
                .singleElement().satisfies(v -> assertThat(v).matches("(?i)basic( .*)?"));
    }

    /** No challenge when the credentials came in the body (there is no scheme to name). */
    static void assertNoChallenge(HttpResponse<String> r) {
        assertThat(r.headers().firstValue("WWW-Authenticate")).as("WWW-Authenticate").isEmpty();
    }

    /** The seed's success: exactly access_token, token_type Bearer, expires_in 3600, refresh_token; no-store. */
    static Map<String, Object> assertSeedTokens(HttpResponse<String> r) {
        assertThat(r.statusCode()).as("status of %s", r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(r.headers().firstValue("Pragma")).hasValue("no-cache");
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(ct -> assertThat(ct).startsWithIgnoringCase("application/json"));
        return assertSeedShape(Json.object(r.body()));
    }

    /**
     * The seed's response body, wherever it came from: its four members as the vendor prints them,
     * and beside them {@code "scope":"all"} (issue 17; RFC 6749 §5.1: the server applied its default).
     */
    static Map<String, Object> assertSeedShape(Map<String, Object> body) {
        assertThat(body).containsOnlyKeys("access_token", "token_type", "expires_in", "refresh_token", "scope");
        assertThat(body.get("scope")).isEqualTo("all");
        assertThat(body.get("access_token")).isInstanceOf(String.class);
        assertThat((String) body.get("access_token")).matches("[A-Za-z0-9]{30}");
        assertThat(body.get("refresh_token")).isInstanceOf(String.class);
        assertThat((String) body.get("refresh_token")).matches("[A-Za-z0-9]{30}");
        assertThat(body.get("access_token")).isNotEqualTo(body.get("refresh_token"));
        assertThat(body.get("token_type")).isEqualTo("Bearer");
        // a JSON number, not a string: "expires_in": 3600
        assertThat(body.get("expires_in")).isInstanceOf(Number.class);
        assertThat(((Number) body.get("expires_in")).longValue()).isEqualTo(3600L);
        return body;
    }
}
