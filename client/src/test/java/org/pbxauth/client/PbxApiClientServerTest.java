package org.pbxauth.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pbxauth.BrowserStandIn;
import org.pbxauth.MutableClock;
import org.pbxauth.TestServer;

/** PbxApiClient and the grants against the real server: the hourly limit, load shedding, the code flow. */
class PbxApiClientServerTest {
    @TempDir
    Path data;

    private final LiveServer.Recorder events = new LiveServer.Recorder();

    @Test
    void whenTheHourlyLimitIsReachedThenTheClientWaitsUntilTheResetTheHeaderSaysAndOnlyThen() {
        // ten past the hour: the limit resets in 50 minutes, by the server's clock and the SDK's
        MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:10:00Z"));
        try (LiveServer s = LiveServer.start(data, clock, Map.of("rate-limits", "on"))) {
            s.services().tenants().setApiLimit(s.demo().id(), 2L);
            s.services().directory().forget(s.demo().id());
            List<Duration> waits = new CopyOnWriteArrayList<>();
            RetryPolicy retry = RetryPolicy.defaults().withMaxWait(Duration.ofHours(1)).withJitter(Duration.ZERO)
                    .withSleeper(d -> {
                        waits.add(d);
                        clock.advance(d); // the wait passes on both sides
                    });
            PbxAuth auth = PbxAuth.builder(s.base).app(TestServer.PASSWORD_APP, TestServer.PASSWORD_APP_SECRET.toCharArray())
                    .clock(clock).listener(events).retry(retry).build();
            PbxApiClient api = auth.api(auth.password("user_name", "user_password".toCharArray()));
            assertThat(api.rateLimitRemaining()).isEmpty();
            assertThat(api.get("/api/ver1.0/user/").statusCode()).isEqualTo(200);
            assertThat(api.rateLimitRemaining()).hasValue(1);
            assertThat(api.get("/api/ver1.0/user/").statusCode()).isEqualTo(200);
            assertThat(api.rateLimitRemaining()).hasValue(0);
            assertThat(waits).as("no wait while under the limit").isEmpty();

            HttpResponse<String> third = api.get("/api/ver1.0/user/");
            assertThat(third.statusCode()).as("after the reset").isEqualTo(200);
            assertThat(waits).as("one wait, exactly until the hour turns").containsExactly(Duration.ofMinutes(50));
            assertThat(events.count("retrying GET /api/ver1.0/user/ 429 PT50M 1")).isEqualTo(1);
            assertThat(s.sum("endpoint=\"/api/ver1.0/user\"", "status=\"429\"")).as("429s: one, no loop").isEqualTo(1);
            assertThat(api.rateLimitRemaining()).hasValue(1);

            // A policy that will not wait 50 minutes hands the 429 to the caller at once.
            s.services().tenants().setApiLimit(s.demo().id(), 1L);
            s.services().directory().forget(s.demo().id());
            PbxAuth impatient = PbxAuth.builder(s.base).app(TestServer.PASSWORD_APP, TestServer.PASSWORD_APP_SECRET.toCharArray())
                    .clock(clock).retry(retry.withMaxWait(Duration.ofMinutes(1))).build();
            PbxApiClient api2 = impatient.api(impatient.password("user_name", "user_password".toCharArray()));
            assertThat(api2.get("/api/ver1.0/user/").statusCode()).as("the hour's second call, over a limit of 1").isEqualTo(429);
            assertThatThrownBy(api2::user).isInstanceOfSatisfying(PbxAuthException.class, e -> {
                assertThat(e.error()).isEqualTo("rate_limit_exceeded");
                assertThat(e.status()).isEqualTo(429);
            });
            assertThat(waits).hasSize(1);
        }
    }

    @Test
    void whenPasswordGrantsFloodTheServerThenTheSdkRetriesA503ABoundedNumberOfTimes() throws Exception {
        try (LiveServer s = LiveServer.start(data, java.time.Clock.systemUTC(),
                Map.of("hashing.threads", "1", "hashing.budget", "PT0.2S"))) {
            AtomicBoolean flooding = new AtomicBoolean(true);
            Map<Integer, AtomicInteger> flood = new ConcurrentHashMap<>();
            ExecutorService pool = Executors.newFixedThreadPool(16);
            for (int i = 0; i < 16; i++) {
                pool.submit(() -> {
                    while (flooding.get()) {
                        int status = s.server.passwordGrant("user_name", "user_password").statusCode();
                        flood.computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
                    }
                    return null;
                });
            }
            try {
                while (flood.getOrDefault(503, new AtomicInteger()).get() < 16) {
                    Thread.sleep(50); // until hashing is saturated
                }
                List<Duration> waits = new CopyOnWriteArrayList<>();
                RetryPolicy retry = RetryPolicy.defaults().withMaxRetries(2)
                        .withSleeper(d -> {
                            waits.add(d);
                            Thread.sleep(d.toMillis());
                        });
                PbxAuth auth = PbxAuth.builder(s.base).app(TestServer.PASSWORD_APP, TestServer.PASSWORD_APP_SECRET.toCharArray())
                        .listener(events).retry(retry).build();
                List<Object> outcomes = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    waits.clear();
                    try {
                        outcomes.add(auth.password("user_name", "user_password".toCharArray()).accessToken().length());
                        assertThat(waits.size()).isLessThanOrEqualTo(2);
                    } catch (PbxAuthException e) {
                        assertThat(e.error()).isEqualTo("temporarily_unavailable");
                        assertThat(e.status()).isEqualTo(503);
                        assertThat(waits).as("retries before giving up").hasSize(2);
                        outcomes.add(e.error());
                    }
                    // the server's Retry-After is 1 s; the jitter adds at most 1 s
                    assertThat(waits).allSatisfy(w -> assertThat(w).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2)));
                }
                assertThat(outcomes).hasSize(5);
                assertThat(events.count("retrying POST /oauth/token 503")).as("retries, in all").isBetween(1L, 10L);
            } finally {
                flooding.set(false);
                pool.shutdown();
                assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(flood.keySet()).containsOnly(200, 503);
        }
    }

    @Test
    void whenAUserAllowsAPublicAppThenTheCodeWithItsPkceVerifierGivesASourceThatRefreshes() {
        MutableClock clock = new MutableClock();
        try (LiveServer s = LiveServer.start(data, clock, Map.of())) {
            PbxAuth auth = PbxAuth.builder(s.base).app(TestServer.PUBLIC_APP, TestServer.PUBLIC_APP_SECRET.toCharArray())
                    .clock(clock).listener(events).build();
            URI callback = URI.create("http://localhost:8099/callback");
            AuthorizationRequest request = auth.authorizationRequest(callback);
            Map<String, String> redirect = BrowserStandIn.allow(s.server, request.uri(), "user_name", "user_password");
            assertThat(request.stateMatches(redirect.get("state"))).isTrue();
            assertThat(request.stateMatches("another")).isFalse();

            TokenSource tokens = auth.authorizationCode(redirect.get("code"), callback, request.verifier());
            PbxApiClient api = auth.api(tokens);
            PbxUser me = api.user();
            assertThat(me.login()).isEqualTo("user_name");
            assertThat(me.access()).isEqualTo("call_api");
            clock.advance(Duration.ofMinutes(59));
            assertThat(api.user().login()).isEqualTo("user_name");
            assertThat(events.events).containsExactly("obtained authorization_code 3600", "refreshed 3600");

            // logging out ends the login on the server: its access token is refused from then on
            String access = tokens.accessToken();
            assertThat(s.server.user("localhost", "Bearer " + access).statusCode()).isEqualTo(200);
            tokens.revoke();
            assertThat(s.server.user("localhost", "Bearer " + access).statusCode()).as("the login's access token")
                    .isEqualTo(401);
            // the same code again: RFC 6749 §4.1.2, used once
            assertThatThrownBy(() -> auth.authorizationCode(redirect.get("code"), callback, request.verifier()))
                    .isInstanceOfSatisfying(PbxAuthException.class, e -> assertThat(e.error()).isEqualTo("invalid_grant"));
            assertThatThrownBy(tokens::accessToken).isInstanceOf(LoginRequiredException.class);
        }
    }
}
