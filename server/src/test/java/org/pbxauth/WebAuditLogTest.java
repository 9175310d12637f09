package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Issue 18, item 5: the web's events are rows of the audit table "and still written to the
 * {@code pbxauth.audit} log". A web login, an app registered, its secret rotated, a session
 * ended, a consent given and revoked, all sessions ended: each is a row naming the customer, the
 * user and the app, and a line of the audit log (captured in-process by a Logback appender)
 * naming the same; no line and no row holds a password, secret, token, code or cookie that crossed.
 */
class WebAuditLogTest {
    private static final Pattern CLIENT_ID = Pattern.compile("id=\"client_id\">([0-9a-f]{32})<");
    private static final Pattern CLIENT_SECRET = Pattern.compile("id=\"client_secret\">([0-9a-f]{32})<");

    @TempDir Path dir;

    /** A row of audit_events: what the table says. */
    record Row(String kind, String clientId, Long userId, String text) {}

    @Test
    void whenTheWebPagesChangeThingsThenEachEventIsARowAndAnAuditLogLineAndNeitherHoldsASecret() {
        Map<String, String> secrets = new LinkedHashMap<>();
        Logger logger = (Logger) LoggerFactory.getLogger("pbxauth.audit");
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.setContext(logger.getLoggerContext());
        appender.start();
        logger.addAppender(appender);
        try (TestServer server = TestServer.start(dir)) {
            long tenant = GuardCalls.demo(server).id();
            long admin = server.node().services().users().findByLogin(tenant, "admin").orElseThrow().id();
            secrets.put("the admin's password", "admin_password");
            WebClient web = new WebClient(server, TestServer.DEMO_HOST);
            web.login("admin", "admin_password");
            web.get("/app/register");
            HttpResponse<String> registered = web.post("/app/register", Map.of("name", "Audited", "type",
                    "password_credentials", "access", "call_api", "redirect_uris", ""));
            String clientId = WebWorld.group(CLIENT_ID, registered.body());
            secrets.put("the first App Secret", WebWorld.group(CLIENT_SECRET, registered.body()));
            web.get("/account/apps");
            String rotated = WebWorld.group(CLIENT_SECRET, web.post("/account/apps/" + clientId + "/rotate",
                    Map.of()).body());
            secrets.put("the rotated App Secret", rotated);
            Map<String, Object> login = server.login(TestServer.DEMO_HOST, clientId, rotated, "admin", "admin_password");
            secrets.put("the access token", (String) login.get("access_token"));
            secrets.put("the refresh token", (String) login.get("refresh_token"));
            String session = WebWorld.group(Pattern.compile("<code class=\"note\">" + clientId
                    + "</code></td>.*?action=\"/account/sessions/(\\d+)/end\"", Pattern.DOTALL),
                    web.get("/account/sessions").body());
            assertThat(web.post("/account/sessions/" + session + "/end", Map.of()).statusCode()).isEqualTo(303);

            AuthorizeClient browser = new AuthorizeClient(server, TestServer.DEMO_HOST);
            URI back = browser.authorizeAndAllow(TestServer.form("response_type", "code", "client_id",
                    TestServer.PUBLIC_APP, "scope", "all"), "admin", "admin_password");
            String code = AuthorizeClient.query(back).get("code");
            secrets.put("the authorization code", code);
            secrets.put("the consent's access token", String.valueOf(TokenCalls.ok(browser.exchange(
                    Map.of("code", code))).get("access_token")));
            web.get("/account/sessions");
            assertThat(web.post("/account/consents/" + TestServer.PUBLIC_APP + "/revoke", Map.of()).statusCode())
                    .isEqualTo(303);
            server.accessToken(TestServer.DEMO_HOST, TestServer.PASSWORD_APP, TestServer.PASSWORD_APP_SECRET,
                    "admin", "admin_password");
            web.get("/account/sessions");
            assertThat(web.post("/account/sessions/end-all", Map.of()).statusCode()).isEqualTo(303);
            secrets.put("the web session cookie", web.cookie("pbxauth_web").orElseThrow());
            secrets.put("the CSRF cookie", web.cookie("pbxauth_csrf").orElseThrow());
            secrets.put("the CSRF field", web.csrf());

            server.node().services().audit().flush();
            List<Row> rows = rows(server, tenant);
            List<String> lines = lines(appender);
            String c = "customer=" + tenant + " ";
            String u = " user=" + admin + " ";
            // each event: its row, and its line naming the same customer, app and user
            assertEvent(rows, lines, admin, "LOGIN", null, "web login page=web " + c + "app=-" + u);
            assertEvent(rows, lines, admin, "APP_REGISTERED", clientId, "app registered " + c + "app=" + clientId + u);
            assertEvent(rows, lines, admin, "SECRET_ROTATED", clientId, "app secret rotated " + c + "app=" + clientId + u);
            assertEvent(rows, lines, admin, "SESSION_ENDED", clientId, "session ended " + c + "app=" + clientId + u + "count=1 ");
            assertEvent(rows, lines, admin, "CONSENT_GIVEN", TestServer.PUBLIC_APP,
                    "consent given " + c + "app=" + TestServer.PUBLIC_APP + u);
            assertEvent(rows, lines, admin, "CONSENT_REVOKED", TestServer.PUBLIC_APP,
                    "consent revoked " + c + "app=" + TestServer.PUBLIC_APP + u);
            assertEvent(rows, lines, admin, "SESSION_ENDED", null, "session ended " + c + "app=-" + u + "count=1 ");

            List<String> everything = new java.util.ArrayList<>(lines);
            everything.addAll(appender.list.stream().map(e -> Arrays.deepToString(e.getArgumentArray())
                    + e.getMDCPropertyMap()).toList());
            rows.forEach(r -> everything.add(r.text()));
            secrets.forEach((what, value) -> assertThat(everything).as("%s in the audit log or table", what)
                    .noneSatisfy(l -> assertThat(l).contains(value)));
        } finally {
            logger.detachAppender(appender);
            appender.stop();
        }
    }

    private static void assertEvent(List<Row> rows, List<String> lines, long user, String kind, String clientId,
                                    String line) {
        assertThat(rows).as("a %s row of user %d for %s", kind, user, clientId)
                .anySatisfy(r -> {
                    assertThat(r.kind()).isEqualTo(kind);
                    assertThat(r.clientId()).isEqualTo(clientId);
                    assertThat(r.userId()).isEqualTo(user);
                });
        assertThat(lines).as("the audit log line of %s", kind).anySatisfy(l -> assertThat(l).startsWith(line));
    }

    private static List<Row> rows(TestServer server, long tenant) {
        return server.node().services().database().jdbi().withHandle(h -> h.createQuery(
                "SELECT * FROM audit_events WHERE tenant_id = :tenant ORDER BY id").bind("tenant", tenant)
                .map((rs, ctx) -> {
                    StringBuilder all = new StringBuilder();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        all.append(rs.getString(i)).append('|');
                    }
                    long user = rs.getLong("user_id");
                    Long userId = rs.wasNull() ? null : user;
                    return new Row(rs.getString("kind"), rs.getString("client_id"), userId, all.toString());
                }).list());
    }

    private static List<String> lines(ListAppender<ILoggingEvent> appender) {
        synchronized (appender) { // AppenderBase.doAppend holds this lock
            return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }
}
