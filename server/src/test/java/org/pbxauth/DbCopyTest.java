package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, item 5: {@code pbx-auth db copy --to postgresql://…} moves a platform from the
 * embedded SQLite store to PostgreSQL. What was issued on SQLite works on PostgreSQL afterwards
 * (an access token on the API, a refresh token's rotation, a trusted app's secret, a throttled
 * account), new rows there get new ids, and the SQLite file is left exactly as it was.
 */
class DbCopyTest {
    private static final List<String> TABLES = List.of("tenants", "tenant_hostnames", "users", "apps", "token_families",
            "tokens", "authorization_codes", "consents", "server_facts", "login_failures", "known_addresses", "api_usage");

    @TempDir
    Path data;

    @TempDir
    Path pgFolder;

    @Test
    void whenTheEmbeddedStoreIsCopiedThenItsTokensAppsAndUsersWorkOnPostgres() throws Exception {
        assumeTrue(TestDatabases.isPostgres(), "needs a PostgreSQL (runs in the postgres execution)");
        Map<String, Object> login;
        String trustedToken;
        try (TestServer sqlite = TestServer.start(data, Clock.systemUTC(), Map.of("db", ""))) {
            assertThat(sqlite.node().services().database().isPostgres()).isFalse();
            login = sqlite.login(TestServer.DEMO_HOST, TestServer.PASSWORD_APP, TestServer.PASSWORD_APP_SECRET,
                    "user_name", "user_password");
            trustedToken = (String) Json.object(sqlite.token(TestServer.DEMO_HOST, "grant_type=client_credentials",
                    TestServer.basic(TestServer.TRUSTED_APP, TestServer.TRUSTED_APP_SECRET)).body()).get("access_token");
            // a failed login: throttle state that must come along
            assertThat(sqlite.passwordGrant("user_name", "not-the-password").statusCode()).isEqualTo(400);
        }
        Path file = data.resolve("pbx-auth.db");
        Map<String, Long> source = counts("jdbc:sqlite:" + file);
        String fileBefore = sha256(file);
        assertThat(source.get("tokens")).as("tokens in the SQLite store").isGreaterThanOrEqualTo(3);
        assertThat(source.get("login_failures")).as("throttle rows in the SQLite store").isPositive();

        String pg = TestDatabases.databaseFor(pgFolder);
        InProcessCli.Result copy = InProcessCli.exactly(null, "db", "copy", "--data", data.toString(), "--to", pg);
        assertThat(copy.exit()).as("%s", copy).isZero();
        assertThat(copy.out()).contains("tokens").contains("every count checked");
        assertThat(sha256(file)).as("the SQLite file after the copy").isEqualTo(fileBefore);
        assertThat(counts(jdbc(pg))).as("rows in PostgreSQL, table by table").isEqualTo(source);

        try (TestServer postgres = TestServer.start(data, Clock.systemUTC(), Map.of("db", pg))) {
            assertThat(postgres.node().services().database().isPostgres()).isTrue();
            HttpResponse<String> me = postgres.user(TestServer.DEMO_HOST, "Bearer " + login.get("access_token"));
            assertThat(me.statusCode()).as("the SQLite access token on PostgreSQL: %s", me.body()).isEqualTo(200);
            assertThat(Json.object(me.body()).get("login")).isEqualTo("user_name");
            assertThat(postgres.user(TestServer.DEMO_HOST, "Bearer " + trustedToken).statusCode())
                    .as("the trusted app's token").isEqualTo(200);

            HttpResponse<String> refreshed = postgres.token(TestServer.DEMO_HOST, TestServer.encode(TestServer.form(
                    "grant_type", "refresh_token", "client_id", TestServer.PASSWORD_APP,
                    "client_secret", TestServer.PASSWORD_APP_SECRET, "refresh_token", (String) login.get("refresh_token"))), null);
            OAuthAssert.assertSeedTokens(refreshed);

            // the app secrets verify under the same server key; new rows get ids after the copied ones
            assertThat(postgres.token(TestServer.DEMO_HOST, "grant_type=client_credentials",
                    TestServer.basic(TestServer.TRUSTED_APP, TestServer.TRUSTED_APP_SECRET)).statusCode()).isEqualTo(200);
            InProcessCli.Result added = InProcessCli.exactly(null, "customer", "add", "After Copy PBX",
                    "--hostname", "after-copy.localhost", "--data", data.toString(), "--db", pg);
            assertThat(added.exit()).as("%s", added).isZero();
        }

        InProcessCli.Result again = InProcessCli.exactly(null, "db", "copy", "--data", data.toString(), "--to", pg);
        assertThat(again.exit()).as("a second copy into a filled database: %s", again).isNotZero();
        assertThat(again.err()).contains("is not empty").contains("copied nothing");
        assertThat(sha256(file)).isEqualTo(fileBefore);
    }

    private static Map<String, Long> counts(String jdbcUrl) throws Exception {
        Map<String, Long> counts = new LinkedHashMap<>();
        long now = System.currentTimeMillis();
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement st = c.createStatement()) {
            for (String table : TABLES) {
                // what the copy carries: live tokens and codes, and the families they belong to
                String where = switch (table) {
                    case "tokens", "authorization_codes" -> " WHERE expires_at >= " + now;
                    default -> "";
                };
                try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table + where)) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
        }
        return counts;
    }

    private static String jdbc(String postgresUrl) {
        java.net.URI uri = java.net.URI.create(postgresUrl);
        String[] user = uri.getUserInfo().split(":", 2);
        return "jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort() + uri.getPath() + "?user=" + user[0]
                + (user.length > 1 ? "&password=" + user[1] : "");
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
