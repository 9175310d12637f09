package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pbxauth.TestServer.PASSWORD_APP;
import static org.pbxauth.TestServer.PASSWORD_APP_SECRET;
import static org.pbxauth.TokenCalls.DEMO;
import static org.pbxauth.TokenCalls.assertError;
import static org.pbxauth.TokenCalls.ok;
import static org.pbxauth.TokenCalls.s;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Issue 4, item 4: what an operator sees. Health probes, the Prometheus text at /metrics, and
 * the audit log (logger {@code pbxauth.audit}), captured in-process with a Logback ListAppender.
 */
class OperatorViewTest {
    private static final String WRONG_PASSWORD = "Wr0ng-Passw0rd-7731";

    @TempDir static Path data;
    private static TestServer server;
    private static TokenCalls api;
    private static long demoId;
    private static long userId;

    @BeforeAll
    static void start() {
        server = TestServer.start(data);
        api = new TokenCalls(server);
        Services services = server.node().services();
        demoId = services.tenants().findByName("Demo PBX").orElseThrow().id();
        userId = services.users().findByLogin(demoId, "user_name").orElseThrow().id();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void whenProbedThenLiveAndReadyAnswer200WithJson() {
        for (String path : new String[] {"/health/live", "/health/ready"}) {
            HttpResponse<String> r = server.request("GET", path, null, null);
            assertThat(r.statusCode()).as("%s: %s", path, r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).as("Content-Type of %s", path)
                    .hasValueSatisfying(ct -> assertThat(ct).startsWithIgnoringCase("application/json"));
            assertThat(r.headers().firstValue("Cache-Control")).as("Cache-Control of %s", path).hasValue("no-store");
            assertThat(Json.object(r.body()).get("status")).as("status of %s", path)
                    .isEqualTo(path.endsWith("live") ? "live" : "ready");
        }
    }

    @Test
    void whenTokensIssuedRefusedAndRevokedThenMetricsShowThem() {
        String before = scrape();
        Map<String, Object> login = api.login("user_name", "user_password");
        assertError(api.password(DEMO, PASSWORD_APP, PASSWORD_APP_SECRET, "user_name", WRONG_PASSWORD), 400, "invalid_grant");
        Map<String, Object> refreshed = ok(api.refresh(s(login, "refresh_token")));
        ok(api.revoke(DEMO, PASSWORD_APP, PASSWORD_APP_SECRET, "token", s(refreshed, "refresh_token")));
        String after = scrape();

        String count = "pbxauth_http_requests_seconds_count";
        String token = "endpoint=\"/oauth/token\"";
        assertThat(value(after, count, token, "grant=\"password\"", "outcome=\"ok\"", "status=\"200\""))
                .as("password logins answered 200").isEqualTo(value(before, count, token, "grant=\"password\"",
                        "outcome=\"ok\"", "status=\"200\"") + 1);
        assertThat(value(after, count, token, "grant=\"password\"", "outcome=\"invalid_grant\""))
                .as("password logins refused").isEqualTo(value(before, count, token, "grant=\"password\"",
                        "outcome=\"invalid_grant\"") + 1);
        assertThat(value(after, count, token, "grant=\"refresh_token\"", "outcome=\"ok\""))
                .as("refreshes").isEqualTo(value(before, count, token, "grant=\"refresh_token\"", "outcome=\"ok\"") + 1);
        assertThat(value(after, count, "endpoint=\"/oauth/revoke\"", "outcome=\"ok\""))
                .as("revocations").isEqualTo(value(before, count, "endpoint=\"/oauth/revoke\"", "outcome=\"ok\"") + 1);
        // a latency histogram by endpoint and grant, not only a count
        assertThat(lines(after, "pbxauth_http_requests_seconds_bucket", token, "grant=\"password\"", "le=\""))
                .as("latency buckets of password logins").hasSizeGreaterThanOrEqualTo(10);

        assertThat(value(after, "pbxauth_tokens_issued_total", "kind=\"access\""))
                .as("access tokens issued: a login and a refresh")
                .isEqualTo(value(before, "pbxauth_tokens_issued_total", "kind=\"access\"") + 2);
        assertThat(value(after, "pbxauth_tokens_issued_total", "kind=\"refresh\""))
                .as("refresh tokens issued: a login and a refresh")
                .isEqualTo(value(before, "pbxauth_tokens_issued_total", "kind=\"refresh\"") + 2);
        assertThat(value(after, "pbxauth_tokens_revoked_total"))
                .as("revocations counted").isEqualTo(value(before, "pbxauth_tokens_revoked_total") + 1);

        assertThat(lines(after, "hikaricp_connections", "pool=\"pbx-auth\"")).as("connection pool gauges").isNotEmpty();
        assertThat(value(after, "hikaricp_connections_max", "pool=\"pbx-auth\"")).as("pool size").isEqualTo(16.0);
        if (!TestDatabases.isPostgres()) { // SQLite: the read-only pool above, and the one writing connection
            assertThat(value(after, "hikaricp_connections_max", "pool=\"pbx-auth-writer\"")).as("writers").isEqualTo(1.0);
        }
        assertThat(lines(after, "pbxauth_hashing_waiting")).as("password-hashing queue gauge").hasSize(1);
        assertThat(value(after, "pbxauth_hashing_waiting")).as("hashes waiting while idle").isZero();
        assertThat(lines(after, "jvm_memory_used_bytes")).as("JVM memory").isNotEmpty();
        assertThat(value(after, "jvm_memory_used_bytes")).isPositive();
    }

    @Test
    void whenTokensIssuedRefusedRefreshedAndRevokedThenOneAuditLineEachAndNoSecret() {
        List<String> audit;
        Map<String, Object> login;
        Map<String, Object> refreshed;
        try (AuditCapture capture = new AuditCapture()) {
            login = api.login("user_name", "user_password");
            assertError(api.password(DEMO, PASSWORD_APP, PASSWORD_APP_SECRET, "user_name", WRONG_PASSWORD),
                    400, "invalid_grant");
            refreshed = ok(api.refresh(s(login, "refresh_token")));
            ok(api.revoke(DEMO, PASSWORD_APP, PASSWORD_APP_SECRET, "token", s(refreshed, "refresh_token")));
            audit = capture.lines();
        }
        String who = "customer=" + demoId + " app=" + PASSWORD_APP + " user=" + userId + " client=127.0.0.1";
        assertThat(audit).as("audit lines").filteredOn(l -> l.contains("token issued"))
                .satisfiesExactlyInAnyOrder(
                        l -> assertThat(l).contains("grant=password " + who).contains("outcome=ok"),
                        l -> assertThat(l).contains("grant=refresh_token " + who).contains("outcome=ok"));
        assertThat(audit).filteredOn(l -> l.contains("token refused")).singleElement()
                .satisfies(l -> assertThat(l).contains("grant=password").contains("app=" + PASSWORD_APP)
                        .contains("client=127.0.0.1").contains("outcome=invalid_grant"));
        assertThat(audit).filteredOn(l -> l.contains("token revoked")).singleElement()
                .satisfies(l -> assertThat(l).contains("kind=REFRESH").contains(who).contains("outcome=ok"));
        assertThat(audit).as("audit lines of four token events").hasSize(4);

        List<String> secrets = List.of("user_password", WRONG_PASSWORD, PASSWORD_APP_SECRET,
                s(login, "access_token"), s(login, "refresh_token"),
                s(refreshed, "access_token"), s(refreshed, "refresh_token"));
        for (String line : audit) {
            for (String secret : secrets) {
                assertThat(line).as("audit line").doesNotContain(secret);
            }
        }
    }

    /**
     * The issue asks every audit line, a refusal's too, for customer and user. A refused login
     * knows both (the Host's customer, the login tried), and an operator tracing a guessing
     * attack needs them.
     */
    @Test
    void whenLoginRefusedThenItsAuditLineNamesTheCustomerAndTheUserTried() {
        List<String> audit;
        try (AuditCapture capture = new AuditCapture()) {
            assertError(api.password(DEMO, PASSWORD_APP, PASSWORD_APP_SECRET, "user_name", WRONG_PASSWORD),
                    400, "invalid_grant");
            audit = capture.lines();
        }
        assertThat(audit).filteredOn(l -> l.contains("token refused")).singleElement()
                .satisfies(l -> assertThat(l).contains("customer=" + demoId).containsPattern("user=(user_name|" + userId + ")\\b"));
        // and a successful login after it clears the failure count, keeping later tests' logins unthrottled
        api.login("user_name", "user_password");
    }

    private static String scrape() {
        HttpResponse<String> r = server.request("GET", "/metrics", null, null);
        assertThat(r.statusCode()).as("/metrics").isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).as("Prometheus text format")
                .hasValueSatisfying(ct -> assertThat(ct).startsWith("text/plain").contains("version=0.0.4"));
        return r.body();
    }

    /** Sample lines of {@code name} (exactly, with or without labels) that contain every label fragment. */
    private static List<String> lines(String scrape, String name, String... labels) {
        Pattern sample = Pattern.compile("^" + Pattern.quote(name) + "(\\{.*\\})? [-+0-9.eE]+(Inf)?$");
        return scrape.lines()
                .filter(l -> sample.matcher(l).matches())
                .filter(l -> {
                    for (String label : labels) {
                        if (!l.contains(label)) {
                            return false;
                        }
                    }
                    return true;
                })
                .toList();
    }

    /** The sum of the matching samples; 0 when there is none yet (a counter not yet touched). */
    private static double value(String scrape, String name, String... labels) {
        return lines(scrape, name, labels).stream()
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    /** The formatted messages of logger {@code pbxauth.audit} while open. */
    private static final class AuditCapture implements AutoCloseable {
        private final Logger logger = (Logger) LoggerFactory.getLogger("pbxauth.audit");
        private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

        AuditCapture() {
            appender.setContext(logger.getLoggerContext());
            appender.setName("audit-capture");
            appender.start();
            logger.addAppender(appender);
        }

        List<String> lines() {
            synchronized (appender) { // AppenderBase.doAppend holds this lock
                return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
            }
        }

        @Override
        public void close() {
            logger.detachAppender(appender);
            appender.stop();
        }
    }
}
