package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pbxauth.TestServer.OTHER_APP;
import static org.pbxauth.TestServer.OTHER_APP_SECRET;
import static org.pbxauth.TestServer.PASSWORD_APP;
import static org.pbxauth.TestServer.PASSWORD_APP_SECRET;
import static org.pbxauth.TestServer.PUBLIC_APP;
import static org.pbxauth.TestServer.PUBLIC_APP_SECRET;
import static org.pbxauth.TestServer.TRUSTED_APP;
import static org.pbxauth.TestServer.TRUSTED_APP_SECRET;
import static org.pbxauth.TokenCalls.DEMO;
import static org.pbxauth.TokenCalls.OTHER;
import static org.pbxauth.TokenCalls.assertError;
import static org.pbxauth.TokenCalls.ok;
import static org.pbxauth.TokenCalls.s;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * {@code grant_type=refresh_token} (RFC 6749 §6, RFC 9700 §4.14.2): rotation, the grace window,
 * reuse detection, binding to app and customer, expiry, concurrent duplicates. Tests that do not
 * move time share one server on the system clock; the others get a fresh server on a
 * {@link MutableClock}.
 */
class RefreshTokenGrantTest {
    private static final Set<String> TOKEN_KEYS = Set.of("access_token", "token_type", "expires_in", "refresh_token", "scope");

    @TempDir static Path shared;
    private static TestServer server;
    private static TokenCalls api;

    @BeforeAll
    static void start() {
        server = TestServer.start(shared);
        api = new TokenCalls(server);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** A successful refresh: the seed's shape with a new pair of tokens. */
    private static Map<String, Object> rotated(HttpResponse<String> r) {
        Map<String, Object> body = ok(r);
        assertThat(body).containsOnlyKeys(TOKEN_KEYS);
        assertThat(body.get("token_type")).isEqualTo("Bearer");
        assertThat(((Number) body.get("expires_in")).longValue()).isEqualTo(3600L);
        assertThat(s(body, "access_token")).matches("[A-Za-z0-9]{30}");
        assertThat(s(body, "refresh_token")).matches("[A-Za-z0-9]{30}");
        return body;
    }

    @Test
    void whenRefreshedThenNewPairAndOldRefreshTokenSpentAndOldAccessTokenStillWorks() {
        Map<String, Object> login = api.login("user_name", "user_password");
        String a0 = s(login, "access_token");
        String r0 = s(login, "refresh_token");

        Map<String, Object> first = rotated(api.refresh(r0));
        String a1 = s(first, "access_token");
        String r1 = s(first, "refresh_token");
        assertThat(a1).isNotEqualTo(a0);
        assertThat(r1).isNotEqualTo(r0);

        // the new access token acts as the same user
        assertThat(api.me(a1).get("login")).isEqualTo("user_name");
        // the old access token lives until it expires or is revoked
        assertThat(api.me(a0).get("login")).isEqualTo("user_name");
        // the old refresh token is spent: introspection no longer calls it active
        api.assertInactive(r0);
        assertThat(api.introspect(r1).get("active")).isEqualTo(true);

        // the new refresh token works in turn
        Map<String, Object> second = rotated(api.refresh(r1));
        assertThat(s(second, "refresh_token")).isNotIn(r0, r1);
        assertThat(api.me(s(second, "access_token")).get("login")).isEqualTo("user_name");

        // until the old access token is revoked
        assertThat(api.revoke(DEMO, PASSWORD_APP, PASSWORD_APP_SECRET, "token", a0).statusCode()).isEqualTo(200);
        api.assertDead(a0);
        api.assertLive(a1);
    }

    @Test
    void whenSpentTokenReusedWithinGraceBySameAppThenNewPairInTheSameFamily() {
        String r0 = s(api.login("user_name", "user_password"), "refresh_token");
        Map<String, Object> first = rotated(api.refresh(r0));
        // a retry after a lost answer: the same spent token, at once (well inside the 5 s default)
        Map<String, Object> retry = rotated(api.refresh(r0));
        assertThat(s(retry, "access_token")).isNotEqualTo(s(first, "access_token"));
        assertThat(s(retry, "refresh_token")).isNotEqualTo(s(first, "refresh_token"));
        api.assertLive(s(first, "access_token"));
        api.assertLive(s(retry, "access_token"));
        // the retry's refresh token rotates like any other
        String a3 = s(rotated(api.refresh(s(retry, "refresh_token"))), "access_token");

        // same family: revoking the first answer's refresh token (RFC 7009: ends its family) ends the retry's tokens too
        assertThat(api.revoke(DEMO, PASSWORD_APP, PASSWORD_APP_SECRET, "token", s(first, "refresh_token"))
                .statusCode()).isEqualTo(200);
        api.assertDead(s(first, "access_token"));
        api.assertDead(s(retry, "access_token"));
        api.assertDead(a3);
        assertError(api.refresh(s(retry, "refresh_token")), 400, "invalid_grant");
    }

    @Test
    void whenSpentTokenReusedAfterGraceThenInvalidGrantAndWholeFamilyRevoked(@TempDir Path dir) {
        MutableClock clock = new MutableClock();
        try (TestServer fresh = TestServer.start(dir, clock, Map.of("token.refresh-grace", "5s"))) {
            TokenCalls c = new TokenCalls(fresh);
            Map<String, Object> login = c.login("user_name", "user_password");
            String a0 = s(login, "access_token");
            String r0 = s(login, "refresh_token");
            Map<String, Object> one = rotated(c.refresh(r0));
            clock.advance(Duration.ofSeconds(1));
            Map<String, Object> two = rotated(c.refresh(s(one, "refresh_token")));
            String a1 = s(one, "access_token");
            String a2 = s(two, "access_token");
            String r2 = s(two, "refresh_token");
            // another login of the same user: another family, which must survive
            String bystander = s(c.login("user_name", "user_password"), "access_token");
            c.assertLive(a2);
            assertThat(c.introspect(r2).get("active")).isEqualTo(true);

            clock.advance(Duration.ofSeconds(6));
            assertError(c.refresh(r0), 400, "invalid_grant");

            // RFC 9700 §4.14.2: every access and refresh token born of that login is revoked
            c.assertDead(a0);
            c.assertDead(a1);
            c.assertDead(a2);
            c.assertInactive(r2);
            assertError(c.refresh(r2), 400, "invalid_grant");
            c.assertLive(bystander);
        }
    }

    @Test
    void whenGraceIsZeroThenImmediateReuseRevokes(@TempDir Path dir) {
        try (TestServer fresh = TestServer.start(dir, Clock.systemUTC(), Map.of("token.refresh-grace", "0s"))) {
            TokenCalls c = new TokenCalls(fresh);
            String r0 = s(c.login("user_name", "user_password"), "refresh_token");
            Map<String, Object> one = rotated(c.refresh(r0));
            assertError(c.refresh(r0), 400, "invalid_grant");
            c.assertDead(s(one, "access_token"));
            assertError(c.refresh(s(one, "refresh_token")), 400, "invalid_grant");
        }
    }

    /**
     * Grace 0 turns the window off: a reuse at the very instant of the rotation (two requests in
     * the same millisecond, or a clock that has not ticked) must revoke as well.
     */
    @Test
    void whenGraceIsZeroAndReuseAtTheSameInstantThenRevokes(@TempDir Path dir) {
        MutableClock frozen = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        try (TestServer fresh = TestServer.start(dir, frozen, Map.of("token.refresh-grace", "0s"))) {
            TokenCalls c = new TokenCalls(fresh);
            String r0 = s(c.login("user_name", "user_password"), "refresh_token");
            Map<String, Object> one = rotated(c.refresh(r0));
            assertError(c.refresh(r0), 400, "invalid_grant");
            c.assertDead(s(one, "access_token"));
        }
    }

    @Test
    void whenRefreshTokenPresentedByPublicAppOfSameCustomerThenInvalidGrant() {
        String r0 = s(api.login("user_name", "user_password"), "refresh_token");
        assertError(api.refresh(DEMO, PUBLIC_APP, PUBLIC_APP_SECRET, r0), 400, "invalid_grant");
        // another app's attempt neither spends nor revokes the token: its own app still refreshes it
        rotated(api.refresh(r0));
    }

    @Test
    void whenRefreshTokenPresentedByTrustedAppThenUnauthorizedClient() {
        String r0 = s(api.login("user_name", "user_password"), "refresh_token");
        // trusted apps never hold refresh tokens: the grant type itself is refused to them
        assertError(api.refresh(DEMO, TRUSTED_APP, TRUSTED_APP_SECRET, r0), 400, "unauthorized_client");
        rotated(api.refresh(r0));
    }

    /**
     * On the other customer's hostname the demo app itself is unknown, so client authentication
     * fails first (401 invalid_client); that customer's own app presenting the token gets
     * invalid_grant, since the token was issued to another app of another customer.
     */
    @Test
    void whenRefreshTokenPresentedOnOtherCustomersHostThenInvalidClientOrInvalidGrant() {
        String r0 = s(api.login("user_name", "user_password"), "refresh_token");
        assertError(api.refresh(OTHER, PASSWORD_APP, PASSWORD_APP_SECRET, r0), 401, "invalid_client");
        assertError(api.refresh(OTHER, OTHER_APP, OTHER_APP_SECRET, r0), 400, "invalid_grant");
        rotated(api.refresh(r0));
    }

    @Test
    void whenAccessTokenOrUnknownValuePresentedAsRefreshTokenThenInvalidGrant() {
        String a0 = s(api.login("user_name", "user_password"), "access_token");
        assertError(api.refresh(a0), 400, "invalid_grant");
        assertError(api.refresh("NoSuchTokenNoSuchTokenNoSuchTo"), 400, "invalid_grant");
        api.assertLive(a0);
    }

    @Test
    void whenRefreshTokenParameterMissingThenInvalidRequest() {
        assertError(api.post("/oauth/token", DEMO, null, "grant_type", "refresh_token", "client_id", PASSWORD_APP,
                "client_secret", PASSWORD_APP_SECRET), 400, "invalid_request");
    }

    @Test
    void whenRedirectUriGivenThenAcceptedAndIgnored() {
        String r0 = s(api.login("user_name", "user_password"), "refresh_token");
        Map<String, Object> body = rotated(api.refresh(DEMO, PASSWORD_APP, PASSWORD_APP_SECRET, r0,
                "redirect_uri", "https://nowhere.example/callback"));
        api.assertLive(s(body, "access_token"));
        rotated(api.refresh(s(body, "refresh_token")));
    }

    @Test
    void whenIdleLongerThanRefreshIdleTtlThenInvalidGrant(@TempDir Path dir) {
        MutableClock clock = new MutableClock();
        try (TestServer fresh = TestServer.start(dir, clock, Map.of())) {
            TokenCalls c = new TokenCalls(fresh);
            String early = s(c.login("user_name", "user_password"), "refresh_token");
            String late = s(c.login("user_name", "user_password"), "refresh_token");
            // default idle lifetime 30 days: a second before, it still refreshes
            clock.advance(Duration.ofDays(30).minusSeconds(1));
            rotated(c.refresh(early));
            clock.advance(Duration.ofSeconds(2)); // 30 days + 1 s
            assertError(c.refresh(late), 400, "invalid_grant");
        }
    }

    @Test
    void whenFamilyOlderThanMaxAgeThenInvalidGrantEvenIfRecentlyRotated(@TempDir Path dir) {
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        MutableClock clock = new MutableClock(start);
        try (TestServer fresh = TestServer.start(dir, clock,
                Map.of("token.refresh-idle-ttl", "1d", "token.family-max-age", "2d"))) {
            TokenCalls c = new TokenCalls(fresh);
            String r = s(c.login("user_name", "user_password"), "refresh_token");
            clock.advance(Duration.ofHours(20));
            r = s(rotated(c.refresh(r)), "refresh_token");
            clock.advance(Duration.ofHours(20));
            r = s(rotated(c.refresh(r)), "refresh_token");
            // issued at 40 h with a 1-day idle lifetime, yet it ends with its family at 48 h
            Map<String, Object> info = c.introspect(r);
            assertThat(info.get("active")).isEqualTo(true);
            assertThat(((Number) info.get("exp")).longValue())
                    .isEqualTo(start.plus(Duration.ofHours(48)).getEpochSecond());
            clock.advance(Duration.ofHours(8).plusSeconds(1)); // 48 h + 1 s after the login
            assertError(c.refresh(r), 400, "invalid_grant");
        }
    }

    @Test
    void whenFiftyConcurrentRefreshesOfOneTokenThenNo5xxAndOneFamily(@TempDir Path dir) throws Exception {
        MutableClock clock = new MutableClock();
        try (TestServer fresh = TestServer.start(dir, clock, Map.of())) {
            TokenCalls c = new TokenCalls(fresh);
            Map<String, Object> login = c.login("user_name", "user_password");
            String r0 = s(login, "refresh_token");

            int n = 50;
            ExecutorService pool = Executors.newFixedThreadPool(n);
            CountDownLatch gate = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            try {
                for (int i = 0; i < n; i++) {
                    futures.add(pool.submit(() -> {
                        gate.await();
                        return c.refresh(r0);
                    }));
                }
                gate.countDown();
                List<HttpResponse<String>> answers = new ArrayList<>();
                for (Future<HttpResponse<String>> f : futures) {
                    answers.add(f.get(120, TimeUnit.SECONDS));
                }
                assertThat(answers).as("no answer is a 5xx")
                        .allSatisfy(r -> assertThat(r.statusCode()).as("status of %s", r.body()).isLessThan(500));
                // all within the grace window, by the same app: every duplicate succeeds
                assertThat(answers).allSatisfy(r -> assertThat(r.statusCode()).as("status of %s", r.body())
                        .isEqualTo(200));

                Set<String> access = new HashSet<>();
                Set<String> refresh = new HashSet<>();
                for (HttpResponse<String> r : answers) {
                    Map<String, Object> body = rotated(r);
                    access.add(s(body, "access_token"));
                    refresh.add(s(body, "refresh_token"));
                }
                assertThat(access).hasSize(n);
                assertThat(refresh).hasSize(n);
                for (String a : access) {
                    c.me(a);
                }

                // one family: reusing the original token after the grace window ends every token of the storm
                clock.advance(Duration.ofSeconds(6));
                assertError(c.refresh(r0), 400, "invalid_grant");
                for (String a : access) {
                    assertThat(c.user(DEMO, a).statusCode()).as("storm access token after the reuse").isEqualTo(401);
                }
                for (String r : refresh) {
                    c.assertInactive(r);
                }
                assertError(c.refresh(refresh.iterator().next()), 400, "invalid_grant");
                c.assertDead(s(login, "access_token"));
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
