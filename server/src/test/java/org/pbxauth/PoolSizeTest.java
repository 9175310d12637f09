package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pbxauth.config.Settings;

/**
 * Issue 4, item 3: every value a setting accepts must give a server that runs. {@code db.pool-size}
 * accepts 1 (its documented minimum), so a server with a pool of one connection must start on a
 * fresh store, migrations included, and serve.
 */
class PoolSizeTest {
    @Test
    void whenDbPoolSizeIsItsMinimumOneThenTheServerStartsAndServes(@TempDir Path dir) {
        assertThat(Settings.load(Map.of(), Map.of("db.pool-size", "1")).dbPoolSize()).as("accepted").isEqualTo(1);
        try (TestServer server = TestServer.start(dir, Clock.systemUTC(), Map.of("db.pool-size", "1"))) {
            TokenCalls c = new TokenCalls(server);
            c.assertLive(TokenCalls.s(c.login("user_name", "user_password"), "access_token"));
        }
    }
}
