package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pbxauth.TestServer.PASSWORD_APP;
import static org.pbxauth.TestServer.PASSWORD_APP_SECRET;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5, item 6: HTTPS from a PEM certificate and PKCS#8 key; plain HTTP answers 308 to HTTPS
 * (health probes excepted), HTTPS answers carry HSTS, and a PKCS#1 key is refused at start with
 * the command that converts it. The certificate is made by openssl for this run.
 */
class TlsTest {
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String GRANT = TestServer.encode(TestServer.form("grant_type", "password",
            "client_id", PASSWORD_APP, "client_secret", PASSWORD_APP_SECRET, "username", "user_name",
            "password", "user_password"));

    @TempDir static Path data;
    @TempDir static Path keys;
    private static TestServer server;
    private static HttpClient https;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(openssl("version") == 0, "openssl is not installed");
        assertThat(openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", keys.resolve("k").toString(),
                "-out", keys.resolve("c").toString(), "-days", "1", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1")).isZero();
        assertThat(Files.readString(keys.resolve("k"))).as("openssl writes PKCS#8").contains("BEGIN PRIVATE KEY");
        server = TestServer.start(data, Clock.systemUTC(), Map.of("tls.cert", keys.resolve("c").toString(),
                "tls.key", keys.resolve("k").toString(), "tls.port", "0", "trusted-proxies", "127.0.0.1"));

        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(keys.resolve("c"))));
        trust.setCertificateEntry("pbx-auth", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        https = HttpClient.newBuilder().sslContext(ssl).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void whenPlainHttpPostsToTheTokenEndpointThenA308ToTheSameUrlOnHttps() {
        int httpsPort = server.node().httpsPort();
        assertThat(httpsPort).as("the bound HTTPS port").isPositive().isNotEqualTo(server.port());
        HttpResponse<String> r = server.request("POST", "/oauth/token", "localhost:" + server.port(),
                GRANT.getBytes(java.nio.charset.StandardCharsets.UTF_8), "Content-Type", FORM);
        assertThat(r.statusCode()).isEqualTo(308);
        assertThat(r.headers().firstValue("Location")).hasValue("https://localhost:" + httpsPort + "/oauth/token");
        assertThat(r.headers().firstValue("Strict-Transport-Security")).as("HSTS only over HTTPS").isEmpty();
        assertThat(r.body()).as("no tokens over plain HTTP").doesNotContain("access_token");

        HttpResponse<String> withQuery = server.request("GET", "/oauth/authorize?client_id=x&state=a%20b", "localhost", null);
        assertThat(withQuery.statusCode()).isEqualTo(308);
        assertThat(withQuery.headers().firstValue("Location"))
                .hasValue("https://localhost:" + httpsPort + "/oauth/authorize?client_id=x&state=a%20b");

        // From a trusted proxy (the test's address is one here): the host the client named, as it forwarded it.
        HttpResponse<String> forwarded = server.request("GET", "/oauth/authorize?client_id=x", "127.0.0.1", null,
                "X-Forwarded-Proto", "http", "X-Forwarded-Host", "pbx.example.com");
        assertThat(forwarded.statusCode()).isEqualTo(308);
        assertThat(forwarded.headers().firstValue("Location"))
                .hasValue("https://pbx.example.com:" + httpsPort + "/oauth/authorize?client_id=x");
    }

    @Test
    void whenTheTokenEndpointIsCalledOverHttpsThen200WithHsts() throws Exception {
        HttpResponse<String> r = https.send(HttpRequest.newBuilder(
                        URI.create("https://127.0.0.1:" + server.node().httpsPort() + "/oauth/token"))
                .header("Host", "localhost").header("Content-Type", FORM)
                .POST(HttpRequest.BodyPublishers.ofString(GRANT)).build(), HttpResponse.BodyHandlers.ofString());
        OAuthAssert.assertSeedTokens(r);
        assertThat(r.headers().firstValue("Strict-Transport-Security"))
                .hasValueSatisfying(v -> assertThat(v).matches("max-age=\\d+.*"));
        String token = (String) Json.object(r.body()).get("access_token");
        HttpResponse<String> me = https.send(HttpRequest.newBuilder(
                        URI.create("https://127.0.0.1:" + server.node().httpsPort() + "/api/ver1.0/user/"))
                .header("Host", "localhost").header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.headers().firstValue("Strict-Transport-Security")).isPresent();
    }

    @Test
    void whenHealthIsProbedOverPlainHttpThenItAnswersWithoutRedirect() {
        HttpResponse<String> r = server.request("GET", "/health/live", null, null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Location")).isEmpty();
    }

    /** The seed's curl uses -L: it follows the 308 with its POST body to HTTPS and gets the tokens. */
    @Test
    void whenCurlFollowsTheRedirectThenItGetsTokensOverHttps() throws Exception {
        Assumptions.assumeTrue(run(List.of("curl", "--version")) == 0, "curl is not installed");
        Path out = keys.resolve("curl-out");
        int exit = run(List.of("curl", "-s", "-L", "--cacert", keys.resolve("c").toString(),
                "--resolve", "localhost:" + server.port() + ":127.0.0.1",
                "--resolve", "localhost:" + server.node().httpsPort() + ":127.0.0.1",
                "-o", out.toString(), "-X", "POST", "http://localhost:" + server.port() + "/oauth/token",
                "-H", "Content-Type: " + FORM, "-d", GRANT));
        assertThat(exit).as("curl's exit").isZero();
        OAuthAssert.assertSeedShape(Json.object(Files.readString(out)));
    }

    @Test
    void whenTheKeyIsPkcs1ThenTheServerRefusesToStartNamingTheConversion(@TempDir Path other) throws Exception {
        Path pkcs1 = keys.resolve("rsa.key");
        assertThat(openssl("rsa", "-in", keys.resolve("k").toString(), "-traditional", "-out", pkcs1.toString())).isZero();
        assertThat(Files.readString(pkcs1)).contains("BEGIN RSA PRIVATE KEY");
        assertThatThrownBy(() -> TestServer.start(other, Clock.systemUTC(), Map.of("tls.cert", keys.resolve("c").toString(),
                "tls.key", pkcs1.toString(), "tls.port", "0")).close())
                .hasMessageContaining("RSA PRIVATE KEY")
                .hasMessageContaining("openssl pkcs8 -topk8");
    }

    private static int openssl(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        return run(command);
    }

    private static int run(List<String> command) throws Exception {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            return -1; // not installed
        }
    }
}
