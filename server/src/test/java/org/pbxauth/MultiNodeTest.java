package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pbxauth.TestServer.PASSWORD_APP;
import static org.pbxauth.TestServer.PASSWORD_APP_SECRET;
import static org.pbxauth.TokenCalls.DEMO;
import static org.pbxauth.TokenCalls.assertError;
import static org.pbxauth.TokenCalls.ok;
import static org.pbxauth.TokenCalls.s;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pbxauth.apps.AccessLevel;
import org.pbxauth.apps.AppType;
import org.pbxauth.apps.PbxApp;
import org.pbxauth.apps.RegisteredApp;
import org.pbxauth.config.Settings;
import org.pbxauth.config.SettingsException;
import org.pbxauth.directory.NewUser;
import org.pbxauth.directory.PbxUser;
import org.pbxauth.directory.Tenant;
import org.pbxauth.directory.UserLevel;
import org.pbxauth.secrets.Secret;

/**
 * Issue 4, item 2: three nodes on one PostgreSQL database. Whatever one node does to a token, a
 * user or an app, the others see on the very next request: no sleeping, no polling. The three
 * nodes share one data folder (so one generated server.key) and one {@link MutableClock}.
 * Each test works on users and apps of its own, so the tests share the nodes.
 */
class MultiNodeTest {
    private static final int NODES = 3;

    @TempDir static Path data;
    private static MutableClock clock;
    private static final List<TestServer> nodes = new ArrayList<>();
    private static final List<TokenCalls> calls = new ArrayList<>();
    private static Tenant demo;

    @BeforeAll
    static void startThreeNodes() {
        if (!TestDatabases.isPostgres()) {
            return; // each test reports itself skipped, below
        }
        clock = new MutableClock();
        Settings settings = settings(data, Map.of());
        try (Services s = Services.open(settings, clock)) {
            DemoData.ensure(s);
        }
        for (int i = 0; i < NODES; i++) {
            TestServer node = TestServer.of(Node.start(settings, clock), data);
            nodes.add(node);
            calls.add(new TokenCalls(node));
        }
        demo = services(0).tenants().findByName("Demo PBX").orElseThrow();
    }

    @BeforeEach
    void onPostgresOnly() {
        Assumptions.assumeTrue(TestDatabases.isPostgres(),
                "several nodes need one shared PostgreSQL; the SQLite file is one machine's store (runs in the postgres execution)");
    }

    @AfterAll
    static void stopNodes() {
        for (TestServer node : nodes) {
            node.close();
        }
    }

    /** Settings of a node on the database of {@code folder}, with {@code more} on top. */
    private static Settings settings(Path folder, Map<String, String> more) {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("data", folder.toString());
        o.put("db", TestDatabases.databaseFor(data)); // always the one shared database
        o.put("port", "0");
        o.put("bind", "127.0.0.1");
        o.put("rate-limits", "off");
        o.put("db.pool-size", "6");
        o.putAll(more);
        return Settings.load(Map.of(), o);
    }

    private static TokenCalls node(int i) {
        return calls.get(i);
    }

    private static Services services(int i) {
        return nodes.get(i).node().services();
    }

    private static PbxUser newUser(String login, String password) {
        Services s = services(0);
        return s.users().create(new NewUser(demo.id(), login, UserLevel.EXTENSION, false, "UTC", null, null,
                s.passwords().hash(Secret.of(password))));
    }

    private static Map<String, Object> login(int node, String user, String password) {
        return ok(node(node).password(DEMO, PASSWORD_APP, PASSWORD_APP_SECRET, user, password));
    }

    private static void assertRefusedEverywhereBut(int except, String accessToken, String what) {
        for (int i = 0; i < NODES; i++) {
            if (i != except) {
                HttpResponse<String> r = node(i).user(DEMO, accessToken);
                assertThat(r.statusCode()).as("node %d with %s: %s", i + 1, what, r.body()).isEqualTo(401);
            }
        }
    }

    @Test
    void whenTokenIssuedByOneNodeThenTheOtherNodesAcceptIt() {
        Map<String, Object> login = login(0, "user_name", "user_password");
        String access = s(login, "access_token");
        Object id = node(0).me(access).get("id");
        for (int i = 1; i < NODES; i++) {
            assertThat(node(i).me(access).get("id")).as("user id on node %d", i + 1).isEqualTo(id);
            assertThat(node(i).introspect(access).get("active")).as("introspection on node %d", i + 1).isEqualTo(true);
        }
        // the refresh token of node 1 rotates on node 3, and its new access token works on node 2
        Map<String, Object> rotated = ok(node(2).refresh(s(login, "refresh_token")));
        assertThat(node(1).me(s(rotated, "access_token")).get("id")).isEqualTo(id);
    }

    @Test
    void whenTokenRevokedOnOneNodeThenTheOtherNodesRefuseItOnTheNextRequest() {
        Map<String, Object> one = login(0, "user_name", "user_password");
        String access = s(one, "access_token");
        for (int i = 0; i < NODES; i++) {
            node(i).me(access);
        }
        ok(node(1).revoke(DEMO, PASSWORD_APP, PASSWORD_APP_SECRET, "token", access));
        node(0).assertDead(access);
        node(2).assertDead(access);

        // revoking a refresh token on node 2 ends its whole login on nodes 1 and 3
        Map<String, Object> two = login(2, "user_name", "user_password");
        for (int i = 0; i < NODES; i++) {
            node(i).me(s(two, "access_token"));
        }
        ok(node(1).revoke(DEMO, PASSWORD_APP, PASSWORD_APP_SECRET, "token", s(two, "refresh_token")));
        node(0).assertDead(s(two, "access_token"));
        node(2).assertDead(s(two, "access_token"));
        assertError(node(0).refresh(s(two, "refresh_token")), 400, "invalid_grant");
        assertError(node(2).refresh(s(two, "refresh_token")), 400, "invalid_grant");
    }

    @Test
    void whenUserBlockedThroughOneNodeThenTheOtherNodesRefuseAtOnce() {
        PbxUser user = newUser("mn-block", "blockpass1");
        Map<String, Object> onTwo = login(1, "mn-block", "blockpass1");
        Map<String, Object> onThree = login(2, "mn-block", "blockpass1");
        node(1).me(s(onTwo, "access_token"));
        node(2).me(s(onThree, "access_token"));

        assertThat(services(0).lifecycle().block(user, org.pbxauth.lifecycle.Actor.CLI)).as("logins revoked by the block").isEqualTo(2);
        assertRefusedEverywhereBut(0, s(onTwo, "access_token"), "a blocked user's token");
        assertRefusedEverywhereBut(0, s(onThree, "access_token"), "a blocked user's token");
        assertError(node(1).refresh(s(onTwo, "refresh_token")), 400, "invalid_grant");
        assertError(node(2).refresh(s(onThree, "refresh_token")), 400, "invalid_grant");
        assertError(node(1).password(DEMO, PASSWORD_APP, PASSWORD_APP_SECRET, "mn-block", "blockpass1"),
                400, "invalid_grant");
        assertError(node(2).password(DEMO, PASSWORD_APP, PASSWORD_APP_SECRET, "mn-block", "blockpass1"),
                400, "invalid_grant");
    }

    @Test
    void whenPasswordChangedThroughOneNodeThenTheOtherNodesRefuseOldTokensAndOldPassword() {
        PbxUser user = newUser("mn-password", "oldpass123");
        Map<String, Object> before = login(0, "mn-password", "oldpass123");
        node(1).me(s(before, "access_token"));

        services(2).lifecycle().setPassword(user, Secret.of("newpass456"), org.pbxauth.lifecycle.Actor.CLI);
        assertRefusedEverywhereBut(2, s(before, "access_token"), "a token of the old password");
        assertError(node(0).refresh(s(before, "refresh_token")), 400, "invalid_grant");
        assertError(node(0).password(DEMO, PASSWORD_APP, PASSWORD_APP_SECRET, "mn-password", "oldpass123"),
                400, "invalid_grant");
        node(1).me(s(login(1, "mn-password", "newpass456"), "access_token"));
    }

    @Test
    void whenAppSecretRotatedThroughOneNodeThenTheOtherNodesRefuseTheOldSecretAndItsTokens() {
        PbxUser admin = services(0).users().findByLogin(demo.id(), "admin").orElseThrow();
        RegisteredApp registered = services(0).apps().register(demo.id(), "MN rotated app",
                AppType.PASSWORD_CREDENTIALS, AccessLevel.ALL, List.of(), admin);
        String appId = registered.app().clientId();
        String oldSecret = registered.secret().reveal();
        Map<String, Object> login = ok(node(1).password(DEMO, appId, oldSecret, "user_name", "user_password"));
        node(0).me(s(login, "access_token"));

        PbxApp app = services(2).apps().find(demo.id(), appId).orElseThrow();
        String newSecret = services(2).lifecycle().rotateSecret(app).reveal();
        assertRefusedEverywhereBut(2, s(login, "access_token"), "a token of the rotated app");
        assertError(node(0).password(DEMO, appId, oldSecret, "user_name", "user_password"), 401, "invalid_client");
        assertError(node(1).password(DEMO, appId, oldSecret, "user_name", "user_password"), 401, "invalid_client");
        assertError(node(0).refresh(DEMO, appId, newSecret, s(login, "refresh_token")), 400, "invalid_grant");
        node(0).me(s(ok(node(0).password(DEMO, appId, newSecret, "user_name", "user_password")), "access_token"));
    }

    @Test
    void whenFailedLoginsSpreadOverTheNodesThenTheThrottleCountsThemAll() {
        newUser("mn-throttle", "rightpass1");
        // throttle.address-failures is 5: the 5th failure, wherever it lands, makes the next try wait 1 s
        for (int i = 0; i < 5; i++) {
            assertError(node(i % NODES).password(DEMO, PASSWORD_APP, PASSWORD_APP_SECRET, "mn-throttle", "wrong-" + i),
                    400, "invalid_grant");
        }
        for (int i = 0; i < NODES; i++) {
            assertError(node(i).password(DEMO, PASSWORD_APP, PASSWORD_APP_SECRET, "mn-throttle", "rightpass1"),
                    400, "invalid_grant");
        }
        clock.advance(Duration.ofSeconds(2));
        login(1, "mn-throttle", "rightpass1");
    }

    @Test
    void whenFiftyConcurrentRefreshesSpreadOverTheNodesThenNo5xxAndOneFamily() throws Exception {
        Map<String, Object> login = login(0, "user_name", "user_password");
        String r0 = s(login, "refresh_token");
        int n = 50;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch gate = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                TokenCalls target = node(i % NODES);
                futures.add(pool.submit(() -> {
                    if (!gate.await(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("start gate never opened");
                    }
                    return target.refresh(r0);
                }));
            }
            gate.countDown();
            List<HttpResponse<String>> answers = new ArrayList<>();
            for (Future<HttpResponse<String>> f : futures) {
                answers.add(f.get(90, TimeUnit.SECONDS));
            }
            assertThat(answers).as("no answer is a 5xx")
                    .allSatisfy(r -> assertThat(r.statusCode()).as("status of %s", r.body()).isLessThan(500));
            // the shared clock stands still: every duplicate is inside the grace window of the same app
            assertThat(answers).allSatisfy(r -> assertThat(r.statusCode()).as("status of %s", r.body()).isEqualTo(200));

            Set<String> access = new HashSet<>();
            Set<String> refresh = new HashSet<>();
            for (HttpResponse<String> r : answers) {
                Map<String, Object> body = ok(r);
                access.add(s(body, "access_token"));
                refresh.add(s(body, "refresh_token"));
            }
            assertThat(access).hasSize(n);
            assertThat(refresh).hasSize(n);
            int k = 0;
            for (String a : access) {
                node(k++ % NODES).me(a);
            }

            // one family: the original token presented after the grace window ends every token of the storm
            clock.advance(Duration.ofSeconds(6));
            assertError(node(1).refresh(r0), 400, "invalid_grant");
            k = 0;
            for (String a : access) {
                int i = k++ % NODES;
                assertThat(node(i).user(DEMO, a).statusCode()).as("storm access token on node %d after the reuse", i + 1)
                        .isEqualTo(401);
            }
            for (String r : refresh) {
                node(k++ % NODES).assertInactive(r);
            }
            node(2).assertDead(s(login, "access_token"));
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The vendor's hourly API limit per customer counts in the store (each node flushes its counts
     * about every second), so requests spread over nodes add up. Two more nodes with the limits on
     * and a limit of 10 an hour, on a clock of their own that is well inside an hour.
     */
    @Test
    void whenApiRequestsSpreadOverNodesThenTheHourlyLimitCountsThemAll() throws Exception {
        MutableClock inHour = new MutableClock(java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS)
                .plus(Duration.ofMinutes(10)));
        Map<String, String> limits = Map.of("rate-limits", "on", "rate.api-per-customer-hour", "10");
        try (TestServer a = TestServer.of(Node.start(settings(data, limits), inHour), data);
             TestServer b = TestServer.of(Node.start(settings(data, limits), inHour), data)) {
            TokenCalls onA = new TokenCalls(a);
            TokenCalls onB = new TokenCalls(b);
            String token = s(ok(onA.password(DEMO, PASSWORD_APP, PASSWORD_APP_SECRET, "user_name", "user_password")),
                    "access_token");
            for (int i = 0; i < 6; i++) {
                assertThat(onA.user(DEMO, token).statusCode()).as("API request %d on node A", i + 1).isEqualTo(200);
            }
            Thread.sleep(2_500); // node A writes its count
            assertThat(onB.user(DEMO, token).statusCode()).as("7th API request, on node B").isEqualTo(200);
            Thread.sleep(2_500); // node B writes its own and reads back everyone's
            int allowedOnB = 0;
            HttpResponse<String> last = null;
            for (int i = 0; i < 10; i++) {
                last = onB.user(DEMO, token);
                if (last.statusCode() != 200) {
                    break;
                }
                allowedOnB++;
            }
            assertThat(allowedOnB).as("requests node B still allowed with 7 of 10 used (6 on node A)").isEqualTo(3);
            assertThat(last.statusCode()).as("the 11th request of the hour: %s", last.body()).isEqualTo(429);
            Thread.sleep(2_500); // node A reads back the total too
            assertThat(onA.user(DEMO, token).statusCode()).as("node A after the limit was used up on node B")
                    .isEqualTo(429);
        }
    }

    /** Issue 18: a web session is the store's, so a logout on one node ends it on every node. */
    @Test
    void whenLoggedOutOnOneNodeThenTheWebSessionIsOverOnEveryNode() {
        WebClient onA = new WebClient(nodes.get(0), "localhost");
        assertThat(onA.login("user_name", "user_password").statusCode()).isEqualTo(303);
        String session = onA.cookie("pbxauth_web").orElseThrow();
        WebClient onB = new WebClient(nodes.get(1), "localhost");
        onB.plantCookie("pbxauth_web", session);
        WebClient onC = new WebClient(nodes.get(2), "localhost");
        onC.plantCookie("pbxauth_web", session);
        assertThat(onB.get("/account/apps").statusCode()).as("node B serves node A's session").isEqualTo(200);
        onA.get("/account/apps");
        assertThat(onA.post("/logout", Map.of()).statusCode()).isEqualTo(303);
        assertThat(onB.get("/account/apps").statusCode()).as("node B right after the logout on A").isEqualTo(303);
        assertThat(onC.get("/account/apps").statusCode()).as("node C right after the logout on A").isEqualTo(303);
    }

    /** Issue 18: "End this session" on My sessions, on one node, is the token's end on every node at once. */
    @Test
    void whenASessionIsEndedOnMySessionsOfOneNodeThenItsTokenIsRefusedOnEveryNode() {
        PbxUser user = newUser("sessions_" + java.util.UUID.randomUUID().toString().substring(0, 8), "sessions_password");
        String access = s(login(0, user.login(), "sessions_password"), "access_token");
        node(2).me(access);
        WebClient onB = new WebClient(nodes.get(1), "localhost");
        assertThat(onB.login(user.login(), "sessions_password").statusCode()).isEqualTo(303);
        String page = onB.get("/account/sessions").body();
        java.util.regex.Matcher end = java.util.regex.Pattern.compile("action=\"/account/sessions/(\\d+)/end\"")
                .matcher(page);
        assertThat(end.find()).as(page).isTrue();
        assertThat(onB.post("/account/sessions/" + end.group(1) + "/end", Map.of()).statusCode()).isEqualTo(303);
        assertRefusedEverywhereBut(-1, access, "a session ended on node B");
    }

    @Test
    void whenANodeStartsWithAnotherServerKeyThenItRefusesToStart(@TempDir Path otherFolder) {
        String otherKey = "ab".repeat(32);
        assertThatThrownBy(() -> Node.start(settings(data, Map.of("server-key", otherKey)), clock).close())
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("server-key");
        // a node whose data folder lacks the shared key file generates a key of its own: refused as well
        assertThatThrownBy(() -> Node.start(settings(otherFolder, Map.of()), clock).close())
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("server-key");
        // the running nodes are unharmed
        node(0).me(s(login(2, "user_name", "user_password"), "access_token"));
    }
}
