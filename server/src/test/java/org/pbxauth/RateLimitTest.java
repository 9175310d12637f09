package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pbxauth.TestServer.DEMO_HOST;
import static org.pbxauth.TestServer.OTHER_APP;
import static org.pbxauth.TestServer.OTHER_APP_SECRET;
import static org.pbxauth.TestServer.OTHER_HOST;
import static org.pbxauth.TestServer.PASSWORD_APP;
import static org.pbxauth.TestServer.PASSWORD_APP_SECRET;
import static org.pbxauth.TestServer.TRUSTED_APP;
import static org.pbxauth.TestServer.TRUSTED_APP_SECRET;

import java.io.IOException;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5, item 2: the vendor's rate limits. Per client address on {@code /oauth/*}: 20 requests
 * a second and 6 at once, 429 with Retry-After over them. Per customer (and optionally per app)
 * and clock hour on {@code /api/ver1.0/*}, with X-RateLimit-* headers and 429
 * {@code {"status":"rate_limit_exceeded"}}. Client addresses come from {@code X-Forwarded-For} only
 * when the peer is a trusted proxy. {@code rate-limits off} (or PBXAUTH_RATE_LIMITS=off) turns
 * these off but never the password throttle.
 *
 * <p>Two loopback peers: 127.0.0.2 is the trusted proxy, 127.0.0.1 an untrusted client (every
 * 127/8 address is loopback). Each test sends through its own forwarded addresses, so the
 * per-address buckets of the shared server do not meet.
 */
class RateLimitTest {
    private static final String PROXY = "127.0.0.2";
    private static final String DIRECT = "127.0.0.1";
    private static final String FORM = "application/x-www-form-urlencoded";

    @TempDir static Path data;
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(data, Clock.systemUTC(), Map.of("rate-limits", "on", "trusted-proxies", PROXY));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void whenMoreThanTwentyTokenRequestsInWellUnderASecondThenSomeAre429WithRetryAfter() {
        Peer proxy = new Peer(server, PROXY);
        List<HttpResponse<String>> answers = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < 40; i++) {
            answers.add(proxy.post("/oauth/token", DEMO_HOST, "", "X-Forwarded-For", "10.30.0.1"));
        }
        long tookMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(tookMs).as("40 requests sent well within a second").isLessThan(900);
        for (int i = 0; i < 20; i++) {
            assertThat(answers.get(i).statusCode()).as("request %d of the first 20", i + 1).isEqualTo(400);
        }
        List<HttpResponse<String>> limited = answers.stream().filter(r -> r.statusCode() == 429).toList();
        // a bucket of 20 refilled at 20 a second: in t seconds at most 20 + 20 t pass
        long mustRefuse = Math.max(1, 40 - 20 - (20 * tookMs + 999) / 1000 - 1);
        assertThat(limited).as("429 answers among 40 requests in %d ms", tookMs).hasSizeGreaterThanOrEqualTo((int) mustRefuse);
        assertThat(answers).allSatisfy(r -> assertThat(r.statusCode()).isIn(400, 429));
        for (HttpResponse<String> r : limited) {
            assert429(r);
        }
    }

    @Test
    void whenTheLoginPageIsHitMoreThanTwentyTimesInWellUnderASecondThenSomeAre429() {
        Peer proxy = new Peer(server, PROXY);
        String query = "/oauth/authorize?" + TestServer.encode(TestServer.form("response_type", "code", "client_id",
                TestServer.PUBLIC_APP, "redirect_uri", AuthorizeClient.CALLBACK, "state", "s"));
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            statuses.add(proxy.get(query, DEMO_HOST, "X-Forwarded-For", "10.30.1.1").statusCode());
        }
        assertThat(statuses.subList(0, 20)).as("the first 20 show the login page").containsOnly(200);
        assertThat(statuses).as("statuses").contains(429);
    }

    @Test
    void whenSevenSlowRequestsRunAtOnceFromOneAddressThenAtLeastOneIs429() throws Exception {
        Peer proxy = new Peer(server, PROXY);
        int limited = 0;
        List<Integer> all = new ArrayList<>();
        for (int round = 0; round < 3 && limited == 0; round++) { // at most three tries to get 7 truly at once
            List<HttpResponse<String>> answers = concurrentPasswordGrants(proxy, 7, "10.30.2." + round);
            for (HttpResponse<String> r : answers) {
                all.add(r.statusCode());
                if (r.statusCode() == 429) {
                    limited++;
                    assert429(r);
                } else {
                    // 503: the hashing pool shed it (a busy 2-core machine), which is not the limit under test
                    assertThat(r.statusCode()).as("a password grant: %s", r.body()).isIn(200, 503);
                }
            }
        }
        assertThat(limited).as("429 among 7 concurrent password grants from one address (statuses %s)", all)
                .isGreaterThanOrEqualTo(1);
    }

    /** Requests that end in errors give their concurrency slot back: six at once still pass afterwards. */
    @Test
    void whenRequestsEndInErrorsThenTheirConcurrencySlotsAreReturned() throws Exception {
        Peer proxy = new Peer(server, PROXY);
        String address = "10.30.3.1";
        for (int i = 0; i < 8; i++) {
            HttpResponse<String> r = proxy.post("/oauth/token", DEMO_HOST,
                    "grant_type=password&client_id=" + PASSWORD_APP + "&client_secret=wrong", "X-Forwarded-For", address);
            assertThat(r.statusCode()).as("a refused request: %s", r.body()).isEqualTo(401);
        }
        HttpResponse<String> broken = proxy.post("/oauth/token", DEMO_HOST, "a=%zz", "X-Forwarded-For", address);
        assertThat(broken.statusCode()).isEqualTo(400);
        Thread.sleep(1100); // the per-second bucket fills up again
        List<HttpResponse<String>> answers = concurrentPasswordGrants(proxy, 6, address);
        // none refused by the limit (a 503 would be the hashing pool shedding on a busy machine)
        assertThat(answers).as("six at once after nine refusals").allSatisfy(r ->
                assertThat(r.statusCode()).as("status of %s", r.body()).isIn(200, 503));
        assertThat(answers).as("six at once after nine refusals").anySatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
    }

    @Test
    void whenATrustedProxyForwardsDistinctAddressesThenEachHasItsOwnLimit() {
        Peer proxy = new Peer(server, PROXY);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            statuses.add(proxy.post("/oauth/token", DEMO_HOST, "", "X-Forwarded-For", "10.30.4.1").statusCode());
            statuses.add(proxy.post("/oauth/token", DEMO_HOST, "", "X-Forwarded-For", "10.30.4.2").statusCode());
            // the proxy's own hop after the client's, as a chain of proxies writes it
            statuses.add(proxy.post("/oauth/token", DEMO_HOST, "", "X-Forwarded-For", "10.30.4.3, " + PROXY).statusCode());
        }
        assertThat(statuses).as("60 requests from the proxy, 20 for each of 3 forwarded addresses").containsOnly(400);
        List<Integer> more = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            more.add(proxy.post("/oauth/token", DEMO_HOST, "", "X-Forwarded-For", "10.30.4.1").statusCode());
        }
        assertThat(more).as("10.30.4.1 over its 20 a second").contains(429);
        assertThat(proxy.post("/oauth/token", DEMO_HOST, "", "X-Forwarded-For", "10.30.4.9").statusCode())
                .as("a fresh forwarded address").isEqualTo(400);
    }

    @Test
    void whenAnUntrustedPeerSendsXForwardedForThenItIsIgnoredByLimitsAndThrottle() throws Exception {
        Peer direct = new Peer(server, DIRECT);
        // the password throttle: five failures "from" five forwarded addresses are five from 127.0.0.1
        GuardCalls.newUser(server, "untrusted-peer", "untrusted-password-1");
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> r = direct.post("/oauth/token", DEMO_HOST, passwordForm("untrusted-peer", "wrong-" + i),
                    "X-Forwarded-For", "10.31.0." + i);
            OAuthAssert.assertError(r, 400, "invalid_grant");
        }
        OAuthAssert.assertError(direct.post("/oauth/token", DEMO_HOST, passwordForm("untrusted-peer", "untrusted-password-1"),
                "X-Forwarded-For", "10.31.1.1"), 400, "invalid_grant");
        assertThat(GuardCalls.failureRow(server, "untrusted-peer", DIRECT).failures()).isEqualTo(5);

        Thread.sleep(1100); // a full bucket for 127.0.0.1
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            statuses.add(direct.post("/oauth/token", DEMO_HOST, "", "X-Forwarded-For", "10.31.2." + i).statusCode());
        }
        assertThat(statuses).as("40 requests from 127.0.0.1 claiming 40 addresses").contains(429);
        assertThat(new Peer(server, PROXY).post("/oauth/token", DEMO_HOST, "", "X-Forwarded-For", "10.31.2.39")
                .statusCode()).as("the same claimed address through the trusted proxy: its own bucket").isEqualTo(400);
        Thread.sleep(1100); // 127.0.0.1 may send again: the other tests and the login pages use it too
    }

    @Test
    void whenTheHourlyApiLimitOfTheCustomerIsUsedUpThen429UntilTheHourTurns(@TempDir Path own) {
        MutableClock clock = new MutableClock(Instant.parse("2030-01-01T10:10:00Z"));
        try (TestServer api = TestServer.start(own, clock, Map.of("rate-limits", "on", "rate.api-per-customer-hour", "5"))) {
            String passwordApp = api.accessToken(DEMO_HOST, PASSWORD_APP, PASSWORD_APP_SECRET, "user_name", "user_password");
            String trustedApp = clientCredentialsToken(api);
            // five calls, shared by the customer's apps
            String[] tokens = {passwordApp, passwordApp, trustedApp, passwordApp, trustedApp};
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> r = api.user(DEMO_HOST, "Bearer " + tokens[i]);
                assertThat(r.statusCode()).as("API call %d: %s", i + 1, r.body()).isEqualTo(200);
                assertLimitHeaders(r, 5, 4 - i, 3000);
            }
            HttpResponse<String> sixth = api.user(DEMO_HOST, "Bearer " + passwordApp);
            assertThat(sixth.statusCode()).isEqualTo(429);
            assertThat(sixth.body()).isEqualTo("{\"status\":\"rate_limit_exceeded\"}");
            assertThat(sixth.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
            assertLimitHeaders(sixth, 5, 0, 3000);
            assertThat(api.user(DEMO_HOST, "Bearer " + trustedApp).statusCode()).as("another app of the customer").isEqualTo(429);
            // another customer has its own count
            String other = api.accessToken(OTHER_HOST, OTHER_APP, OTHER_APP_SECRET, "user_name", "other_password");
            assertThat(api.user(OTHER_HOST, "Bearer " + other).statusCode()).as("the other customer").isEqualTo(200);

            clock.advance(Duration.ofMinutes(49).plusSeconds(59));
            HttpResponse<String> stillOver = api.user(DEMO_HOST, "Bearer " + passwordApp);
            assertThat(stillOver.statusCode()).as("a second before the hour turns").isEqualTo(429);
            assertLimitHeaders(stillOver, 5, 0, 1);
            clock.advance(Duration.ofSeconds(61));
            HttpResponse<String> next = api.user(DEMO_HOST, "Bearer " + passwordApp);
            assertThat(next.statusCode()).as("the next hour: %s", next.body()).isEqualTo(200);
            assertLimitHeaders(next, 5, 4, 3540);
        }
    }

    @Test
    void whenTheHourlyApiLimitOfAnAppIsUsedUpThenOnlyThatAppGets429(@TempDir Path own) {
        MutableClock clock = new MutableClock(Instant.parse("2030-01-01T10:30:00Z"));
        try (TestServer api = TestServer.start(own, clock, Map.of("rate-limits", "on",
                "rate.api-per-customer-hour", "10", "rate.api-per-app-hour", "3"))) {
            String passwordApp = api.accessToken(DEMO_HOST, PASSWORD_APP, PASSWORD_APP_SECRET, "user_name", "user_password");
            String trustedApp = clientCredentialsToken(api);
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> r = api.user(DEMO_HOST, "Bearer " + passwordApp);
                assertThat(r.statusCode()).as("API call %d of the password app", i + 1).isEqualTo(200);
                assertLimitHeaders(r, 3, 2 - i, 1800);
            }
            HttpResponse<String> fourth = api.user(DEMO_HOST, "Bearer " + passwordApp);
            assertThat(fourth.statusCode()).isEqualTo(429);
            assertThat(fourth.body()).isEqualTo("{\"status\":\"rate_limit_exceeded\"}");
            HttpResponse<String> other = api.user(DEMO_HOST, "Bearer " + trustedApp);
            assertThat(other.statusCode()).as("another app of the customer: %s", other.body()).isEqualTo(200);
            assertLimitHeaders(other, 3, 2, 1800);

            clock.advance(Duration.ofMinutes(31));
            assertThat(api.user(DEMO_HOST, "Bearer " + passwordApp).statusCode()).as("the next hour").isEqualTo(200);
        }
    }

    /**
     * An app refused by its own hourly limit must not use up its customer's: with 10 an hour for
     * the customer and 3 per app, an app that goes on calling after its 3 leaves the customer's
     * other apps the remaining 7.
     */
    @Test
    void whenAnAppOverItsOwnLimitKeepsCallingThenTheCustomersOtherAppsKeepTheirShare(@TempDir Path own) {
        MutableClock clock = new MutableClock(Instant.parse("2030-01-01T10:30:00Z"));
        try (TestServer api = TestServer.start(own, clock, Map.of("rate-limits", "on",
                "rate.api-per-customer-hour", "10", "rate.api-per-app-hour", "3"))) {
            String passwordApp = api.accessToken(DEMO_HOST, PASSWORD_APP, PASSWORD_APP_SECRET, "user_name", "user_password");
            String trustedApp = clientCredentialsToken(api);
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 13; i++) {
                statuses.add(api.user(DEMO_HOST, "Bearer " + passwordApp).statusCode());
            }
            assertThat(statuses.subList(0, 3)).containsOnly(200);
            assertThat(statuses.subList(3, 13)).as("the password app over its 3").containsOnly(429);
            HttpResponse<String> r = api.user(DEMO_HOST, "Bearer " + trustedApp);
            assertThat(r.statusCode()).as("the trusted app with 3 of the customer's 10 used: %s, headers %s", r.body(),
                    r.headers().map()).isEqualTo(200);
        }
    }

    /** PBXAUTH_RATE_LIMITS=off: no request limits, no API limits, no X-RateLimit headers; the throttle stays. */
    @Test
    void whenRateLimitsAreOffThenNoneApplyButThePasswordThrottleDoes(@TempDir Path own) throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2030-01-01T10:10:00Z"));
        try (TestServer off = TestServer.startWithEnvironment(own, clock, Map.of("PBXAUTH_RATE_LIMITS", "off"),
                Map.of("rate.api-per-customer-hour", "5", "trusted-proxies", PROXY))) {
            assertThat(off.node().services().settings().rateLimits()).isFalse();
            Peer proxy = new Peer(off, PROXY);
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                statuses.add(proxy.post("/oauth/token", DEMO_HOST, "", "X-Forwarded-For", "10.32.0.1").statusCode());
            }
            assertThat(statuses).as("40 quick requests from one address").containsOnly(400);
            assertThat(concurrentPasswordGrants(proxy, 7, "10.32.0.2"))
                    .allSatisfy(r -> assertThat(r.statusCode()).as("7 at once: %s", r.body()).isIn(200, 503))
                    .anySatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));

            String token = off.accessToken(DEMO_HOST, PASSWORD_APP, PASSWORD_APP_SECRET, "user_name", "user_password");
            for (int i = 0; i < 8; i++) {
                HttpResponse<String> r = off.user(DEMO_HOST, "Bearer " + token);
                assertThat(r.statusCode()).as("API call %d with limits off", i + 1).isEqualTo(200);
                assertThat(r.headers().firstValue("X-RateLimit-Limit")).isEmpty();
                assertThat(r.headers().firstValue("X-RateLimit-Remaining")).isEmpty();
                assertThat(r.headers().firstValue("X-RateLimit-Reset")).isEmpty();
            }

            GuardCalls.newUser(off, "limits-off", "limits-off-password");
            for (int i = 0; i < 5; i++) {
                OAuthAssert.assertError(proxy.post("/oauth/token", DEMO_HOST, passwordForm("limits-off", "wrong-" + i),
                        "X-Forwarded-For", "10.32.0.3"), 400, "invalid_grant");
            }
            OAuthAssert.assertError(proxy.post("/oauth/token", DEMO_HOST, passwordForm("limits-off", "limits-off-password"),
                    "X-Forwarded-For", "10.32.0.3"), 400, "invalid_grant");
            clock.advance(Duration.ofSeconds(1));
            OAuthAssert.assertSeedTokens(proxy.post("/oauth/token", DEMO_HOST, passwordForm("limits-off", "limits-off-password"),
                    "X-Forwarded-For", "10.32.0.3"));
        }
    }

    private static void assert429(HttpResponse<String> r) {
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.headers().firstValue("Retry-After")).as("Retry-After of a 429")
                .hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isPositive());
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(Json.object(r.body()).get("error")).isEqualTo("rate_limit_exceeded");
    }

    private static void assertLimitHeaders(HttpResponse<String> r, long limit, long remaining, long reset) {
        assertThat(r.headers().firstValue("X-RateLimit-Limit")).as("X-RateLimit-Limit").hasValue(Long.toString(limit));
        assertThat(r.headers().firstValue("X-RateLimit-Remaining")).as("X-RateLimit-Remaining")
                .hasValue(Long.toString(remaining));
        assertThat(r.headers().firstValue("X-RateLimit-Reset")).as("X-RateLimit-Reset (seconds to the hour)")
                .hasValue(Long.toString(reset));
    }

    private static String clientCredentialsToken(TestServer api) {
        HttpResponse<String> r = api.token(DEMO_HOST, TestServer.encode(TestServer.form("grant_type", "client_credentials",
                "client_id", TRUSTED_APP, "client_secret", TRUSTED_APP_SECRET)), null);
        assertThat(r.statusCode()).as("client credentials: %s", r.body()).isEqualTo(200);
        return (String) Json.object(r.body()).get("access_token");
    }

    private static String passwordForm(String login, String password) {
        return TestServer.encode(TestServer.form("grant_type", "password", "client_id", PASSWORD_APP,
                "client_secret", PASSWORD_APP_SECRET, "username", login, "password", password));
    }

    /** {@code n} password grants of user_name released at the same moment, through {@code peer} as {@code address}. */
    private static List<HttpResponse<String>> concurrentPasswordGrants(Peer peer, int n, String address) throws Exception {
        CountDownLatch ready = new CountDownLatch(n);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    if (!go.await(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("never released");
                    }
                    return peer.post("/oauth/token", DEMO_HOST, passwordForm("user_name", "user_password"),
                            "X-Forwarded-For", address);
                }));
            }
            assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            List<HttpResponse<String>> answers = new ArrayList<>();
            for (Future<HttpResponse<String>> f : futures) {
                answers.add(f.get(60, TimeUnit.SECONDS));
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    /** An HTTP client whose connections come from one loopback address. */
    private static final class Peer {
        private final TestServer server;
        private final HttpClient client;

        Peer(TestServer server, String localAddress) {
            this.server = server;
            try {
                this.client = HttpClient.newBuilder().localAddress(InetAddress.getByName(localAddress))
                        .connectTimeout(Duration.ofSeconds(5)).build();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        HttpResponse<String> post(String path, String host, String form, String... headers) {
            return send(HttpRequest.newBuilder(server.uri(path)).header("Content-Type", FORM)
                    .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8)), host, headers);
        }

        HttpResponse<String> get(String path, String host, String... headers) {
            return send(HttpRequest.newBuilder(server.uri(path)).GET(), host, headers);
        }

        private HttpResponse<String> send(HttpRequest.Builder b, String host, String... headers) {
            b.version(HttpClient.Version.HTTP_1_1).timeout(Duration.ofSeconds(30)).header("Host", host);
            for (int i = 0; i < headers.length; i += 2) {
                b.header(headers[i], headers[i + 1]);
            }
            try {
                return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
