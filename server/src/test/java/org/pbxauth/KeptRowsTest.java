package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On SQLite the server keeps the token-with-user rows that the API and introspection read, and
 * the apps that authenticate, while the file's commit counter is unchanged. Any commit by anyone ends that: here the writes come
 * from a plain JDBC connection of the test's own, as another process's would (the server learns
 * of them from nothing but the file), each right after the token was read several times.
 */
class KeptRowsTest {
    @TempDir static Path dir;
    static TestServer server;

    @BeforeAll
    static void start() {
        assumeFalse(TestDatabases.isPostgres(), "SQLite's commit counter (PostgreSQL keeps no rows)");
        server = TestServer.start(dir.resolve("data"));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static void elsewhere(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data").resolve("pbx-auth.db"));
             Statement st = c.createStatement()) {
            st.execute("PRAGMA busy_timeout = 10000");
            assertThat(st.executeUpdate(sql)).as(sql).isPositive();
        }
    }

    private static String one(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data").resolve("pbx-auth.db"));
             Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
            return rs.getString(1);
        }
    }

    private static String login(String user, String password) {
        return server.accessToken("localhost", TestServer.PASSWORD_APP, TestServer.PASSWORD_APP_SECRET, user, password);
    }

    private static HttpResponse<String> user(String token) {
        return server.user("localhost", "Bearer " + token);
    }

    /** Introspections of the token, each answered: its row and its app's are kept now. */
    private static void warmIntrospection(String token) {
        for (int i = 0; i < 5; i++) {
            assertThat(introspect(token).statusCode()).isEqualTo(200);
        }
    }

    private static HttpResponse<String> introspect(String token) {
        return server.request("POST", "/oauth/introspect", "localhost", TestServer.encode(TestServer.form("token", token,
                "client_id", TestServer.PASSWORD_APP, "client_secret", TestServer.PASSWORD_APP_SECRET))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8), "Content-Type", "application/x-www-form-urlencoded");
    }

    @Test
    void whenAnotherProcessRevokesAWarmTokenThenTheNextRequestIsRefused() throws Exception {
        String token = login("user_name", "user_password");
        for (int i = 0; i < 5; i++) {
            assertThat(user(token).statusCode()).isEqualTo(200);
            assertThat(introspect(token).body()).contains("\"active\":true");
        }
        elsewhere("UPDATE token_families SET revoked_at = 1 WHERE id = (SELECT MAX(id) FROM token_families)");
        assertThat(user(token).statusCode()).isEqualTo(401);
        assertThat(introspect(token).body()).contains("\"active\":false");
    }

    @Test
    void whenAnotherProcessBlocksTheUserOfAWarmTokenThenTheNextRequestIsRefused() throws Exception {
        String token = login("admin", "admin_password");
        for (int i = 0; i < 5; i++) {
            assertThat(user(token).statusCode()).isEqualTo(200);
        }
        try {
            elsewhere("UPDATE users SET blocked = 1 WHERE login = 'admin' AND tenant_id = "
                    + server.node().services().tenants().findByName("Demo PBX").orElseThrow().id());
            HttpResponse<String> blocked = user(token);
            assertThat(blocked.statusCode()).isEqualTo(403);
            assertThat(blocked.body()).isEqualTo("{\"status\":\"user_blocked\"}");
            assertThat(introspect(token).body()).contains("\"active\":false");
        } finally {
            elsewhere("UPDATE users SET blocked = 0 WHERE login = 'admin'");
        }
        assertThat(user(token).statusCode()).isEqualTo(200);
    }

    @Test
    void whenNothingChangesThenAWarmTokenKeepsAnsweringAsItsRowSays() {
        String token = login("user_name", "user_password");
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> r = user(token);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("\"login\":\"user_name\"");
        }
        assertThat(user(token + "x").statusCode()).isEqualTo(401);
        assertThat(Map.of("other customer", server.user(TestServer.OTHER_HOST, "Bearer " + token).statusCode()))
                .containsEntry("other customer", 401);
    }

    @Test
    void whenAnotherProcessDisablesAWarmAppThenItsNextRequestIsRefused() throws Exception {
        String token = login("user_name", "user_password");
        warmIntrospection(token);
        String app = "UPDATE apps SET disabled_at = %s WHERE client_id = '" + TestServer.PASSWORD_APP + "'";
        try {
            elsewhere(app.formatted("1"));
            HttpResponse<String> refused = introspect(token);
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.body()).contains("\"error\":\"invalid_client\"");
        } finally {
            elsewhere(app.formatted("NULL"));
        }
        assertThat(introspect(token).body()).contains("\"active\":true");
    }

    @Test
    void whenAnotherProcessChangesAWarmAppsSecretThenTheOldSecretIsRefusedAtOnce() throws Exception {
        String token = login("user_name", "user_password");
        warmIntrospection(token);
        String where = " WHERE client_id = '" + TestServer.PASSWORD_APP + "'";
        String hash = one("SELECT secret_hash FROM apps" + where);
        try {
            elsewhere("UPDATE apps SET secret_hash = '" + "0".repeat(hash.length()) + "'" + where);
            assertThat(introspect(token).statusCode()).isEqualTo(401);
        } finally {
            elsewhere("UPDATE apps SET secret_hash = '" + hash + "'" + where);
        }
        assertThat(introspect(token).statusCode()).isEqualTo(200);
    }
}
