package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pbxauth.AuthorizeClient.CALLBACK;

import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.id.Issuer;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17: pbx-auth behind a real TLS-terminating nginx that it trusts ({@code trusted-proxies}
 * 127.0.0.2, nginx's source address). Through the proxy everything of ours is the https URL the
 * client used: the metadata's issuer and endpoints (RFC 8414 §3.3), which Nimbus's resolution
 * with its issuer check accepts; the grants work; the cookies are {@code Secure} and
 * {@code __Host-}. The same headers sent straight to pbx-auth from 127.0.0.1 change nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProxyOriginTest {
    private static final String WELL_KNOWN = "/.well-known/oauth-authorization-server";
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

    @TempDir static Path data;
    @TempDir static Path nginxDir;
    private TestServer server;
    private TlsProxy proxy;
    private HttpClient https;

    @BeforeAll
    void start() throws Exception {
        server = TestServer.start(data, Clock.systemUTC(), Map.of("trusted-proxies", TlsProxy.PROXY_ADDRESS));
        proxy = TlsProxy.start(nginxDir, server.port());
        https = HttpClient.newBuilder().sslContext(proxy.trust()).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void whenBehindTheTrustedProxyThenTheMetadataIsTheHttpsOriginTheClientUsed() throws Exception {
        for (String base : List.of(proxy.xForwardedBase(), proxy.forwardedBase())) {
            HttpResponse<String> r = https.send(HttpRequest.newBuilder(URI.create(base + WELL_KNOWN)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(base).isEqualTo(200);
            Map<String, Object> m = Json.object(r.body());
            assertThat(m.get("issuer")).as(base).isEqualTo(base);
            for (String endpoint : List.of("authorization_endpoint", "token_endpoint", "revocation_endpoint",
                    "introspection_endpoint")) {
                assertThat((String) m.get(endpoint)).as("%s via %s", endpoint, base).startsWith(base + "/oauth/");
            }
            // A strict client: Nimbus fetches the document and checks its issuer against the one it asked for.
            AuthorizationServerMetadata resolved = AuthorizationServerMetadata.resolve(new Issuer(base),
                    req -> req.setSSLSocketFactory(proxy.trust().getSocketFactory()));
            assertThat(resolved.getIssuer().getValue()).isEqualTo(base);
            assertThat(resolved.getTokenEndpointURI()).hasToString(base + "/oauth/token");
        }
    }

    @Test
    void whenBehindTheTrustedProxyThenTheSeedsPasswordGrantAndTheApiWork() throws Exception {
        for (String base : List.of(proxy.xForwardedBase(), proxy.forwardedBase())) {
            HttpResponse<String> r = https.send(HttpRequest.newBuilder(URI.create(base + "/oauth/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(TestServer.encode(TestServer.form("grant_type", "password",
                            "client_id", TestServer.PASSWORD_APP, "client_secret", TestServer.PASSWORD_APP_SECRET,
                            "username", "user_name", "password", "user_password")))).build(),
                    HttpResponse.BodyHandlers.ofString());
            Map<String, Object> tokens = OAuthAssert.assertSeedTokens(r);
            HttpResponse<String> me = https.send(HttpRequest.newBuilder(URI.create(base + "/api/ver1.0/user/"))
                    .header("Authorization", "Bearer " + tokens.get("access_token")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
            assertThat(Json.object(me.body()).get("login")).isEqualTo("user_name");
        }
    }

    @Test
    void whenBehindTheTrustedProxyThenTheAuthorizeCookiesAreSecureWithTheHostPrefix() {
        AuthorizeClient browser = new AuthorizeClient(proxy.xForwardedBase(), proxy.trust());
        HttpResponse<String> login = browser.authorize(authorizeRequest());
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        assertThat(login.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c)
                .startsWith("__Host-pbxauth_csrf=").contains("; Path=/;").contains("; Secure").contains("HttpOnly")
                .doesNotContainIgnoringCase("Domain="));
        HttpResponse<String> consent = browser.submit(login, Map.of("login", "user_name", "password", "user_password"));
        assertThat(consent.statusCode()).as(consent.body()).isEqualTo(200);
        assertThat(consent.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c)
                .startsWith("__Host-pbxauth_web=").contains("; Path=/;").contains("; Secure"));
        HttpResponse<String> back = browser.submit(consent, Map.of("decision", "allow"));
        assertThat(back.statusCode()).isEqualTo(303);
        assertThat(back.headers().firstValue("Location").orElseThrow()).startsWith(CALLBACK + "?code=");
    }

    @Test
    void whenTheSameHeadersComeFromAnUntrustedAddressThenNothingChanges() {
        String direct = "http://localhost:" + server.port();
        List<String[]> forged = List.of(
                new String[] {"X-Forwarded-Proto", "https", "X-Forwarded-Host", "evil.example", "X-Forwarded-Port", "443"},
                new String[] {"Forwarded", "for=10.9.9.9;proto=https;host=evil.example"},
                new String[] {"X-Forwarded-Proto", "https"});
        for (String[] headers : forged) {
            HttpResponse<String> m = server.request("GET", WELL_KNOWN, "localhost:" + server.port(), null, headers);
            assertThat(m.statusCode()).isEqualTo(200);
            assertThat(Json.object(m.body()).get("issuer")).as(String.join(" ", headers)).isEqualTo(direct);
            HttpResponse<String> page = server.request("GET", "/oauth/authorize?" + TestServer.encode(authorizeRequest()),
                    "localhost:" + server.port(), null, headers);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().allValues("Set-Cookie")).allSatisfy(c -> assertThat(c)
                    .startsWith("pbxauth_").doesNotContain("Secure"));
        }
    }

    /** The trusted peer's headers, sent by hand from 127.0.0.2: what each form of the headers decides. */
    @Test
    void whenTheTrustedPeerSendsForwardedHeadersThenTheyDecideTheOrigin() throws Exception {
        HttpClient fromProxy = HttpClient.newBuilder().localAddress(InetAddress.getByName(TlsProxy.PROXY_ADDRESS))
                .connectTimeout(Duration.ofSeconds(5)).build();
        Map<String, String[]> cases = new LinkedHashMap<>();
        cases.put("https://localhost", new String[] {"X-Forwarded-Proto", "https"});
        cases.put("https://localhost:8443", new String[] {"X-Forwarded-Proto", "https", "X-Forwarded-Port", "8443"});
        cases.put("https://localhost:9443", new String[] {"Forwarded", "for=192.0.2.60;proto=https;host=\"localhost:9443\""});
        // the last of a list is what our peer added
        cases.put("https://localhost:7443", new String[] {"X-Forwarded-Proto", "http, https",
                "X-Forwarded-Host", "evil.example, localhost:7443"});
        // RFC 7239 §4 broken (an unclosed quote): the whole header is ignored
        cases.put("http://localhost", new String[] {"Forwarded", "for=\"192.0.2.60;proto=https"});
        for (var c : cases.entrySet()) {
            // the Host as a proxy passes it on ($host): the name without a port
            HttpRequest.Builder b = HttpRequest.newBuilder(server.uri(WELL_KNOWN)).header("Host", "localhost");
            for (int i = 0; i < c.getValue().length; i += 2) {
                b.header(c.getValue()[i], c.getValue()[i + 1]);
            }
            HttpResponse<String> r = fromProxy.send(b.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(String.join(" ", c.getValue())).isEqualTo(200);
            assertThat(Json.object(r.body()).get("issuer")).as(String.join(" ", c.getValue())).isEqualTo(c.getKey());
        }
        // A host no customer answers on, even through the trusted proxy: 404, nothing printed of it.
        HttpRequest unknown = HttpRequest.newBuilder(server.uri(WELL_KNOWN)).header("Host", "localhost:" + server.port())
                .header("X-Forwarded-Host", "nobody.example").build();
        assertThat(fromProxy.send(unknown, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
    }

    /** The operator may state a customer's public URL: it is the issuer whatever the request says. */
    @Test
    void whenACustomerHasAPublicUrlThenItIsTheIssuer() {
        InProcessCli.Result set = InProcessCli.withStdin(data, null, "customer", "set", "Other PBX",
                "--public-url", "https://pbx2.example.com");
        assertThat(set.exit()).as("%s", set).isZero();
        HttpResponse<String> m = server.request("GET", WELL_KNOWN, TestServer.OTHER_HOST + ":" + server.port(), null);
        assertThat(m.statusCode()).isEqualTo(200);
        Map<String, Object> doc = Json.object(m.body());
        assertThat(doc.get("issuer")).isEqualTo("https://pbx2.example.com");
        assertThat(doc.get("token_endpoint")).isEqualTo("https://pbx2.example.com/oauth/token");

        InProcessCli.Result list = InProcessCli.withStdin(data, null, "customer", "list");
        assertThat(list.out()).contains("https://pbx2.example.com");
        for (String bad : List.of("http://pbx2.example.com", "https://pbx2.example.com/path", "https://x.example?q=1",
                "ftp://x.example", "not a url")) {
            InProcessCli.Result r = InProcessCli.withStdin(data, null, "customer", "set", "Other PBX", "--public-url", bad);
            assertThat(r.exit()).as(bad).isEqualTo(2);
            assertThat(r.err()).as(bad).contains("public URL");
        }
    }

    private static Map<String, String> authorizeRequest() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("response_type", "code");
        p.put("client_id", TestServer.PUBLIC_APP);
        p.put("redirect_uri", CALLBACK);
        p.put("state", "s1");
        p.put("code_challenge", AuthorizeClient.s256(VERIFIER));
        p.put("code_challenge_method", "S256");
        return p;
    }
}
