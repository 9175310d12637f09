package org.pbxauth.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pbxauth.MutableClock;
import org.pbxauth.TestServer;

/**
 * TokenSource against the real server: single-flight, refresh ahead of expiry, the vendor's
 * "request the token again" after a 401, rotation without reuse. The server and the SDK share one
 * clock the test moves, so expiry is reached without sleeping.
 */
class TokenSourceServerTest {
    @TempDir
    Path data;

    private final MutableClock clock = new MutableClock();
    private final LiveServer.Recorder events = new LiveServer.Recorder();

    private PbxAuth auth(LiveServer s, String appId, String secret) {
        return PbxAuth.builder(s.base).app(appId, secret.toCharArray()).clock(clock).listener(events).build();
    }

    @Test
    void whenAHundredThreadsAskAtOnceThenExactlyOneTokenRequestReachesTheServer() throws Exception {
        try (LiveServer s = LiveServer.start(data, clock, Map.of())) {
            TokenSource tokens = auth(s, TestServer.PASSWORD_APP, TestServer.PASSWORD_APP_SECRET)
                    .password("user_name", "user_password".toCharArray());
            long before = s.requests("/oauth/token");
            ExecutorService pool = Executors.newFixedThreadPool(100);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return tokens.accessToken();
                }));
            }
            start.countDown();
            Set<String> seen = ConcurrentHashMap.newKeySet();
            for (Future<String> a : answers) {
                seen.add(a.get(60, TimeUnit.SECONDS));
            }
            pool.shutdown();
            assertThat(seen).as("one token for all").hasSize(1);
            assertThat(s.requests("/oauth/token") - before).as("token requests the server answered").isEqualTo(1);
            assertThat(s.server.user("localhost", "Bearer " + seen.iterator().next()).statusCode()).isEqualTo(200);
            assertThat(events.events).containsExactly("obtained password 3600");
        }
    }

    @Test
    void whenTheTokenNearsExpiryThenTheSourceRefreshesAheadAndNoApiCallIsRefused() {
        // The shortest access-ttl the server takes is 60 s: the margin (60 s) is capped at half of it.
        try (LiveServer s = LiveServer.start(data, clock, Map.of("token.access-ttl", "60s"))) {
            PbxAuth auth = auth(s, TestServer.PASSWORD_APP, TestServer.PASSWORD_APP_SECRET);
            TokenSource tokens = auth.password("user_name", "user_password".toCharArray());
            PbxApiClient api = auth.api(tokens);
            assertThat(api.user().login()).isEqualTo("user_name");
            String first = tokens.accessToken();

            clock.advance(Duration.ofSeconds(29));
            assertThat(tokens.accessToken()).as("inside its first half-life").isEqualTo(first);
            clock.advance(Duration.ofSeconds(2)); // 31 s: renewed ahead, while the old one is still valid
            assertThat(api.user().login()).isEqualTo("user_name");
            assertThat(tokens.accessToken()).isNotEqualTo(first);
            assertThat(events.count("refreshed")).isEqualTo(1);

            clock.advance(Duration.ofSeconds(61)); // past expiry: renewed before the call, not after a 401
            assertThat(api.user().login()).isEqualTo("user_name");
            assertThat(events.count("refreshed")).isEqualTo(2);
            assertThat(events.count("reauthenticated")).as("API calls refused").isZero();
            assertThat(s.sum("endpoint=\"/api/ver1.0/user\"", "status=\"401\"")).isZero();
            assertThat(s.sum("grant=\"refresh_token\"", "status=\"200\"")).isEqualTo(2);
        }
    }

    @Test
    void whenTheLoginIsEndedOnTheServerThenTheNextCallGetsANewTokenOnceAndSucceeds() {
        try (LiveServer s = LiveServer.start(data, clock, Map.of())) {
            PbxAuth auth = auth(s, TestServer.PASSWORD_APP, TestServer.PASSWORD_APP_SECRET);
            PbxApiClient api = auth.api(auth.password("user_name", "user_password".toCharArray()));
            assertThat(api.user().login()).isEqualTo("user_name");

            // the user's sessions ended (My sessions, the admin, or `pbx-auth user revoke`): access and refresh token
            s.services().lifecycle().revokeSessions(s.user("user_name"));
            assertThat(api.user().login()).isEqualTo("user_name");
            assertThat(events.events).containsExactly("obtained password 3600", "reauthenticated GET /api/ver1.0/user/",
                    "refused invalid_grant", "obtained password 3600");
            assertThat(s.sum("endpoint=\"/api/ver1.0/user\"", "status=\"401\"")).as("one refused call").isEqualTo(1);
        }
    }

    @Test
    void whenTheAppSecretIsRotatedAndItsOverlapEndedThenOneTryFailsWithInvalidClient() {
        try (LiveServer s = LiveServer.start(data, clock, Map.of())) {
            String[] app = s.newPasswordApp("SDK rotated app");
            PbxAuth auth = auth(s, app[0], app[1]);
            PbxApiClient api = auth.api(auth.password("user_name", "user_password".toCharArray()));
            assertThat(api.user().login()).isEqualTo("user_name");

            s.services().lifecycle().rotateSecret(s.app(app[0])); // the old secret ends now, and its tokens
            long tokenRequests = s.requests("/oauth/token");
            long apiRequests = s.requests("/api/ver1.0/user");
            assertThatThrownBy(api::user).isInstanceOfSatisfying(PbxAuthException.class, e -> {
                assertThat(e.error()).isEqualTo("invalid_client");
                assertThat(e.status()).isEqualTo(401);
                assertThat(e).isNotInstanceOf(LoginRequiredException.class);
            });
            assertThat(s.requests("/api/ver1.0/user") - apiRequests).as("API calls: the refused one").isEqualTo(1);
            assertThat(s.requests("/oauth/token") - tokenRequests).as("token requests: one refresh, no login after it")
                    .isEqualTo(1);
        }
    }

    @Test
    void whenTwentyThreadsCallThroughManyRenewalsWithNoRefreshGraceThenNoReuseIsEverDetected() throws Exception {
        try (LiveServer s = LiveServer.start(data, clock,
                Map.of("token.access-ttl", "60s", "token.refresh-grace", "0s"))) {
            PbxAuth auth = auth(s, TestServer.PASSWORD_APP, TestServer.PASSWORD_APP_SECRET);
            TokenSource tokens = auth.password("user_name", "user_password".toCharArray());
            PbxApiClient api = auth.api(tokens);
            ExecutorService pool = Executors.newFixedThreadPool(20);
            AtomicBoolean running = new AtomicBoolean(true);
            List<Future<Integer>> callers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                callers.add(pool.submit(() -> {
                    int calls = 0;
                    while (running.get()) {
                        assertThat(api.user().login()).isEqualTo("user_name");
                        calls++;
                    }
                    return calls;
                }));
            }
            // 10 minutes pass in 5 s steps while the callers call: a renewal every 30 s, made by
            // whichever thread asks first (steps small beside a token's life: no call outlives its token)
            for (int i = 0; i < 120; i++) {
                Thread.sleep(50);
                clock.advance(Duration.ofSeconds(5));
            }
            running.set(false);
            int calls = 0;
            for (Future<Integer> c : callers) {
                calls += c.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertThat(calls).isPositive();
            assertThat(events.count("refreshed")).as("renewals").isGreaterThanOrEqualTo(15);
            assertThat(events.count("refused")).as("refused refreshes").isZero();
            assertThat(events.count("obtained")).as("logins: the first only").isEqualTo(1);
            assertThat(s.metric("pbxauth_tokens_revoked_total{cause=\"refresh_reuse\"}")).isZero();
            assertThat(s.sum("grant=\"refresh_token\"", "outcome=\"error\"")).isZero();
        }
    }

    @Test
    void whenATrustedAppsTokenNearsExpiryThenItLogsInAgainWithItsCredentials() {
        try (LiveServer s = LiveServer.start(data, clock, Map.of("token.access-ttl", "60s"))) {
            PbxAuth auth = auth(s, TestServer.TRUSTED_APP, TestServer.TRUSTED_APP_SECRET);
            TokenSource tokens = auth.clientCredentials();
            PbxApiClient api = auth.api(tokens);
            assertThat(api.user().login()).isEqualTo("user_name"); // a trusted app acts as its owner
            clock.advance(Duration.ofSeconds(31));
            assertThat(api.user().login()).isEqualTo("user_name");
            assertThat(events.events).containsExactly("obtained client_credentials 60", "obtained client_credentials 60");
        }
    }

    @Test
    void whenASourceWithoutCredentialsLosesItsLoginThenItSaysLogInAgain() {
        try (LiveServer s = LiveServer.start(data, clock, Map.of())) {
            PbxAuth auth = auth(s, TestServer.PASSWORD_APP, TestServer.PASSWORD_APP_SECRET);
            // a refresh token an app stored from an earlier login
            TokenResponse earlier = auth.refresh(Secret.of(refreshTokenOf(s)));
            TokenSource resumed = auth.refreshing(earlier.refreshToken());
            PbxApiClient api = auth.api(resumed);
            assertThat(api.user().login()).isEqualTo("user_name");
            String token = resumed.accessToken();
            assertThat(resumed.toString()).contains("****").doesNotContain(token);
            s.services().lifecycle().revokeSessions(s.user("user_name"));
            assertThatThrownBy(api::user).isInstanceOfSatisfying(LoginRequiredException.class, e -> {
                assertThat(e.error()).isEqualTo("invalid_grant");
                assertThat(e.getMessage()).contains("log in again");
            });
            assertThatThrownBy(resumed::accessToken).as("and so it stays").isInstanceOf(LoginRequiredException.class);
        }
    }

    private static String refreshTokenOf(LiveServer s) {
        var login = s.server.login("localhost", TestServer.PASSWORD_APP, TestServer.PASSWORD_APP_SECRET,
                "user_name", "user_password");
        return (String) login.get("refresh_token");
    }
}
