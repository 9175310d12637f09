package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18 over HTTP, the account pages: My sessions (every live login with its app, start, last
 * use and address; end one, end all; consents revoked), My apps' edit and delete, and My
 * activity from the audit trail in the store, kept for the retention and never holding a secret.
 * Nobody sees or touches another user's or another customer's sessions, apps or consents, by
 * id guessing neither.
 */
class AccountPagesTest {
    private static final Pattern END = Pattern.compile("action=\"/account/sessions/(\\d+)/end\"");
    private static final Pattern CLIENT_ID = Pattern.compile("id=\"client_id\">([0-9a-f]{32})<");
    private static final Pattern CLIENT_SECRET = Pattern.compile("id=\"client_secret\">([0-9a-f]{32})<");

    @TempDir Path dir;

    @Test
    void whenASessionIsEndedThenOnlyItsTokensAreRefusedAndEndAllEndsTheRest() {
        try (TestServer server = TestServer.start(dir)) {
            String first = server.accessToken("localhost", TestServer.PASSWORD_APP, TestServer.PASSWORD_APP_SECRET,
                    "admin", "admin_password");
            String second = server.accessToken("localhost", TestServer.PASSWORD_APP, TestServer.PASSWORD_APP_SECRET,
                    "admin", "admin_password");
            assertThat(api(server, first)).isEqualTo(200);

            WebClient admin = new WebClient(server, "localhost");
            admin.login("admin", "admin_password");
            HttpResponse<String> page = admin.get("/account/sessions");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("Demo password app").contains("127.0.0.1").contains("End all sessions");
            List<String> ids = all(END, page.body());
            assertThat(ids).hasSize(2);
            // newest first: the second login is the first row
            String firstId = ids.get(1);

            // another user of the customer, and the other customer's admin: the same 404 as an unknown id
            WebClient user = new WebClient(server, "localhost");
            user.login("user_name", "user_password");
            user.get("/account/sessions");
            WebClient other = new WebClient(server, TestServer.OTHER_HOST);
            other.login("admin", "other_admin_password");
            other.get("/account/sessions");
            for (WebClient stranger : List.of(user, other)) {
                for (String id : List.of(firstId, "999999", "x", "-1")) {
                    assertThat(stranger.post("/account/sessions/" + id + "/end", Map.of()).statusCode()).as(id)
                            .isEqualTo(404);
                }
                assertThat(stranger.get("/account/sessions").body()).doesNotContain("/account/sessions/" + firstId + "/end");
            }
            assertThat(api(server, first)).as("untouched by strangers").isEqualTo(200);
            // no CSRF field: 403, nothing ended
            assertThat(admin.post("/account/sessions/" + firstId + "/end", Map.of("csrf", "")).statusCode()).isEqualTo(403);
            assertThat(api(server, first)).isEqualTo(200);

            admin.get("/account/sessions");
            HttpResponse<String> ended = admin.post("/account/sessions/" + firstId + "/end", Map.of());
            assertThat(ended.statusCode()).isEqualTo(303);
            assertThat(ended.headers().firstValue("Location")).hasValue("/account/sessions");
            assertThat(api(server, first)).as("the ended session's token").isEqualTo(401);
            assertThat(api(server, second)).as("the other session's token").isEqualTo(200);
            assertThat(all(END, admin.get("/account/sessions").body())).hasSize(1);
            assertThat(admin.post("/account/sessions/" + firstId + "/end", Map.of()).statusCode())
                    .as("ended already").isEqualTo(404);

            admin.get("/account/sessions");
            assertThat(admin.post("/account/sessions/end-all", Map.of()).statusCode()).isEqualTo(303);
            assertThat(api(server, second)).isEqualTo(401);
            assertThat(admin.get("/account/sessions").body()).contains("No app holds a live token of yours.");
            assertThat(admin.get("/account/apps").statusCode()).as("the web session is not a token family").isEqualTo(200);

            String activity = admin.get("/account/activity").body();
            assertThat(activity).contains("Session ended").contains("all sessions (1)").contains("ended on My sessions")
                    .contains("Signed in").contains("password").contains("web");
        }
    }

    @Test
    void whenAConsentIsRevokedThenTheAppsSessionsEndAndItAsksAgain() {
        try (TestServer server = TestServer.start(dir)) {
            AuthorizeClient browser = new AuthorizeClient(server, "localhost");
            Map<String, String> request = new LinkedHashMap<>();
            request.put("response_type", "code");
            request.put("client_id", TestServer.PUBLIC_APP);
            request.put("scope", "all");
            URI location = browser.authorizeAndAllow(request, "user_name", "user_password");
            String code = AuthorizeClient.query(location).get("code");
            String access = String.valueOf(TokenCalls.ok(browser.exchange(Map.of("code", code))).get("access_token"));
            assertThat(api(server, access)).isEqualTo(200);

            WebClient web = new WebClient(server, "localhost");
            web.login("user_name", "user_password");
            String page = web.get("/account/sessions").body();
            assertThat(page).contains("Apps I have allowed")
                    .contains("action=\"/account/consents/" + TestServer.PUBLIC_APP + "/revoke\"");
            // an app this user never allowed, and the other customer's app: 404
            for (String id : List.of(TestServer.TRUSTED_APP, TestServer.OTHER_APP, "nothing")) {
                assertThat(web.post("/account/consents/" + id + "/revoke", Map.of()).statusCode()).as(id).isEqualTo(404);
            }
            assertThat(api(server, access)).isEqualTo(200);
            web.get("/account/sessions");
            assertThat(web.post("/account/consents/" + TestServer.PUBLIC_APP + "/revoke", Map.of()).statusCode())
                    .isEqualTo(303);
            assertThat(api(server, access)).as("the app's session ended with the consent").isEqualTo(401);
            assertThat(web.get("/account/sessions").body()).contains("You have not allowed any app");
            // the app asks again: the consent page, not a code at once
            HttpResponse<String> again = browser.authorize(request);
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(again.body()).contains("id=\"allow\"");

            assertThat(web.get("/account/activity").body()).contains("Access allowed").contains("Access revoked")
                    .contains("authorize");
        }
    }

    @Test
    void whenAnAppIsEditedOrDeletedByItsOwnerThenItChangesAndOnlyThen() {
        try (TestServer server = TestServer.start(dir)) {
            WebClient admin = new WebClient(server, "localhost");
            admin.login("admin", "admin_password");
            admin.get("/app/register");
            HttpResponse<String> done = admin.post("/app/register", Map.of("name", "Wallboard", "type", "password_credentials",
                    "access", "call_api", "redirect_uris", ""));
            String clientId = group(CLIENT_ID, done.body());
            String secret = group(CLIENT_SECRET, done.body());
            String access = server.accessToken("localhost", clientId, secret, "user_name", "user_password");

            HttpResponse<String> form = admin.get("/account/apps/" + clientId + "/edit");
            assertThat(form.statusCode()).isEqualTo(200);
            assertThat(form.body()).contains("name=\"name\"").contains("value=\"Wallboard\"").contains("name=\"redirect_uris\"")
                    .contains("action=\"/account/apps/" + clientId + "/delete\"");
            HttpResponse<String> bad = admin.post("/account/apps/" + clientId + "/edit",
                    Map.of("name", "", "redirect_uris", "http://example.com/cb#x"));
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).contains("Give the app a name.").contains("has a #fragment");
            admin.get("/account/apps/" + clientId + "/edit");
            HttpResponse<String> saved = admin.post("/account/apps/" + clientId + "/edit",
                    Map.of("name", "Wallboard 2", "redirect_uris", "https://wall.example/cb"));
            assertThat(saved.statusCode()).isEqualTo(303);
            assertThat(admin.get("/account/apps").body()).contains("Wallboard 2");
            assertThat(admin.get("/account/apps/" + clientId + "/edit").body()).contains("https://wall.example/cb");

            // not the owner, another customer, an unknown id: 404 on every route, and nothing changes
            WebClient user = new WebClient(server, "localhost");
            user.login("user_name", "user_password");
            WebClient other = new WebClient(server, TestServer.OTHER_HOST);
            other.login("admin", "other_admin_password");
            for (WebClient stranger : List.of(user, other)) {
                stranger.get("/account/apps");
                for (String id : List.of(clientId, TestServer.PASSWORD_APP, "0".repeat(32))) {
                    assertThat(stranger.get("/account/apps/" + id + "/edit").statusCode()).as(id).isEqualTo(404);
                    assertThat(stranger.post("/account/apps/" + id + "/edit", Map.of("name", "mine now")).statusCode())
                            .as(id).isEqualTo(404);
                    assertThat(stranger.post("/account/apps/" + id + "/delete", Map.of()).statusCode()).as(id).isEqualTo(404);
                }
            }
            assertThat(api(server, access)).isEqualTo(200);
            assertThat(admin.get("/account/apps").body()).contains("Wallboard 2");

            admin.get("/account/apps");
            assertThat(admin.post("/account/apps/" + clientId + "/delete", Map.of("csrf", "forged")).statusCode()).isEqualTo(403);
            assertThat(api(server, access)).isEqualTo(200);
            admin.get("/account/apps");
            assertThat(admin.post("/account/apps/" + clientId + "/delete", Map.of()).statusCode()).isEqualTo(303);
            assertThat(api(server, access)).as("a deleted app's token").isEqualTo(401);
            assertThat(server.token("localhost", TestServer.encode(TestServer.form("grant_type", "password",
                    "client_id", clientId, "client_secret", secret, "username", "user_name",
                    "password", "user_password")), null).statusCode()).isEqualTo(401);
            assertThat(admin.get("/account/apps").body()).doesNotContain("Wallboard");
        }
    }

    @Test
    void whenAnAppIsUsedThenMyAppsAndMySessionsShowWhen() {
        MutableClock clock = new MutableClock();
        try (TestServer server = TestServer.start(dir, clock, Map.of())) {
            WebClient admin = new WebClient(server, "localhost");
            admin.login("admin", "admin_password");
            assertThat(admin.get("/account/apps").body()).contains("<dt>Last used</dt><dd>never</dd>")
                    .doesNotContain("<dt>Last used</dt><dd>2");
            String access = server.accessToken("localhost", TestServer.PASSWORD_APP, TestServer.PASSWORD_APP_SECRET,
                    "admin", "admin_password");
            assertThat(admin.get("/account/apps").body()).as("a login is a use")
                    .contains("<dt>Last used</dt><dd>" + PageTime.of(clock.instant()) + "</dd>");
            clock.advance(Duration.ofMinutes(7));
            assertThat(api(server, access)).isEqualTo(200);
            String used = PageTime.of(clock.instant());
            // not yet written: My sessions shows the use kept in memory
            assertThat(admin.get("/account/sessions").body()).contains(used);
            server.node().services().tokens().use().flush();
            assertThat(admin.get("/account/sessions").body()).contains(used);
            assertThat(admin.get("/account/apps").body()).contains("<dt>Last used</dt><dd>" + used + "</dd>");
        }
    }

    @Test
    void whenSomeoneFailsToSignInWithMyLoginThenMyActivityShowsItAndNoSecretIsStored() {
        MutableClock clock = new MutableClock();
        try (TestServer server = TestServer.start(dir, clock, Map.of("audit.retention", "90d"))) {
            WebClient intruder = new WebClient(server, "localhost");
            intruder.login("user_name", "not-the-password");
            server.passwordGrant("user_name", "also-not-the-password");
            server.passwordGrant("user_name", "user_password");

            WebClient user = new WebClient(server, "localhost");
            user.login("user_name", "user_password");
            String mine = user.get("/account/activity").body();
            assertThat(mine).contains("Sign-in refused").contains("access_denied").contains("invalid_grant")
                    .contains("Signed in").contains("Demo password app");
            WebClient admin = new WebClient(server, "localhost");
            admin.login("admin", "admin_password");
            assertThat(admin.get("/account/activity").body()).doesNotContain("Sign-in refused");
            WebClient other = new WebClient(server, TestServer.OTHER_HOST);
            other.login("user_name", "other_password");
            assertThat(other.get("/account/activity").body()).as("same login, other customer")
                    .doesNotContain("Sign-in refused");

            server.node().services().audit().flush();
            List<String> rows = server.node().services().database().jdbi().withHandle(h ->
                    h.createQuery("SELECT * FROM audit_events").map((rs, ctx) -> {
                        StringBuilder b = new StringBuilder();
                        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                            b.append(rs.getString(i)).append('|');
                        }
                        return b.toString();
                    }).list());
            assertThat(rows).hasSizeGreaterThanOrEqualTo(6);
            assertThat(String.join("\n", rows)).doesNotContain("user_password").doesNotContain("not-the-password")
                    .doesNotContain(TestServer.PASSWORD_APP_SECRET);

            // past the retention the purge takes them, in batches
            clock.advance(Duration.ofDays(91));
            assertThat(server.node().services().audit().purge(2)).isEqualTo(rows.size());
            user.login("user_name", "user_password");
            assertThat(user.get("/account/activity").body()).doesNotContain("Sign-in refused");
        }
    }

    /** The authorize flow's login is the /login session: signed in on one, signed in on the other; logout ends both. */
    @Test
    void whenSignedInOnLoginThenTheAuthorizePageSkipsItsLoginUntilLogout() {
        try (TestServer server = TestServer.start(dir)) {
            String authorize = "/oauth/authorize?response_type=code&client_id=" + TestServer.PUBLIC_APP + "&scope=all";
            WebClient web = new WebClient(server, "localhost");
            assertThat(web.get(authorize).body()).as("not signed in: the login form").contains("name=\"password\"");
            web.login("user_name", "user_password");
            HttpResponse<String> consent = web.get(authorize);
            assertThat(consent.statusCode()).isEqualTo(200);
            assertThat(consent.body()).contains("id=\"allow\"").doesNotContain("name=\"password\"");
            web.get("/account/apps");
            assertThat(web.post("/logout", Map.of()).statusCode()).isEqualTo(303);
            assertThat(web.get(authorize).body()).as("after /logout").contains("name=\"password\"");

            // and the other way round: signed in on the authorize page, /account/apps needs no login
            AuthorizeClient browser = new AuthorizeClient(server, "localhost");
            HttpResponse<String> login = browser.get(authorize);
            browser.submit(login, Map.of("login", "user_name", "password", "user_password"));
            assertThat(browser.get("/account/apps").statusCode()).isEqualTo(200);
        }
    }

    private static int api(TestServer server, String accessToken) {
        return server.user("localhost", "Bearer " + accessToken).statusCode();
    }

    private static List<String> all(Pattern p, String body) {
        List<String> out = new ArrayList<>();
        Matcher m = p.matcher(body);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static String group(Pattern p, String body) {
        Matcher m = p.matcher(body);
        assertThat(m.find()).as("%s in %s", p, body).isTrue();
        return m.group(1);
    }

    /** A time as the pages print it. */
    private static final class PageTime {
        static String of(java.time.Instant at) {
            return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
                    .withZone(java.time.ZoneOffset.UTC).format(at);
        }
    }
}
