package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pbxauth.OperatorClient.Answer;
import org.pbxauth.apps.AccessLevel;
import org.pbxauth.apps.AppType;
import org.pbxauth.directory.NewUser;
import org.pbxauth.directory.PbxUser;
import org.pbxauth.directory.UserLevel;
import org.pbxauth.secrets.Secret;

/** What an operator's change does to the rest of the server, at once on this node. */
class OperatorEffectsTest {
    private static final String WELL_KNOWN = "/.well-known/oauth-authorization-server";
    private static final String APP = "0123456789abcdef0123456789abcdef";
    private static final String APP_SECRET = "fedcba9876543210fedcba9876543210";

    @TempDir static Path data;
    static TestServer server;
    static OperatorClient ops;
    static TokenCalls oauth;

    @BeforeAll
    static void start() {
        server = OperatorClient.start(data);
        ops = new OperatorClient(server);
        oauth = new TokenCalls(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void whenCustomerCreatedThenItAnswersOnItsHostnameAndItsUsersGetTokens() {
        assertThat(metadata("fresh.localhost").statusCode()).isEqualTo(404); // asked before: not remembered as unknown
        long id = ops.create("Fresh", "fresh.localhost").id();
        HttpResponse<String> m = metadata("fresh.localhost");
        assertThat(m.statusCode()).isEqualTo(200);
        assertThat(Json.object(m.body())).containsEntry("issuer", "http://fresh.localhost");

        userAndApp(id, "boss", "boss-password", APP);
        Map<String, Object> tokens = server.login("fresh.localhost", APP, APP_SECRET, "boss", "boss-password");
        assertThat(oauth.user("fresh.localhost", (String) tokens.get("access_token")).statusCode()).isEqualTo(200);
        // and only there: the demo customer knows neither the app nor the user
        assertThat(oauth.password(TestServer.DEMO_HOST, APP, APP_SECRET, "boss", "boss-password").statusCode()).isEqualTo(401);
    }

    @Test
    void whenHostnamesReplacedThenTheOldOneStopsAndTheNewOneAnswersAtOnce() {
        Answer created = ops.create("Moving", "old.moving.localhost", "kept.moving.localhost");
        assertThat(metadata("old.moving.localhost").statusCode()).isEqualTo(200); // now in this node's cache
        assertThat(metadata("kept.moving.localhost").statusCode()).isEqualTo(200);
        Answer moved = ops.patch("/customers/" + created.id(), created.header("ETag"),
                Map.of("hostnames", List.of("kept.moving.localhost", "new.moving.localhost")));
        assertThat(moved.status()).as(moved.body()).isEqualTo(200);
        assertThat(metadata("old.moving.localhost").statusCode()).isEqualTo(404);
        assertThat(metadata("new.moving.localhost").statusCode()).isEqualTo(200);
        assertThat(metadata("kept.moving.localhost").statusCode()).isEqualTo(200);
        // the freed hostname may go to another customer
        ops.create("Successor", "old.moving.localhost");
        assertThat(metadata("old.moving.localhost").statusCode()).isEqualTo(200);
    }

    @Test
    void whenPublicUrlOrNameChangedThenIssuerAndIntrospectionSayItAtOnce() {
        Answer created = ops.create("Renamed", "renamed.localhost");
        long id = created.id();
        String app = "11111111111111111111111111111111";
        userAndApp(id, "chief", "chief-password", app);
        String token = server.accessToken("renamed.localhost", app, APP_SECRET, "chief", "chief-password");
        assertThat(introspectedCustomer("renamed.localhost", app, token)).isEqualTo("Renamed");
        assertThat(Json.object(metadata("renamed.localhost").body())).containsEntry("issuer", "http://renamed.localhost");

        Answer changed = ops.patch("/customers/" + id, created.header("ETag"),
                Map.of("name", "Renamed Ltd", "public_url", "https://pbx.renamed.example"));
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(introspectedCustomer("renamed.localhost", app, token)).isEqualTo("Renamed Ltd");
        assertThat(Json.object(metadata("renamed.localhost").body())).containsEntry("issuer", "https://pbx.renamed.example");
        // the CLI, offline on the same store, sees what the API did
        InProcessCli.Result list = InProcessCli.withStdin(data, null, "customer", "list");
        assertThat(list.exit()).as("%s", list).isZero();
        assertThat(list.out()).contains(id + "\tRenamed Ltd\trenamed.localhost\thttps://pbx.renamed.example");
    }

    @Test
    void whenCustomerAddedByTheCliThenTheApiListsAndChangesIt() {
        // the CLI also takes an IPv6 address, which the API's hostname rules do not
        InProcessCli.Result add = InProcessCli.withStdin(data, null, "customer", "add", "From CLI", "--hostname", "cli.localhost",
                "--hostname", "fe80::1");
        assertThat(add.exit()).as("%s", add).isZero();
        Answer page = ops.get("/customers?limit=200");
        assertThat(page.body()).contains("\"From CLI\"").contains("cli.localhost");
        long id = server.node().services().tenants().findByName("From CLI").orElseThrow().id();
        Answer read = ops.get("/customers/" + id);
        assertThat(read.json().get("hostnames")).isEqualTo(List.of("cli.localhost", "fe80::1"));
        // a rename leaves the hostnames as they are; a new list must keep the API's rules
        Answer renamed = ops.patch("/customers/" + id, read.header("ETag"), Map.of("name", "From CLI, renamed"));
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        assertThat(renamed.json().get("hostnames")).isEqualTo(List.of("cli.localhost", "fe80::1"));
        ops.patch("/customers/" + id, renamed.header("ETag"), Map.of("hostnames", List.of("cli.localhost", "fe80::2")))
                .problem(400, "invalid_request");
    }

    @Test
    void whenDeletedThenItsUsersGetNoTokensAndTheirTokensStop() {
        long id = ops.create("Leaving", "leaving.localhost").id();
        String app = "22222222222222222222222222222222";
        PbxUser user = userAndApp(id, "last", "last-password", app);
        Map<String, Object> tokens = server.login("leaving.localhost", app, APP_SECRET, "last", "last-password");
        String access = (String) tokens.get("access_token");
        assertThat(oauth.user("leaving.localhost", access).statusCode()).isEqualTo(200);

        assertThat(ops.delete("/customers/" + id).status()).isEqualTo(204);
        assertThat(oauth.password("leaving.localhost", app, APP_SECRET, "last", "last-password").statusCode())
                .isNotEqualTo(200);
        assertThat(oauth.refresh("leaving.localhost", app, APP_SECRET, (String) tokens.get("refresh_token")).statusCode())
                .isNotEqualTo(200);
        assertThat(oauth.user("leaving.localhost", access).statusCode()).isBetween(401, 404);
        // nor on another customer's hostname: the token itself is gone
        assertThat(oauth.user(TestServer.DEMO_HOST, access).statusCode()).isEqualTo(401);
        assertThat(metadata("leaving.localhost").statusCode()).isEqualTo(404);
        var services = server.node().services();
        assertThat(services.users().findById(id, user.id())).isEmpty();
        assertThat(services.apps().find(id, app)).isEmpty();
        // the other customers are untouched
        assertThat(oauth.password(TestServer.DEMO_HOST, TestServer.PASSWORD_APP, TestServer.PASSWORD_APP_SECRET, "admin",
                "admin_password").statusCode()).isEqualTo(200);
    }

    @Test
    void whenTheOperatorChangesOrIsRefusedThenTheAuditLogSaysSoWithoutTheSecret() {
        ch.qos.logback.classic.Logger audit = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("pbxauth.audit");
        var appender = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
        appender.start();
        audit.addAppender(appender);
        try {
            Answer a = ops.create("Audited", "audited.localhost");
            ops.patch("/customers/" + a.id(), a.header("ETag"), Map.of("name", "Audited 2"));
            ops.delete("/customers/" + a.id());
            ops.get("/customers", "Authorization", TestServer.basic(OperatorClient.ID, "wrong-secret"));
        } finally {
            audit.detachAppender(appender);
        }
        List<String> lines = appender.list.stream().map(e -> e.getFormattedMessage()).toList();
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("operator customer created customer="))
                .anySatisfy(l -> assertThat(l).startsWith("operator customer changed customer="))
                .anySatisfy(l -> assertThat(l).startsWith("operator customer deleted customer="))
                .anySatisfy(l -> assertThat(l).startsWith("operator refused path=/operator/api/v1/customers"))
                .noneSatisfy(l -> assertThat(l).contains("wrong-secret"));
    }

    @Test
    void whenTheCustomerChangedSinceItWasReadThenTheStoreRefusesTheChangeAndNothingMoves() {
        var tenants = server.node().services().tenants();
        long id = ops.create("Raced", "raced.localhost").id();
        org.pbxauth.directory.Tenant read = tenants.findById(id).orElseThrow();
        org.pbxauth.directory.Tenant wanted = new org.pbxauth.directory.Tenant(id, "Raced, mine",
                List.of("mine.raced.localhost"), null, 10L);
        // another node changed it in between, one member at a time: each makes the change stale
        assertThat(tenants.setHostnames(id, List.of("raced.localhost", "theirs.raced.localhost"))).isTrue();
        assertThat(tenants.update(read, wanted)).isFalse();
        org.pbxauth.directory.Tenant now = tenants.findById(id).orElseThrow();
        assertThat(now.hostnames()).containsExactly("raced.localhost", "theirs.raced.localhost");
        assertThat(now.name()).isEqualTo("Raced");
        assertThat(tenants.rename(id, "Raced, theirs")).isTrue();
        assertThat(tenants.update(now, wanted)).isFalse();
        now = tenants.findById(id).orElseThrow();
        tenants.setApiLimit(id, 5L);
        assertThat(tenants.update(now, wanted)).isFalse();
        now = tenants.findById(id).orElseThrow();
        tenants.setPublicUrl(id, java.net.URI.create("https://raced.example"));
        assertThat(tenants.update(now, wanted)).isFalse();
        now = tenants.findById(id).orElseThrow();
        assertThat(now.name()).isEqualTo("Raced, theirs");
        assertThat(now.apiLimitPerHour()).isEqualTo(5L);
        // read again, the change goes through
        assertThat(tenants.update(now, wanted)).isTrue();
        assertThat(tenants.findById(id).orElseThrow()).isEqualTo(new org.pbxauth.directory.Tenant(id, "Raced, mine",
                List.of("mine.raced.localhost"), null, 10L));
        assertThat(tenants.update(now, wanted)).as("gone stale by its own change").isFalse();
        assertThat(tenants.delete(id)).isTrue();
        assertThat(tenants.update(wanted, wanted)).as("gone").isFalse();
        assertThat(tenants.delete(id)).isFalse();
    }

    private static HttpResponse<String> metadata(String host) {
        return server.request("GET", WELL_KNOWN, host, null);
    }

    private static String introspectedCustomer(String host, String app, String token) {
        HttpResponse<String> r = oauth.introspect(host, app, APP_SECRET, token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return (String) Json.object(r.body()).get("customer");
    }

    /** An administrator of customer {@code tenantId} with a password app of App ID {@code app}, through the domain. */
    private static PbxUser userAndApp(long tenantId, String login, String password, String app) {
        var s = server.node().services();
        PbxUser user = s.users().create(new NewUser(tenantId, login, UserLevel.CLIENT, true, "UTC", null, null,
                s.passwords().hash(Secret.of(password))));
        s.apps().register(tenantId, "Operator test app", AppType.PASSWORD_CREDENTIALS, AccessLevel.ALL, List.of(), user,
                app, Secret.of(APP_SECRET));
        return user;
    }
}
