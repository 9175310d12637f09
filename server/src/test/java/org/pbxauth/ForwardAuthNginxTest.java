package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pbxauth.apps.AccessLevel;
import org.pbxauth.apps.AppType;
import org.pbxauth.directory.NewUser;
import org.pbxauth.directory.Tenant;
import org.pbxauth.directory.UserLevel;
import org.pbxauth.secrets.Secret;

/**
 * Issue 21: a real nginx (Debian's) with {@code auth_request} to {@code /auth/check}, configured
 * by {@code deploy/nginx/pbx-api.conf} exactly as README gives it, in front of a small upstream
 * the test runs: allowed requests reach it with pbx-auth's identity headers (never the client's),
 * and 401, each 403 and 429 come back from nginx in the vendor's shape with their headers.
 */
class ForwardAuthNginxTest {
    @TempDir static Path dir;
    static TestServer server;
    static HttpServer upstream;
    static Process nginx;
    static int port;
    static final AtomicReference<com.sun.net.httpserver.Headers> seen = new AtomicReference<>();
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static String userToken;
    static String callApiToken;
    static String otherToken;
    static String blockedToken;
    static Tenant other;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir.resolve("data"), Clock.systemUTC(), Map.of("rate-limits", "on"));
        Services s = server.node().services();
        Tenant demo = s.tenants().findByName("Demo PBX").orElseThrow();
        other = s.tenants().findByName("Other PBX").orElseThrow();
        var admin = s.users().findByLogin(demo.id(), "admin").orElseThrow();
        var app = s.apps().register(demo.id(), "Call API wallboard", AppType.PASSWORD_CREDENTIALS, AccessLevel.CALL_API,
                List.of(), admin);
        userToken = server.accessToken("localhost", TestServer.PASSWORD_APP, TestServer.PASSWORD_APP_SECRET,
                "user_name", "user_password");
        callApiToken = server.accessToken("localhost", app.app().clientId(), app.secret().reveal(), "admin", "admin_password");
        otherToken = server.accessToken(TestServer.OTHER_HOST, TestServer.OTHER_APP, TestServer.OTHER_APP_SECRET,
                "admin", "other_admin_password");
        var blocked = s.users().create(new NewUser(demo.id(), "blocked-at-nginx", UserLevel.EXTENSION, false, "UTC", 301L,
                null, s.passwords().hash(Secret.of("blocked-password"))));
        blockedToken = server.accessToken("localhost", TestServer.PASSWORD_APP, TestServer.PASSWORD_APP_SECRET,
                "blocked-at-nginx", "blocked-password");
        s.users().setBlocked(demo.id(), blocked.id(), true);

        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        upstream.createContext("/", exchange -> {
            seen.set(exchange.getRequestHeaders());
            exchange.getRequestBody().readAllBytes();
            byte[] body = ("{\"upstream\":\"" + exchange.getRequestURI().getPath() + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        upstream.start();
        port = freePort();
        Path snippet = Path.of("..", "deploy", "nginx", "pbx-api.conf").toAbsolutePath().normalize();
        String conf = "daemon off;\nmaster_process off;\nworker_processes 1;\n"
                + "error_log " + dir.resolve("error.log") + " warn;\npid " + dir.resolve("nginx.pid") + ";\n"
                + "events { worker_connections 128; }\n"
                + "http {\n  access_log off;\n"
                + "  client_body_temp_path " + dir.resolve("body") + ";\n  proxy_temp_path " + dir.resolve("proxy") + ";\n"
                + "  fastcgi_temp_path " + dir.resolve("fastcgi") + ";\n  uwsgi_temp_path " + dir.resolve("uwsgi") + ";\n"
                + "  scgi_temp_path " + dir.resolve("scgi") + ";\n"
                + "  upstream pbx_auth { server 127.0.0.1:" + server.port() + "; keepalive 4; }\n"
                + "  upstream pbx_api { server 127.0.0.1:" + upstream.getAddress().getPort() + "; keepalive 4; }\n"
                + "  server {\n    listen 127.0.0.1:" + port + ";\n    server_name localhost pbx2.localhost;\n"
                + "    include " + snippet + ";\n  }\n}\n";
        Path confFile = dir.resolve("nginx.conf");
        Files.writeString(confFile, conf);
        nginx = new ProcessBuilder(nginxBinary(), "-p", dir.toString(), "-c", confFile.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (!listening(port)) {
            if (!nginx.isAlive() || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("nginx did not start: " + Files.readString(dir.resolve("nginx.out"))
                        + (Files.exists(dir.resolve("error.log")) ? Files.readString(dir.resolve("error.log")) : ""));
            }
            Thread.sleep(50);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (nginx != null) {
            nginx.destroy();
            if (!nginx.waitFor(10, TimeUnit.SECONDS)) {
                nginx.destroyForcibly();
            }
        }
        if (upstream != null) {
            upstream.stop(0);
        }
        if (server != null) {
            server.close();
        }
    }

    static HttpResponse<String> send(String method, String path, String host, String token, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Host", host + ":" + port).timeout(Duration.ofSeconds(20))
                .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString("{}"));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void whenAllowedThenTheUpstreamGetsPbxAuthsIdentityAndNeverTheClientsOwn() throws Exception {
        seen.set(null);
        HttpResponse<String> r = send("GET", "/api/ver1.0/extension/100/cdr/", "localhost", userToken,
                "X-Pbx-User-Id", "1", "X-Pbx-Access", "full", "X-Pbx-Customer-Id", "2");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"upstream\":\"/api/ver1.0/extension/100/cdr/\"}");
        var h = seen.get();
        assertThat(h.get("X-pbx-user-id")).containsExactly("2");
        assertThat(h.get("X-pbx-user-login")).containsExactly("user_name");
        assertThat(h.get("X-pbx-access")).containsExactly("full");
        assertThat(h.get("X-pbx-customer-id")).containsExactly("1");
        assertThat(h.get("X-pbx-app-id")).containsExactly(TestServer.PASSWORD_APP);
        assertThat(r.headers().firstValue("X-RateLimit-Limit")).isPresent();
        assertThat(r.headers().firstValue("X-RateLimit-Remaining")).isPresent();
        assertThat(r.headers().firstValue("X-RateLimit-Reset")).isPresent();
    }

    @Test
    void whenTheTokensUserIsAskedForThenPbxAuthAnswersItThroughNginx() throws Exception {
        HttpResponse<String> r = send("GET", "/api/ver1.0/user/", "localhost", userToken);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"login\":\"user_name\"");
    }

    @Test
    void whenRefusedThenNginxAnswersTheVendorsStatusAndBodyAndTheUpstreamSeesNothing() throws Exception {
        seen.set(null);
        HttpResponse<String> none = send("GET", "/api/ver1.0/extension/100/cdr/", "localhost", null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        HttpResponse<String> bad = send("GET", "/api/ver1.0/extension/100/cdr/", "localhost", "forged");
        assertThat(bad.statusCode()).isEqualTo(401);
        assertThat(bad.body()).isEqualTo("{\"error\":\"invalid_token\"}");
        assertThat(bad.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).contains("invalid_token"));

        assertRefused(send("GET", "/api/ver1.0/client/999999/did/", "localhost", userToken), "access_denied");
        assertRefused(send("GET", "/api/ver1.0/extension/101/cdr/", "localhost", userToken), "user_access_type_deny");
        assertRefused(send("PUT", "/api/ver1.0/client/@me/extension/100", "localhost", callApiToken), "app_access_type_deny");
        assertRefused(send("GET", "/api/ver1.0/extension/301/cdr/", "localhost", blockedToken), "user_blocked");
        assertThat(seen.get()).as("requests that reached the upstream").isNull();
    }

    @Test
    void whenTheHourlyLimitIsOverThenNginxAnswers429WithTheLimitHeaders() throws Exception {
        server.node().services().tenants().setApiLimit(other.id(), 2L);
        server.node().services().directory().forget(other.id());
        assertThat(send("GET", "/api/ver1.0/client/@me/did/", TestServer.OTHER_HOST, otherToken).statusCode()).isEqualTo(200);
        HttpResponse<String> last = send("GET", "/api/ver1.0/client/@me/did/", TestServer.OTHER_HOST, otherToken);
        assertThat(last.statusCode()).isEqualTo(200);
        assertThat(last.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
        HttpResponse<String> over = send("GET", "/api/ver1.0/client/@me/did/", TestServer.OTHER_HOST, otherToken);
        assertThat(over.statusCode()).isEqualTo(429);
        assertThat(over.body()).isEqualTo("{\"status\":\"rate_limit_exceeded\"}");
        assertThat(over.headers().firstValue("X-RateLimit-Limit")).hasValue("2");
        assertThat(over.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
        long reset = Long.parseLong(over.headers().firstValue("X-RateLimit-Reset").orElseThrow());
        assertThat(reset).isBetween(0L, 3600L);
        assertThat(over.headers().firstValue("Retry-After")).hasValue(Long.toString(reset));
    }

    private static void assertRefused(HttpResponse<String> r, String status) {
        assertThat(r.statusCode()).as(status).isEqualTo(403);
        assertThat(r.body()).isEqualTo("{\"status\":\"" + status + "\"}");
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    }

    private static String nginxBinary() {
        for (String candidate : List.of("/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return "nginx";
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
