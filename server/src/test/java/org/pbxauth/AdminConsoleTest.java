package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19's console over HTTP: only the Host's administrators (403 in the pages' look for other
 * users, the login for nobody), users (search, paging, create with a generated password, block
 * and unblock with their effect on tokens and /login, level, delete, no self-lockout), apps
 * (disable: invalid_client and the token refused; enable; rotate), sessions, activity with its
 * filters and CSV, limits; another customer's ids are 404 and CSRF is checked on every form.
 */
class AdminConsoleTest {
    private static final Pattern USER_LINK = Pattern.compile("href=\"/admin/users/(\\d+)\">([^<]+)<");

    @TempDir Path dir;

    @Test
    void whenSomeoneWhoIsNotAnAdministratorOpensTheConsoleThen403OrTheLogin() {
        try (TestServer server = TestServer.start(dir)) {
            WebClient nobody = new WebClient(server, "localhost");
            HttpResponse<String> r = nobody.get("/admin/users");
            assertThat(r.statusCode()).isEqualTo(303);
            assertThat(r.headers().firstValue("Location")).hasValue("/login?next=%2Fadmin%2Fusers");

            WebClient user = new WebClient(server, "localhost");
            user.login("user_name", "user_password");
            for (String page : List.of("/admin/users", "/admin/apps", "/admin/sessions", "/admin/activity",
                    "/admin/limits", "/admin/activity.csv", "/admin/users/1")) {
                HttpResponse<String> refused = user.get(page);
                assertThat(refused.statusCode()).as(page).isEqualTo(403);
                assertThat(refused.body()).as(page).contains("Administrators only").contains("/assets/pbx.css");
            }
            user.get("/account/apps");
            assertThat(user.post("/admin/users/1/block", Map.of()).statusCode()).isEqualTo(403);
            assertThat(user.get("/account/apps").body()).doesNotContain("href=\"/admin/users\"");
            assertThat(server.passwordGrant("admin", "admin_password").statusCode()).as("admin not blocked").isEqualTo(200);
        }
    }

    @Test
    void whenAnAdministratorCreatesAndBlocksAUserThenTheUsersTokensAndLoginAreRefusedUntilUnblocked() {
        try (TestServer server = TestServer.start(dir)) {
            WebClient admin = new WebClient(server, "localhost");
            admin.login("admin", "admin_password");
            assertThat(admin.get("/account/apps").body()).contains("href=\"/admin/users\"");
            admin.get("/admin/users/new");
            HttpResponse<String> bad = admin.post("/admin/users", Map.of("login", "has space", "password", "short",
                    "level", "boss", "timezone", "Mars/Olympus"));
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).contains("no spaces").contains("8 to 1024").contains("client, extension_group")
                    .contains("time zone");
            admin.get("/admin/users/new");
            HttpResponse<String> made = admin.post("/admin/users", Map.of("login", "agent7", "password", "",
                    "level", "extension", "timezone", "Europe/Berlin", "extension_id", "107"));
            assertThat(made.statusCode()).isEqualTo(200);
            String password = group(Pattern.compile("id=\"password\">([A-Za-z0-9]{16})<"), made.body());
            admin.get("/admin/users/new");
            assertThat(admin.post("/admin/users", Map.of("login", "agent7", "password", "agent7-password",
                    "level", "extension")).statusCode()).as("taken").isEqualTo(409);

            String list = admin.get("/admin/users?q=AGENT").body();
            assertThat(list).contains(">agent7<").doesNotContain(">user_name<");
            String id = group(USER_LINK, list);

            WebClient agent = new WebClient(server, "localhost");
            assertThat(agent.login("agent7", password).statusCode()).isEqualTo(303);
            String token = server.accessToken("localhost", TestServer.PASSWORD_APP, TestServer.PASSWORD_APP_SECRET,
                    "agent7", password);
            assertThat(server.user("localhost", "Bearer " + token).statusCode()).isEqualTo(200);

            admin.get("/admin/users/" + id);
            assertThat(admin.post("/admin/users/" + id + "/block", Map.of("csrf", "nope")).statusCode()).isEqualTo(403);
            assertThat(server.user("localhost", "Bearer " + token).statusCode()).isEqualTo(200);
            admin.get("/admin/users/" + id);
            assertThat(admin.post("/admin/users/" + id + "/block", Map.of()).statusCode()).isEqualTo(303);
            assertThat(admin.get("/admin/users/" + id).body()).contains("id=\"state\">blocked<");
            assertThat(server.user("localhost", "Bearer " + token).statusCode()).as("blocked user's token").isEqualTo(401);
            assertThat(agent.get("/account/apps").statusCode()).as("blocked user's web session").isEqualTo(303);
            assertThat(new WebClient(server, "localhost").login("agent7", password).statusCode()).isEqualTo(401);

            admin.get("/admin/users/" + id);
            assertThat(admin.post("/admin/users/" + id + "/unblock", Map.of()).statusCode()).isEqualTo(303);
            assertThat(new WebClient(server, "localhost").login("agent7", password).statusCode()).isEqualTo(303);

            // a new password, generated: the old one is refused, the new one works
            admin.get("/admin/users/" + id);
            String second = group(Pattern.compile("id=\"password\">([A-Za-z0-9]{16})<"),
                    admin.post("/admin/users/" + id + "/password", Map.of("password", "")).body());
            assertThat(server.passwordGrant("agent7", password).statusCode()).isEqualTo(400);
            assertThat(server.passwordGrant("agent7", second).statusCode()).isEqualTo(200);

            String activity = admin.get("/admin/activity?user=agent7&kind=login").body();
            assertThat(activity).contains("<td>Signed in").contains("<td>agent7</td>").doesNotContain("<td>Sign-in refused");
            assertThat(admin.get("/admin/activity?user=agent7&kind=login_failed").body()).contains("<td>Sign-in refused")
                    .as("the old password, after the reset").contains("invalid_grant");

            // level and admin flag; then delete
            admin.get("/admin/users/" + id);
            admin.post("/admin/users/" + id + "/level", Map.of("level", "extension_group"));
            assertThat(admin.get("/admin/users/" + id).body()).contains("<dd>extension_group</dd>");
            assertThat(admin.post("/admin/users/" + id + "/delete", Map.of()).statusCode()).isEqualTo(303);
            assertThat(admin.get("/admin/users/" + id).statusCode()).isEqualTo(404);
            assertThat(server.passwordGrant("agent7", second).statusCode()).isEqualTo(400);

            // never on oneself
            String self = admin.get("/admin/users?q=admin").body();
            String adminId = group(USER_LINK, self);
            admin.get("/admin/users/" + adminId);
            assertThat(admin.post("/admin/users/" + adminId + "/block", Map.of()).statusCode()).isEqualTo(409);
            assertThat(admin.post("/admin/users/" + adminId + "/delete", Map.of()).statusCode()).isEqualTo(409);

        }
    }

    @Test
    void whenTheUserListIsLongThenItIsPagedAndSearchedWithoutRepeats() {
        try (TestServer server = TestServer.start(dir)) {
            var s = server.node().services();
            long tenant = s.directory().tenantForHost("localhost").orElseThrow().id();
            String hash = s.passwords().hash(org.pbxauth.secrets.Secret.of("bulk-password"));
            for (int i = 0; i < 120; i++) {
                s.users().create(new org.pbxauth.directory.NewUser(tenant, "bulk_" + i, org.pbxauth.directory.UserLevel.EXTENSION,
                        false, "UTC", null, null, hash));
            }
            s.users().create(new org.pbxauth.directory.NewUser(tenant, "odd%_name", org.pbxauth.directory.UserLevel.EXTENSION,
                    false, "UTC", null, null, hash));
            WebClient admin = new WebClient(server, "localhost");
            admin.login("admin", "admin_password");
            java.util.Set<String> seen = new java.util.HashSet<>();
            String next = "/admin/users";
            int pages = 0;
            while (next != null) {
                String body = admin.get(next).body();
                Matcher m = USER_LINK.matcher(body);
                while (m.find()) {
                    assertThat(seen.add(m.group(2))).as("once: " + m.group(2)).isTrue();
                }
                Matcher n = Pattern.compile("href=\"([^\"]+)\" rel=\"next\"").matcher(body);
                next = n.find() ? n.group(1).replace("&amp;", "&") : null;
                pages++;
            }
            assertThat(seen).hasSize(123).contains("bulk_0", "bulk_119", "admin", "user_name");
            assertThat(pages).isEqualTo(3);
            // a % or _ typed is a character, not a wildcard
            assertThat(admin.get("/admin/users?q=%25_").body()).contains(">odd%_name<").doesNotContain(">bulk_1<");
        }
    }

    @Test
    void whenAnAppIsDisabledThenItsGrantIsInvalidClientAndItsTokenIsRefusedUntilEnabled() {
        try (TestServer server = TestServer.start(dir)) {
            String access = TokenCalls.s(TokenCalls.ok(server.token("localhost", TestServer.encode(TestServer.form(
                    "grant_type", "client_credentials", "client_id", TestServer.TRUSTED_APP,
                    "client_secret", TestServer.TRUSTED_APP_SECRET)), null)), "access_token");
            assertThat(server.user("localhost", "Bearer " + access).statusCode()).isEqualTo(200);
            WebClient admin = new WebClient(server, "localhost");
            admin.login("admin", "admin_password");
            assertThat(admin.get("/admin/apps").body()).contains(TestServer.TRUSTED_APP).contains("Disable");
            assertThat(admin.post("/admin/apps/" + TestServer.OTHER_APP + "/disable", Map.of()).statusCode())
                    .as("another customer's app").isEqualTo(404);
            assertThat(admin.post("/admin/apps/" + TestServer.TRUSTED_APP + "/disable", Map.of()).statusCode()).isEqualTo(303);
            HttpResponse<String> refused = server.token("localhost", TestServer.encode(TestServer.form(
                    "grant_type", "client_credentials", "client_id", TestServer.TRUSTED_APP,
                    "client_secret", TestServer.TRUSTED_APP_SECRET)), null);
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.body()).contains("invalid_client");
            assertThat(server.user("localhost", "Bearer " + access).statusCode()).isEqualTo(401);
            assertThat(admin.get("/admin/apps").body()).contains("disabled");
            admin.get("/admin/apps");
            assertThat(admin.post("/admin/apps/" + TestServer.TRUSTED_APP + "/enable", Map.of()).statusCode()).isEqualTo(303);
            assertThat(server.user("localhost", "Bearer " + access).statusCode()).as("not expired, enabled again")
                    .isEqualTo(200);

            // sessions of the app, ended from the console
            String sessions = admin.get("/admin/sessions?app=" + TestServer.TRUSTED_APP).body();
            String family = group(Pattern.compile("action=\"/admin/sessions/(\\d+)/end\""), sessions);
            WebClient other = new WebClient(server, TestServer.OTHER_HOST);
            other.login("admin", "other_admin_password");
            other.get("/admin/sessions");
            assertThat(other.post("/admin/sessions/" + family + "/end", Map.of()).statusCode()).as("other customer")
                    .isEqualTo(404);
            assertThat(server.user("localhost", "Bearer " + access).statusCode()).isEqualTo(200);
            assertThat(admin.post("/admin/sessions/" + family + "/end", Map.of()).statusCode()).isEqualTo(303);
            assertThat(server.user("localhost", "Bearer " + access).statusCode()).isEqualTo(401);

            // rotate from the console: a secret shown once
            admin.get("/admin/apps");
            HttpResponse<String> rotated = admin.post("/admin/apps/" + TestServer.TRUSTED_APP + "/rotate", Map.of());
            assertThat(rotated.body()).containsPattern("id=\"client_secret\">[0-9a-f]{32}<");

            HttpResponse<String> csv = admin.get("/admin/activity.csv?kind=session_ended");
            assertThat(csv.statusCode()).isEqualTo(200);
            assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
            assertThat(csv.body()).startsWith("time,event,detail,user,by,app,address,outcome\r\n").contains("Session ended")
                    .doesNotContain("Signed in");
            // the admin's changes of the app, each of its kind, naming who made it
            String disabled = admin.get("/admin/activity.csv?kind=app_disabled").body();
            assertThat(disabled.split("\r\n")).hasSize(2);
            assertThat(disabled).contains(",App disabled,,admin,admin,Demo trusted app,127.0.0.1,ok\r\n");
            assertThat(admin.get("/admin/activity.csv?kind=app_enabled").body()).contains(",App enabled,");
            assertThat(admin.get("/admin/activity?since=yesterday").statusCode()).isEqualTo(400);
        }
    }

    @Test
    void whenLimitsAreSetThenTheApiAnswers429PastThem() {
        try (TestServer server = TestServer.start(dir, java.time.Clock.systemUTC(), Map.of("rate-limits", "on"))) {
            String access = server.accessToken("localhost", TestServer.PASSWORD_APP, TestServer.PASSWORD_APP_SECRET,
                    "admin", "admin_password");
            WebClient admin = new WebClient(server, "localhost");
            admin.login("admin", "admin_password");
            assertThat(admin.get("/admin/limits").body()).contains("id=\"effective\">10000<").doesNotContain("id=\"off\"");
            admin.get("/admin/limits");
            assertThat(admin.post("/admin/apps/" + TestServer.PASSWORD_APP + "/limit", Map.of("api_limit_per_hour", "x"))
                    .statusCode()).isEqualTo(400);
            assertThat(admin.post("/admin/apps/" + TestServer.PASSWORD_APP + "/limit", Map.of("api_limit_per_hour", "2"))
                    .statusCode()).isEqualTo(303);
            List<Integer> statuses = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                statuses.add(server.user("localhost", "Bearer " + access).statusCode());
            }
            assertThat(statuses).containsExactly(200, 200, 429, 429);
            assertThat(admin.get("/admin/limits").body()).contains("<td>2</td>");
            admin.get("/admin/limits");
            assertThat(admin.post("/admin/limits", Map.of("api_limit_per_hour", "5")).statusCode()).isEqualTo(303);
            assertThat(admin.get("/admin/limits").body()).contains("id=\"effective\">5<").contains("id=\"used\">2<");
        }
    }

    private static String group(Pattern p, String body) {
        Matcher m = p.matcher(body);
        assertThat(m.find()).as("%s in %s", p, body).isTrue();
        return m.group(1);
    }
}
