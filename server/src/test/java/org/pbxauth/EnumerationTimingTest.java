package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pbxauth.GuardCalls.median;
import static org.pbxauth.GuardCalls.newUser;
import static org.pbxauth.GuardCalls.password;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pbxauth.directory.PbxUser;

/**
 * Issue 4, item 4: no user enumeration. An unknown login costs one real Argon2id hash, so its
 * answer takes as long as a wrong password's; unknown user, wrong password, blocked user and
 * throttled account answer byte for byte alike.
 */
class EnumerationTimingTest {
    private static final int TRIES = 200;
    private static final int WARM_UP = 10;

    @TempDir Path data;

    /**
     * The work, not the time: each unknown-user try runs exactly one Argon2id verification, as a
     * wrong password does (counted by the hasher). Times are printed for a person, never asserted:
     * tests assert behaviour, and a timing threshold fails on a busy machine.
     */
    @Test
    void whenTwoHundredTriesOfUnknownUserAndWrongPasswordThenEachCostsOneRealHash() {
        // thresholds out of the way: this measures the answers, not the throttle
        try (TestServer server = TestServer.start(data, Clock.systemUTC(),
                Map.of("throttle.address-failures", "1000", "throttle.account-failures", "100000"))) {
            newUser(server, "timed-user", "timed-password-1");
            var hasher = server.node().services().passwords();
            List<Long> unknown = new ArrayList<>();
            List<Long> wrong = new ArrayList<>();
            Set<String> bodies = new LinkedHashSet<>();
            for (int i = 0; i < WARM_UP + TRIES; i++) {
                // interleaved, and alternating which goes first, so drifts of the machine hit both alike
                boolean unknownFirst = i % 2 == 0;
                for (int k = 0; k < 2; k++) {
                    boolean isUnknown = (k == 0) == unknownFirst;
                    long before = hasher.verifications();
                    long t0 = System.nanoTime();
                    HttpResponse<String> r = isUnknown
                            ? password(server, "nobody-" + i, "wrong-password-" + i, null)
                            : password(server, "timed-user", "wrong-password-" + i, null);
                    long took = System.nanoTime() - t0;
                    OAuthAssert.assertError(r, 400, "invalid_grant");
                    assertThat(hasher.verifications() - before).as("Argon2id verifications of one %s try",
                            isUnknown ? "unknown-user" : "wrong-password").isEqualTo(1);
                    bodies.add(r.body());
                    if (i >= WARM_UP) {
                        (isUnknown ? unknown : wrong).add(took);
                    }
                }
            }
            long mu = median(unknown);
            long mw = median(wrong);
            System.out.printf("MEASURED EnumerationTimingTest (%s): unknown-user median %.1f ms, wrong-password median "
                    + "%.1f ms, difference %.1f%%%n", TestDatabases.MODE, mu / 1e6, mw / 1e6, 100.0 * Math.abs(mu - mw) / mw);
            assertThat(unknown).hasSize(TRIES);
            assertThat(wrong).hasSize(TRIES);
            assertThat(bodies).as("one body for unknown users and wrong passwords").hasSize(1);
        }
    }

    @Test
    void whenUnknownWrongBlockedOrThrottledThenTheAnswersAreIdentical() {
        // a clock that stands still: the throttled account's 1 s delay lasts through every try below
        try (TestServer server = TestServer.start(data, new MutableClock(), Map.of())) {
            newUser(server, "plain-user", "plain-password-1");
            PbxUser blocked = newUser(server, "blocked-user", "blocked-password-1");
            OAuthAssert.assertSeedTokens(password(server, "blocked-user", "blocked-password-1", null));
            server.node().services().lifecycle().block(blocked, org.pbxauth.lifecycle.Actor.CLI);
            newUser(server, "throttled-user", "throttled-password-1");
            for (int i = 0; i < 5; i++) {
                OAuthAssert.assertError(password(server, "throttled-user", "wrong-" + i, null), 400, "invalid_grant");
            }

            Map<String, HttpResponse<String>> answers = new LinkedHashMap<>();
            answers.put("unknown user", password(server, "no-such-user", "any-password-1", null));
            answers.put("wrong password", password(server, "plain-user", "wrong-password-1", null));
            answers.put("blocked user, right password", password(server, "blocked-user", "blocked-password-1", null));
            answers.put("throttled account, right password",
                    password(server, "throttled-user", "throttled-password-1", null));
            HttpResponse<String> reference = answers.get("wrong password");
            OAuthAssert.assertError(reference, 400, "invalid_grant");
            answers.forEach((what, r) -> {
                assertThat(r.statusCode()).as("status for %s", what).isEqualTo(reference.statusCode());
                assertThat(r.body()).as("body for %s", what).isEqualTo(reference.body());
                for (String header : List.of("Content-Type", "Cache-Control", "Pragma", "WWW-Authenticate", "Retry-After")) {
                    assertThat(r.headers().allValues(header)).as("%s for %s", header, what)
                            .isEqualTo(reference.headers().allValues(header));
                }
            });
        }
    }
}
