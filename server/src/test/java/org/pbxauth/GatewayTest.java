package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pbxauth.apps.AccessLevel;
import org.pbxauth.apps.AppType;
import org.pbxauth.config.Settings;
import org.pbxauth.config.SettingsException;

/**
 * Issue 21, gateway mode: with {@code gateway.upstream} pbx-auth itself checks and proxies
 * {@code /api/ver1.0/**} to a real upstream (the JDK's HTTP server, run by the test): the
 * upstream's status, headers and body come back; the identity headers are pbx-auth's whatever
 * the client sends; 20 MB stream through both ways (shown by each side receiving bytes before
 * the other has finished sending, never by a timing); a dead upstream is a 502 and a silent one
 * a 504 after {@code gateway.timeout}, both in the vendor's JSON shape.
 */
class GatewayTest {
    static final int MB = 1024 * 1024;
    static final int BIG = 20 * MB;

    @TempDir static Path dir;
    static TestServer server;
    static HttpServer upstream;
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static final AtomicReference<Headers> seen = new AtomicReference<>();
    static final AtomicInteger reached = new AtomicInteger();
    static final Set<Integer> echoPorts = ConcurrentHashMap.newKeySet();
    /** Released when the upstream has read a first megabyte of an upload. */
    static final CountDownLatch uploadArriving = new CountDownLatch(1);
    static final AtomicLong uploaded = new AtomicLong();
    /** Released when the client has read a first megabyte of a download. */
    static final CountDownLatch downloadArriving = new CountDownLatch(1);
    static final CountDownLatch endOfSilence = new CountDownLatch(1);
    static String adminToken;
    static String callApiToken;

    @BeforeAll
    static void start() throws Exception {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        upstream.setExecutor(Executors.newCachedThreadPool());
        upstream.createContext("/api/ver1.0/client/@me/echo", GatewayTest::echo);
        upstream.createContext("/api/ver1.0/client/@me/fax/send", GatewayTest::receiveFax);
        upstream.createContext("/api/ver1.0/client/@me/record/1/download", GatewayTest::sendRecording);
        upstream.createContext("/api/ver1.0/client/@me/slow", exchange -> {
            awaitQuietly(endOfSilence, 120);
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        upstream.start();
        server = TestServer.start(dir.resolve("data"), Clock.systemUTC(), Map.of(
                "gateway.upstream", "http://127.0.0.1:" + upstream.getAddress().getPort() + "/",
                // long enough that no wait of the streaming tests (each side holding back until the
                // other has its first megabytes) ever reads as silence; the 504 has a server of its own
                "gateway.timeout", "60s", "rate-limits", "on"));
        Services s = server.node().services();
        var demo = s.tenants().findByName("Demo PBX").orElseThrow();
        var admin = s.users().findByLogin(demo.id(), "admin").orElseThrow();
        var callApi = s.apps().register(demo.id(), "Call API recorder", AppType.PASSWORD_CREDENTIALS, AccessLevel.CALL_API,
                List.of(), admin);
        adminToken = server.accessToken("localhost", TestServer.PASSWORD_APP, TestServer.PASSWORD_APP_SECRET,
                "admin", "admin_password");
        callApiToken = server.accessToken("localhost", callApi.app().clientId(), callApi.secret().reveal(),
                "admin", "admin_password");
    }

    @AfterAll
    static void stop() {
        endOfSilence.countDown();
        if (server != null) {
            server.close();
        }
        if (upstream != null) {
            upstream.stop(0);
        }
    }

    private static void echo(HttpExchange exchange) throws IOException {
        reached.incrementAndGet();
        seen.set(exchange.getRequestHeaders());
        echoPorts.add(exchange.getRemoteAddress().getPort());
        byte[] in = exchange.getRequestBody().readAllBytes();
        exchange.getResponseHeaders().add("X-Upstream", "echo");
        exchange.getResponseHeaders().add("X-RateLimit-Limit", "999999"); // the upstream's own: never the client's
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        if (exchange.getRequestMethod().equals("DELETE")) {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
            return;
        }
        byte[] body = ("{\"method\":\"" + exchange.getRequestMethod() + "\",\"uri\":\"" + exchange.getRequestURI()
                + "\",\"body\":\"" + new String(in, StandardCharsets.UTF_8) + "\"}").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(201, exchange.getRequestMethod().equals("HEAD") ? -1 : body.length);
        if (!exchange.getRequestMethod().equals("HEAD")) {
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    private static void receiveFax(HttpExchange exchange) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        try (InputStream in = exchange.getRequestBody()) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                if (total >= MB) {
                    uploadArriving.countDown();
                }
            }
        }
        uploaded.set(total);
        byte[] body = ("{\"received\":" + total + "}").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static void sendRecording(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "audio/wav");
        exchange.sendResponseHeaders(200, BIG);
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = exchange.getResponseBody()) {
            for (int sent = 0; sent < BIG; sent += chunk.length) {
                out.write(chunk);
                if (sent + chunk.length == 2 * MB) {
                    out.flush();
                    // the rest only once the client holds the first megabyte: a gateway that
                    // buffered the whole answer before passing it on would never get it
                    awaitQuietly(downloadArriving, 60);
                }
            }
        }
        exchange.close();
    }

    private static void awaitQuietly(CountDownLatch latch, int seconds) {
        try {
            latch.await(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static HttpRequest.Builder request(String method, String path, String token, HttpRequest.BodyPublisher body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri(path)).header("Host", "localhost:" + server.port())
                .timeout(Duration.ofSeconds(90)).method(method, body);
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }

    static HttpResponse<String> send(String method, String path, String token, String... headers) throws Exception {
        HttpRequest.Builder b = request(method, path, token, method.equals("POST") || method.equals("PUT")
                ? HttpRequest.BodyPublishers.ofString("hello") : HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void whenAllowedThenTheUpstreamsStatusHeadersAndBodyComeBackWithPbxAuthsLimitHeaders() throws Exception {
        HttpResponse<String> r = send("POST", "/api/ver1.0/client/@me/echo?page=2&q=a%20b", adminToken,
                "Content-Type", "text/plain");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(r.body()).isEqualTo("{\"method\":\"POST\",\"uri\":\"/api/ver1.0/client/@me/echo?page=2&q=a%20b\","
                + "\"body\":\"hello\"}");
        assertThat(r.headers().firstValue("X-Upstream")).hasValue("echo");
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(r.headers().allValues("X-RateLimit-Limit")).hasSize(1).doesNotContain("999999");
        assertThat(r.headers().firstValue("X-RateLimit-Remaining")).isPresent();
        assertThat(r.headers().firstValue("X-Pbx-Status")).isEmpty();

        HttpResponse<String> deleted = send("DELETE", "/api/ver1.0/client/@me/echo/7", adminToken);
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
        HttpResponse<String> head = send("HEAD", "/api/ver1.0/client/@me/echo", adminToken);
        assertThat(head.statusCode()).isEqualTo(201);
    }

    @Test
    void whenTheClientSendsIdentityOrForwardedHeadersThenTheUpstreamGetsOnlyPbxAuthsOwn() throws Exception {
        HttpResponse<String> r = send("GET", "/api/ver1.0/client/@me/echo", adminToken,
                "X-Pbx-User-Id", "1", "X-Pbx-Customer-Id", "2", "X-Pbx-Access", "full", "X-Pbx-App-Id", "forged",
                "X-Pbx-Anything", "forged", "X-Forwarded-For", "6.6.6.6", "Forwarded", "for=6.6.6.6");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        Headers h = seen.get();
        var demo = server.node().services().tenants().findByName("Demo PBX").orElseThrow();
        var admin = server.node().services().users().findByLogin(demo.id(), "admin").orElseThrow();
        assertThat(h.get("X-pbx-customer-id")).containsExactly(Long.toString(demo.id()));
        assertThat(h.get("X-pbx-user-id")).containsExactly(Long.toString(admin.id()));
        assertThat(h.get("X-pbx-user-login")).containsExactly("admin");
        assertThat(h.get("X-pbx-app-id")).containsExactly(TestServer.PASSWORD_APP);
        assertThat(h.get("X-pbx-access")).containsExactly("full");
        assertThat(h.get("X-pbx-anything")).isNull();
        assertThat(h.get("Forwarded")).isNull();
        assertThat(h.get("X-forwarded-for")).containsExactly("127.0.0.1");
        assertThat(h.get("X-forwarded-proto")).containsExactly("http");
        assertThat(h.getFirst("Host")).isEqualTo("localhost:" + server.port()); // the customer's hostname
    }

    @Test
    void whenRefusedThenTheVendorsAnswerComesFromPbxAuthAndTheUpstreamSeesNothing() throws Exception {
        int before = reached.get();
        HttpResponse<String> none = send("GET", "/api/ver1.0/client/@me/echo", null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        HttpResponse<String> forged = send("GET", "/api/ver1.0/client/@me/echo", "forged");
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(forged.body()).contains("\"error\":\"invalid_token\"");
        HttpResponse<String> configChange = send("PUT", "/api/ver1.0/client/@me/echo", callApiToken);
        assertThat(configChange.statusCode()).isEqualTo(403);
        assertThat(configChange.body()).isEqualTo("{\"status\":\"app_access_type_deny\"}");
        assertThat(configChange.headers().firstValue("X-Pbx-Status")).hasValue("app_access_type_deny");
        HttpResponse<String> otherCustomer = send("GET", "/api/ver1.0/client/999999/echo", adminToken);
        assertThat(otherCustomer.statusCode()).isEqualTo(403);
        assertThat(otherCustomer.body()).isEqualTo("{\"status\":\"access_denied\"}");
        HttpResponse<String> ambiguous = send("GET", "/api/ver1.0/client/%2540me/echo", adminToken);
        assertThat(ambiguous.statusCode()).isEqualTo(403);
        assertThat(reached.get()).as("requests that reached the upstream").isEqualTo(before);
    }

    @Test
    void whenTheTokensUserIsAskedForThenPbxAuthAnswersItself() throws Exception {
        HttpResponse<String> r = send("GET", "/api/ver1.0/user/", adminToken);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"login\":\"admin\"");
        assertThat(send("POST", "/api/ver1.0/user", adminToken).statusCode()).isEqualTo(405);
    }

    @Test
    void when20MegabytesAreUploadedThenTheUpstreamReadsThemWhileTheClientIsStillSending() throws Exception {
        AtomicBoolean arrivedEarly = new AtomicBoolean();
        InputStream fax = new InputStream() {
            long sent;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0];
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (sent >= BIG) {
                    return -1;
                }
                if (sent >= 4 * MB && !arrivedEarly.get()) {
                    // hold back the remaining 16 MB until the upstream has a first megabyte: a
                    // gateway that buffered the body before sending it on would stall here
                    try {
                        arrivedEarly.set(uploadArriving.await(60, TimeUnit.SECONDS));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return -1;
                    }
                    if (!arrivedEarly.get()) {
                        return -1;
                    }
                }
                int n = (int) Math.min(len, BIG - sent);
                sent += n;
                return n;
            }
        };
        HttpResponse<String> r = http.send(request("POST", "/api/ver1.0/client/@me/fax/send", adminToken,
                HttpRequest.BodyPublishers.ofInputStream(() -> fax)).header("Content-Type", "multipart/form-data; boundary=x")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(arrivedEarly).as("the upstream had a megabyte before the client sent its last 16").isTrue();
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"received\":" + BIG + "}");
        assertThat(uploaded.get()).isEqualTo(BIG);
    }

    @Test
    void when20MegabytesAreDownloadedThenTheClientReadsThemWhileTheUpstreamIsStillSending() throws Exception {
        HttpResponse<InputStream> r = http.send(request("GET", "/api/ver1.0/client/@me/record/1/download", adminToken,
                HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("audio/wav");
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = r.body()) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                if (total >= MB) {
                    downloadArriving.countDown(); // the upstream holds 18 MB back until now
                }
            }
        }
        assertThat(total).isEqualTo(BIG);
    }

    @Test
    void whenRequestsFollowEachOtherThenTheyShareOneUpstreamConnection() throws Exception {
        echoPorts.clear();
        for (int i = 0; i < 5; i++) {
            assertThat(send("GET", "/api/ver1.0/client/@me/echo?n=" + i, adminToken).statusCode()).isEqualTo(201);
        }
        assertThat(echoPorts).as("the gateway's source ports at the upstream").hasSize(1);
    }

    @Test
    void whenTheUpstreamStaysSilentPastTheTimeoutThen504InTheVendorsShape() throws Exception {
        HttpResponse<String> r;
        try (TestServer impatient = TestServer.start(dir.resolve("impatient"), Clock.systemUTC(), Map.of(
                "gateway.upstream", "http://127.0.0.1:" + upstream.getAddress().getPort(), "gateway.timeout", "1s"))) {
            String token = impatient.accessToken("localhost", TestServer.PASSWORD_APP, TestServer.PASSWORD_APP_SECRET,
                    "admin", "admin_password");
            r = impatient.request("GET", "/api/ver1.0/client/@me/slow", "localhost", null, "Authorization", "Bearer " + token);
        }
        assertThat(r.statusCode()).isEqualTo(504);
        assertThat(r.body()).isEqualTo("{\"status\":\"gateway_timeout\"}");
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(r.headers().firstValue("X-Pbx-Status")).hasValue("gateway_timeout");
    }

    @Test
    void whenTheUpstreamIsDownThen502InTheVendorsShape() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort(); // nothing listens here once the socket is closed
        }
        try (TestServer lonely = TestServer.start(dir.resolve("lonely"), Clock.systemUTC(),
                Map.of("gateway.upstream", "http://127.0.0.1:" + closed))) {
            String token = lonely.accessToken("localhost", TestServer.PASSWORD_APP, TestServer.PASSWORD_APP_SECRET,
                    "admin", "admin_password");
            HttpResponse<String> r = lonely.request("GET", "/api/ver1.0/client/@me/did/", "localhost", null,
                    "Authorization", "Bearer " + token);
            assertThat(r.statusCode()).isEqualTo(502);
            assertThat(r.body()).isEqualTo("{\"status\":\"bad_gateway\"}");
            assertThat(r.headers().firstValue("X-Pbx-Status")).hasValue("bad_gateway");
            HttpResponse<String> metrics = lonely.request("GET", "/metrics", null, null);
            assertThat(metrics.body()).contains("pbxauth_gateway_responses_total{from=\"gateway\",status=\"502\"} 1.0");
        }
    }

    @Test
    void whenAnswersPassThenTheyAreCountedByUpstreamStatus() throws Exception {
        send("GET", "/api/ver1.0/client/@me/echo", adminToken);
        String metrics = server.request("GET", "/metrics", null, null).body();
        assertThat(metrics).containsPattern("pbxauth_gateway_responses_total\\{from=\"upstream\",status=\"201\"} [1-9]");
        assertThat(metrics).containsPattern("pbxauth_gateway_decisions_total\\{decision=\"allowed\",status=\"ok\"} [1-9]");
    }

    @Test
    void whenTheUpstreamSettingIsNoHttpUrlThenTheServerRefusesToStart() {
        for (String bad : new String[] {"ftp://pbx-api", "pbx-api.internal:8081", "http://user:pw@pbx-api", "http://pbx-api/?a=1"}) {
            assertThatThrownBy(() -> Settings.load(Map.of(), Map.of("gateway.upstream", bad)))
                    .isInstanceOf(SettingsException.class).hasMessageContaining("gateway.upstream");
        }
        assertThat(Settings.load(Map.of(), Map.of("gateway.upstream", "https://pbx-api.internal:8443/base/")).gatewayUpstream())
                .isEqualTo("https://pbx-api.internal:8443/base");
    }
}
