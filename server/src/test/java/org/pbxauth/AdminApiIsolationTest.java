package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pbxauth.AdminClient.items;
import static org.pbxauth.AdminClient.json;
import static org.pbxauth.AdminClient.problem;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19: an administrator of one PBX customer sees and touches nothing of another. Every
 * route with an id of the other customer answers 404, as for an id that never existed, and
 * nothing changes there; the lists show none of it.
 */
class AdminApiIsolationTest {
    @TempDir Path dir;

    @Test
    void whenTheOtherCustomersAdminUsesOurIdsThenEveryRouteAnswers404AndNothingChanges() {
        try (TestServer server = TestServer.start(dir)) {
            AdminClient demo = AdminClient.demoAdmin(server);
            AdminClient other = AdminClient.otherAdmin(server);
            TokenCalls calls = new TokenCalls(server);
            String userToken = String.valueOf(calls.login("user_name", "user_password").get("access_token"));
            long user = AdminApiUsersTest.userId(demo, "user_name");
            long app = AdminApiAppsTest.appId(demo, TestServer.PASSWORD_APP);
            long session = AdminClient.id(items(demo.get("/sessions?user_id=" + user)).get(0));
            String userTag = AdminApiUsersTest.etag(demo, "/users/" + user);
            String appTag = AdminApiUsersTest.etag(demo, "/apps/" + app);
            Map<String, Object> userBefore = json(demo.get("/users/" + user));
            Map<String, Object> appBefore = json(demo.get("/apps/" + app));
            appBefore.remove("last_used_at"); // the demo admin's own calls use the app

            List<HttpResponse<String>> answers = List.of(
                    other.get("/users/" + user),
                    other.patch("/users/" + user, "{\"blocked\":true}", userTag),
                    other.patch("/users/" + user, "{\"password\":\"taken-over-1\"}", "*"),
                    other.delete("/users/" + user),
                    other.get("/apps/" + app),
                    other.patch("/apps/" + app, "{\"disabled\":true}", appTag),
                    other.patch("/apps/" + app, "{\"name\":\"Mine now\"}", "*"),
                    other.post("/apps/" + app + "/secret", null),
                    other.delete("/apps/" + app),
                    other.delete("/sessions/" + session),
                    other.delete("/sessions?user_id=" + user),
                    other.delete("/sessions?app_id=" + app));
            for (HttpResponse<String> r : answers) {
                assertThat(problem(r, 404)).as("%s %s", r.request().method(), r.request().uri()).isEqualTo("not_found");
            }
            // the same answer as an id that never was
            assertThat(json(other.get("/users/" + user)).get("detail"))
                    .isEqualTo(((String) json(other.get("/users/999999")).get("detail")).replace("999999", Long.toString(user)));

            // filters with our ids find nothing there
            assertThat(items(other.get("/sessions?user_id=" + user))).isEmpty();
            assertThat(items(other.get("/sessions?app_id=" + app))).isEmpty();
            assertThat(items(other.get("/events?user_id=" + user))).isEmpty();
            assertThat(items(other.get("/events?app_id=" + app))).isEmpty();
            assertThat(items(other.get("/events?client_id=" + TestServer.PASSWORD_APP))).isEmpty();
            // and its lists hold only its own
            assertThat(items(other.get("/users"))).extracting(AdminClient::id).doesNotContain(user);
            assertThat(items(other.get("/apps"))).extracting(a -> a.get("client_id")).containsExactly(TestServer.OTHER_APP);
            assertThat(items(other.get("/sessions"))).extracting(AdminClient::id).doesNotContain(session);
            assertThat(items(other.get("/events"))).allSatisfy(e -> assertThat(e.get("client_id"))
                    .isIn(TestServer.OTHER_APP, null));

            // nothing changed here
            calls.assertLive(userToken);
            assertThat(json(demo.get("/users/" + user))).isEqualTo(userBefore);
            Map<String, Object> appAfter = json(demo.get("/apps/" + app));
            appAfter.remove("last_used_at");
            assertThat(appAfter).isEqualTo(appBefore);
            assertThat(AdminApiUsersTest.etag(demo, "/apps/" + app)).isEqualTo(appTag);
            assertThat(AdminApiUsersTest.etag(demo, "/users/" + user)).isEqualTo(userTag);
            assertThat(demo.get("/users").statusCode()).isEqualTo(200);
            calls.login("user_name", "user_password");
        }
    }
}
