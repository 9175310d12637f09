package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pbxauth.TestServer.TRUSTED_APP;
import static org.pbxauth.TestServer.TRUSTED_APP_SECRET;
import static org.pbxauth.TokenCalls.DEMO;
import static org.pbxauth.TokenCalls.ok;
import static org.pbxauth.TokenCalls.s;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pbxauth.tokens.TokenPurge;
import org.pbxauth.tokens.TokenRepository;

/**
 * The purge of expired tokens (issue 3, item 7): a token goes one day after its expiry, in
 * batches of a bounded size, with the families it leaves empty; live tokens stay. Rows are
 * counted in the server's own store (SQLite file or PostgreSQL, whichever the suite runs on).
 */
class PurgeTest {

    /** One purge statement as the purge issued it: the cut-off it was given and how many tokens went. */
    private record Batch(Instant before, int limit, int purged) {}

    /** The server's token store, recording every purge statement on the way through. */
    private static TokenRepository recording(TokenRepository real, List<Batch> batches) {
        return (TokenRepository) Proxy.newProxyInstance(TokenRepository.class.getClassLoader(),
                new Class<?>[] {TokenRepository.class}, (proxy, method, args) -> {
                    Object result;
                    try {
                        result = method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (method.getName().equals("purgeExpired")) {
                        batches.add(new Batch((Instant) args[0], (Integer) args[1], (Integer) result));
                    }
                    return result;
                });
    }

    private static long count(DataSource db, String sql, Object... params) {
        try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void whenTokensExpiredMoreThanADayAgoThenPurgedInBoundedBatchesAndLiveTokensKept(@TempDir Path dir) {
        MutableClock clock = new MutableClock();
        // the node's own background purge stays out of the way (its longest interval)
        try (TestServer server = TestServer.start(dir, clock, Map.of("purge.interval", "1d"))) {
            TokenCalls api = new TokenCalls(server);
            Services services = server.node().services();
            DataSource db = services.database().dataSource();

            // 24 client-credentials logins (one access token each, 1 h) and one password login
            // (an access token of 1 h and a refresh token of 30 days): 25 tokens that will expire
            for (int i = 0; i < 24; i++) {
                ok(api.clientCredentials(DEMO, TRUSTED_APP, TRUSTED_APP_SECRET));
            }
            Map<String, Object> early = api.login("user_name", "user_password");
            assertThat(count(db, "SELECT COUNT(*) FROM tokens")).isEqualTo(26);
            assertThat(count(db, "SELECT COUNT(*) FROM token_families")).isEqualTo(25);

            // expired, but within the day they are kept
            clock.advance(Duration.ofHours(1).plusMinutes(1));
            List<Batch> none = new ArrayList<>();
            assertThat(new TokenPurge(recording(services.tokenStore(), none), clock, 10).purge()).isZero();
            assertThat(none).extracting(Batch::purged).containsExactly(0);
            assertThat(count(db, "SELECT COUNT(*) FROM tokens")).isEqualTo(26);

            // a day later: gone; meanwhile new, live tokens arrive
            clock.advance(Duration.ofDays(1));
            String liveClient = s(ok(api.clientCredentials(DEMO, TRUSTED_APP, TRUSTED_APP_SECRET)), "access_token");
            Map<String, Object> late = api.login("user_name", "user_password");
            assertThat(count(db, "SELECT COUNT(*) FROM tokens")).isEqualTo(29);

            List<Batch> batches = new ArrayList<>();
            int purged = new TokenPurge(recording(services.tokenStore(), batches), clock, 10).purge();
            assertThat(purged).isEqualTo(25);
            // bounded: three statements of at most 10, the last one short, and no more
            assertThat(batches).extracting(Batch::purged).containsExactly(10, 10, 5);
            assertThat(batches).extracting(Batch::limit).containsOnly(10);
            Instant cutOff = clock.instant().minus(Duration.ofDays(1));
            assertThat(batches).extracting(Batch::before).containsOnly(cutOff);

            assertThat(count(db, "SELECT COUNT(*) FROM tokens WHERE expires_at < ?", cutOff.toEpochMilli())).isZero();
            // left: the early refresh token, the new client-credentials token, the late pair
            assertThat(count(db, "SELECT COUNT(*) FROM tokens")).isEqualTo(4);
            // the 24 emptied families went; the early login's family keeps its refresh token
            assertThat(count(db, "SELECT COUNT(*) FROM token_families")).isEqualTo(3);

            // what is live still works
            api.assertLive(liveClient);
            api.assertLive(s(late, "access_token"));
            api.assertLive(s(ok(api.refresh(s(late, "refresh_token"))), "access_token"));
            api.assertLive(s(ok(api.refresh(s(early, "refresh_token"))), "access_token"));

            // nothing left to purge
            assertThat(new TokenPurge(services.tokenStore(), clock, 10).purge()).isZero();
        }
    }
}
