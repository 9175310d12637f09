package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The background purge of authorization codes: long-expired codes go, in bounded batches; newer ones stay. */
class AuthorizationCodePurgeTest {
    @TempDir Path data;

    @Test
    void whenCodesAreADayPastExpiryThenThePurgeDeletesOnlyThem() {
        MutableClock clock = new MutableClock();
        try (TestServer server = TestServer.start(data, clock, Map.of())) {
            AuthorizeClient browser = new AuthorizeClient(server, "localhost");
            AuthorizationCodeFlowTest.code(browser, Map.of());
            AuthorizationCodeFlowTest.code(browser, Map.of());
            clock.advance(Duration.ofDays(1).plusMinutes(2));
            String fresh = AuthorizationCodeFlowTest.code(browser, Map.of());
            assertThat(codes(server)).isEqualTo(3);

            CodeFlow.of(server.node().services()).purge(1).run(); // a batch of one: the loop must go on
            assertThat(codes(server)).isEqualTo(1);
            OAuthAssert.assertSeedTokens(browser.exchange(Map.of("code", fresh,
                    "redirect_uri", AuthorizeClient.CALLBACK)));
        }
    }

    private static long codes(TestServer server) {
        return server.node().services().database().jdbi().withHandle(h ->
                h.createQuery("SELECT COUNT(*) FROM authorization_codes").mapTo(Long.class).one());
    }
}
