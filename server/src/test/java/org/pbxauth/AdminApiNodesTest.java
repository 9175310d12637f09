package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pbxauth.config.Settings;

/**
 * Issue 19: two nodes behind one PostgreSQL, two administrators, one on each, changing the same
 * user or app with the same ETag at once: the store's compare-and-set lets exactly one change
 * apply, where a lock of each node's own would let both through.
 */
class AdminApiNodesTest {
    @TempDir static Path data;
    private static final List<TestServer> nodes = new ArrayList<>();

    @BeforeAll
    static void startTwoNodes() {
        if (!TestDatabases.isPostgres()) {
            return; // each test reports itself skipped, below
        }
        MutableClock clock = new MutableClock();
        Map<String, String> o = new LinkedHashMap<>();
        o.put("data", data.toString());
        o.put("db", TestDatabases.databaseFor(data));
        o.put("port", "0");
        o.put("bind", "127.0.0.1");
        o.put("rate-limits", "off");
        o.put("db.pool-size", "6");
        Settings settings = Settings.load(Map.of(), o);
        try (Services s = Services.open(settings, clock)) {
            DemoData.ensure(s);
        }
        for (int i = 0; i < 2; i++) {
            nodes.add(TestServer.of(Node.start(settings, clock), data));
        }
    }

    @BeforeEach
    void onPostgresOnly() {
        Assumptions.assumeTrue(TestDatabases.isPostgres(),
                "two nodes need one shared PostgreSQL (runs in the postgres execution)");
    }

    @AfterAll
    static void stopNodes() {
        nodes.forEach(TestServer::close);
    }

    @Test
    void whenTwoAdminsOnTwoNodesPatchAUserWithOneETagThenEachRoundOne200AndOne412() throws Exception {
        AdminClient first = AdminClient.demoAdmin(nodes.get(0));
        AdminClient second = secondAdmin(first, nodes.get(1), "second-admin-u");
        long id = AdminApiUsersTest.userId(first, "user_name");
        EtagRace.run(first, second, "/users/" + id, 40, round -> new String[] {
                "{\"extension_id\":" + (2 * round + 1000) + "}", "{\"extension_id\":" + (2 * round + 1001) + "}"});
    }

    @Test
    void whenTwoAdminsOnTwoNodesPatchAnAppWithOneETagThenEachRoundOne200AndOne412() throws Exception {
        AdminClient first = AdminClient.demoAdmin(nodes.get(0));
        AdminClient second = secondAdmin(first, nodes.get(1), "second-admin-a");
        long id = AdminApiAppsTest.appId(first, TestServer.PUBLIC_APP);
        EtagRace.run(first, second, "/apps/" + id, 40, round -> new String[] {
                "{\"name\":\"first " + round + "\"}", "{\"name\":\"second " + round + "\"}"});
    }

    /** Another administrator of the demo customer, added by {@code admin}, signed in on {@code node}. */
    private static AdminClient secondAdmin(AdminClient admin, TestServer node, String login) {
        assertThat(admin.post("/users", "{\"login\":\"" + login + "\",\"password\":\"second-password\",\"level\":"
                + "\"client\",\"admin\":true}").statusCode()).isEqualTo(201);
        return new AdminClient(node, "localhost", node.accessToken("localhost", TestServer.PASSWORD_APP,
                TestServer.PASSWORD_APP_SECRET, login, "second-password"));
    }
}
