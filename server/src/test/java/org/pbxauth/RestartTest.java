package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pbxauth.TestServer.DEMO_HOST;
import static org.pbxauth.TestServer.OTHER_APP;
import static org.pbxauth.TestServer.OTHER_APP_SECRET;
import static org.pbxauth.TestServer.OTHER_HOST;
import static org.pbxauth.TestServer.PASSWORD_APP;
import static org.pbxauth.TestServer.PASSWORD_APP_SECRET;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store outlives the process. A first server issues tokens and stops; a second one starts on
 * the same data folder (and, like every {@link TestServer#start}, ensures the demo data again).
 * The tests look at the second one.
 */
class RestartTest {
    private static final String[] TABLES = {"tenants", "tenant_hostnames", "users", "apps"};

    @TempDir static Path data;
    private static TestServer restarted;
    private static String demoToken;
    private static String otherToken;
    private static Object demoUserId;
    private static Map<String, Long> countsBefore;

    @BeforeAll
    static void issueThenRestart() {
        try (TestServer first = TestServer.start(data)) {
            demoToken = first.accessToken(DEMO_HOST, PASSWORD_APP, PASSWORD_APP_SECRET, "user_name", "user_password");
            otherToken = first.accessToken(OTHER_HOST, OTHER_APP, OTHER_APP_SECRET, "user_name", "other_password");
            HttpResponse<String> before = first.user(DEMO_HOST, "Bearer " + demoToken);
            assertThat(before.statusCode()).as(before.body()).isEqualTo(200);
            demoUserId = Json.object(before.body()).get("id");
            countsBefore = counts(first);
        }
        restarted = TestServer.start(data);
    }

    @AfterAll
    static void stop() {
        if (restarted != null) {
            restarted.close();
        }
    }

    @Test
    void whenServerRestartedThenATokenIssuedBeforeStillWorks() {
        HttpResponse<String> after = restarted.user(DEMO_HOST, "Bearer " + demoToken);
        assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
        assertThat(Json.object(after.body()).get("login")).isEqualTo("user_name");
        assertThat(Json.object(after.body()).get("id")).isEqualTo(demoUserId);
        HttpResponse<String> other = restarted.user(OTHER_HOST, "Bearer " + otherToken);
        assertThat(other.statusCode()).as(other.body()).isEqualTo(200);
    }

    @Test
    void whenServerRestartedThenTokensAreStillScopedToTheirCustomer() {
        OAuthAssert.assertError(restarted.user(OTHER_HOST, "Bearer " + demoToken), 401, "invalid_token");
        OAuthAssert.assertError(restarted.user(DEMO_HOST, "Bearer " + otherToken), 401, "invalid_token");
    }

    @Test
    void whenServerRestartedThenAppSecretsAndPasswordsStillVerify() {
        // the app secrets' keyed hashes need the same server key as before the restart
        OAuthAssert.assertSeedTokens(restarted.passwordGrant("user_name", "user_password"));
        OAuthAssert.assertSeedTokens(restarted.passwordGrant("admin", "admin_password"));
        OAuthAssert.assertError(restarted.passwordGrant("user_name", "wrong"), 400, "invalid_grant");
    }

    @Test
    void whenServerRestartedThenDemoDataIsNotDuplicated() {
        Map<String, Long> expected = new LinkedHashMap<>();
        expected.put("tenants", 2L); // issue 2's demo data: two customers,
        expected.put("tenant_hostnames", 3L); // three hostnames,
        expected.put("users", 4L); // four users,
        expected.put("apps", 4L); // four apps
        assertThat(countsBefore).containsExactlyEntriesOf(expected);
        assertThat(counts(restarted)).containsExactlyEntriesOf(expected);
    }

    private static Map<String, Long> counts(TestServer server) {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection c = server.node().services().database().reads().getConnection();
             Statement st = c.createStatement()) {
            for (String table : TABLES) {
                try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return counts;
    }
}
