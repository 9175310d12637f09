package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code GET /.well-known/oauth-authorization-server} (RFC 8414) per customer hostname. */
class MetadataTest {
    private static final String PATH = "/.well-known/oauth-authorization-server";

    @RegisterExtension static final DemoServer demo = new DemoServer();

    @SuppressWarnings("unchecked")
    private static List<String> list(Map<String, Object> body, String key) {
        assertThat(body.get(key)).as("%s in %s", key, body).isInstanceOf(List.class);
        return (List<String>) body.get(key);
    }

    /** RFC 8414 §3.2: 200, JSON; the issuer is the URL of {@code host}, every endpoint under it. */
    private static Map<String, Object> assertMetadataOf(String host) {
        HttpResponse<String> r = demo.api().get(PATH, host, null);
        assertThat(r.statusCode()).as("status of %s", r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(ct -> assertThat(ct).startsWithIgnoringCase("application/json"));
        Map<String, Object> m = Json.object(r.body());
        String issuer = "http://" + host;
        assertThat(m.get("issuer")).isEqualTo(issuer);
        assertThat(m.get("token_endpoint")).isEqualTo(issuer + "/oauth/token");
        assertThat(m.get("authorization_endpoint")).isEqualTo(issuer + "/oauth/authorize");
        assertThat(m.get("revocation_endpoint")).isEqualTo(issuer + "/oauth/revoke");
        assertThat(m.get("introspection_endpoint")).isEqualTo(issuer + "/oauth/introspect");
        assertThat(list(m, "grant_types_supported")).contains("password", "refresh_token", "client_credentials");
        assertThat(list(m, "response_types_supported")).contains("code");
        assertThat(list(m, "token_endpoint_auth_methods_supported"))
                .contains("client_secret_post", "client_secret_basic");
        assertThat(list(m, "revocation_endpoint_auth_methods_supported"))
                .contains("client_secret_post", "client_secret_basic");
        assertThat(list(m, "introspection_endpoint_auth_methods_supported"))
                .contains("client_secret_post", "client_secret_basic");
        // RFC 9700 §2.1.1: S256 only, unless pkce.allow-plain
        assertThat(list(m, "code_challenge_methods_supported")).containsExactly("S256");
        assertThat(list(m, "scopes_supported")).containsExactly("all");
        return m;
    }

    @Test
    void whenDemoHostWithPortThenIssuerIsThatUrl() {
        assertMetadataOf("localhost:" + demo.server().port());
    }

    @Test
    void whenDemoCustomersSecondHostnameThenIssuerIsThatUrl() {
        assertMetadataOf("127.0.0.1:" + demo.server().port());
    }

    @Test
    void whenOtherCustomersHostThenIssuerIsItsUrl() {
        Map<String, Object> m = assertMetadataOf(TestServer.OTHER_HOST);
        assertThat(m.get("issuer")).isEqualTo("http://pbx2.localhost");
    }

    @Test
    void whenUnknownHostThen404() {
        HttpResponse<String> r = demo.api().get(PATH, "unknown.example", null);
        TokenCalls.assertError(r, 404, "not_found");
        assertThat(r.body()).doesNotContain("issuer");
    }

    /**
     * The issuer is built from the Host header: a Host whose hostname is a customer's but which
     * carries more than host and port must not become an issuer pointing elsewhere.
     */
    @Test
    void whenHostHeaderCarriesAForeignAuthorityThenNoIssuerForIt() {
        HttpResponse<String> r = demo.api().get(PATH, "localhost:1@evil.example", null);
        assertThat(r.statusCode()).as("status of %s", r.body()).isBetween(400, 499);
        assertThat(r.body()).doesNotContain("evil.example");
    }
}
