package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pbxauth.AdminClient.items;
import static org.pbxauth.AdminClient.json;
import static org.pbxauth.AdminClient.problem;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19, {@code /admin/api/v1/sessions} and {@code /events}: the customer's live logins,
 * filtered and paged, ended one by one or all of a user or app; the audit trail filtered by
 * user, app, kind, outcome and time, with what the admin API did in it.
 */
class AdminApiSessionsTest {
    @TempDir Path dir;

    @Test
    void whenSessionsAreListedThenEveryLiveLoginNewestFirstFilteredAndPaged() {
        try (TestServer server = TestServer.start(dir)) {
            AdminClient admin = AdminClient.demoAdmin(server);
            TokenCalls calls = new TokenCalls(server);
            long userId = AdminApiUsersTest.userId(admin, "user_name");
            long trusted = AdminApiAppsTest.appId(admin, TestServer.TRUSTED_APP);
            for (int i = 0; i < 3; i++) {
                calls.login("user_name", "user_password");
            }
            TokenCalls.ok(calls.clientCredentials(TokenCalls.DEMO, TestServer.TRUSTED_APP, TestServer.TRUSTED_APP_SECRET));

            List<Map<String, Object>> all = items(admin.get("/sessions"));
            assertThat(all).hasSize(5); // the admin's own, three of user_name, one of the trusted app
            assertThat(all).extracting(AdminClient::id).isSortedAccordingTo((a, b) -> Long.compare(b, a));
            Map<String, Object> newest = all.get(0);
            assertThat(newest).containsEntry("client_id", TestServer.TRUSTED_APP).containsEntry("app_id", (int) trusted)
                    .containsEntry("user_id", (int) userId).containsEntry("address", "127.0.0.1");
            assertThat(Instant.parse((String) newest.get("started_at"))).isBefore(Instant.now().plusSeconds(1));

            assertThat(items(admin.get("/sessions?user_id=" + userId))).hasSize(4);
            assertThat(items(admin.get("/sessions?app_id=" + trusted))).hasSize(1);
            assertThat(items(admin.get("/sessions?user_id=" + userId + "&app_id=" + trusted))).hasSize(1);
            HttpResponse<String> page = admin.get("/sessions?limit=2");
            assertThat(items(page)).extracting(AdminClient::id).containsExactly(AdminClient.id(all.get(0)), AdminClient.id(all.get(1)));
            HttpResponse<String> page2 = admin.get("/sessions?limit=2&cursor=" + json(page).get("next_cursor"));
            HttpResponse<String> page3 = admin.get("/sessions?limit=2&cursor=" + json(page2).get("next_cursor"));
            assertThat(items(page3)).hasSize(1);
            assertThat(json(page3).get("next_cursor")).isNull();
            for (String bad : List.of("?limit=0", "?limit=201", "?limit=x", "?cursor=garbage!", "?cursor=" + json(page).get("next_cursor") + "x",
                    "?user_id=abc", "?app_id=-3", "?cursor=dXNlcnM6NQ")) { // the last: a users cursor
                assertThat(problem(admin.get("/sessions" + bad), 400)).as(bad).isEqualTo("invalid_request");
            }
        }
    }

    @Test
    void whenSessionsAreEndedThenTheirTokensAreRefusedAtOnce() {
        try (TestServer server = TestServer.start(dir)) {
            AdminClient admin = AdminClient.demoAdmin(server);
            TokenCalls calls = new TokenCalls(server);
            long userId = AdminApiUsersTest.userId(admin, "user_name");
            long trusted = AdminApiAppsTest.appId(admin, TestServer.TRUSTED_APP);
            String one = String.valueOf(calls.login("user_name", "user_password").get("access_token"));
            String two = String.valueOf(calls.login("user_name", "user_password").get("access_token"));
            String app = String.valueOf(TokenCalls.ok(calls.clientCredentials(TokenCalls.DEMO, TestServer.TRUSTED_APP,
                    TestServer.TRUSTED_APP_SECRET)).get("access_token"));

            long oneId = AdminClient.id(items(admin.get("/sessions?user_id=" + userId)).get(2)); // oldest of the three
            assertThat(admin.delete("/sessions/" + oneId).statusCode()).isEqualTo(204);
            calls.assertDead(one);
            calls.assertLive(two);
            assertThat(problem(admin.delete("/sessions/" + oneId), 404)).as("ended already").isEqualTo("not_found");
            assertThat(problem(admin.delete("/sessions/999999"), 404)).isEqualTo("not_found");

            assertThat(admin.delete("/sessions?app_id=" + trusted).statusCode()).isEqualTo(204);
            calls.assertDead(app);
            calls.assertLive(two);
            assertThat(admin.delete("/sessions?user_id=" + userId).statusCode()).isEqualTo(204);
            calls.assertDead(two);
            assertThat(items(admin.get("/sessions?user_id=" + userId))).isEmpty();
            assertThat(admin.get("/users").statusCode()).as("the admin's own session lives").isEqualTo(200);

            assertThat(problem(admin.delete("/sessions"), 400)).isEqualTo("invalid_request");
            assertThat(problem(admin.delete("/sessions?user_id=999999"), 404)).isEqualTo("not_found");
            assertThat(problem(admin.delete("/sessions?app_id=999999"), 404)).isEqualTo("not_found");

            List<Map<String, Object>> ended = items(admin.get("/events?kind=session_ended"));
            assertThat(ended).extracting(e -> e.get("detail")).contains("ended by an administrator");
            assertThat(ended).allSatisfy(e -> assertThat(e).containsEntry("outcome", "ok"));
        }
    }

    @Test
    void whenEventsAreSearchedThenByUserAppKindOutcomeAndTimeNewestFirst() {
        try (TestServer server = TestServer.start(dir)) {
            AdminClient admin = AdminClient.demoAdmin(server);
            TokenCalls calls = new TokenCalls(server);
            Instant before = Instant.now().minusSeconds(1);
            long userId = AdminApiUsersTest.userId(admin, "user_name");
            calls.login("user_name", "user_password");
            calls.password(TokenCalls.DEMO, TestServer.PASSWORD_APP, TestServer.PASSWORD_APP_SECRET, "user_name", "wrong");
            TokenCalls.ok(calls.clientCredentials(TokenCalls.DEMO, TestServer.TRUSTED_APP, TestServer.TRUSTED_APP_SECRET));
            long trusted = AdminApiAppsTest.appId(admin, TestServer.TRUSTED_APP);

            List<Map<String, Object>> all = items(admin.get("/events"));
            assertThat(all).extracting(AdminClient::id).isSortedAccordingTo((a, b) -> Long.compare(b, a));
            assertThat(all).extracting(e -> e.get("kind")).contains("login", "login_failed");
            Map<String, Object> failed = items(admin.get("/events?kind=login_failed")).get(0);
            assertThat(failed).containsEntry("login", "user_name").containsEntry("outcome", "invalid_grant")
                    .containsEntry("client_id", TestServer.PASSWORD_APP).containsEntry("user_id", null);
            assertThat(items(admin.get("/events?outcome=invalid_grant"))).hasSize(1);
            List<Map<String, Object>> mine = items(admin.get("/events?user_id=" + userId));
            assertThat(mine).isNotEmpty().allSatisfy(e -> assertThat(e).containsEntry("login", "user_name"));
            assertThat(mine).as("with the refused sign-ins that typed its login").extracting(e -> e.get("kind"))
                    .contains("login", "login_failed");
            assertThat(items(admin.get("/events?app_id=" + trusted))).singleElement()
                    .satisfies(e -> assertThat(e).containsEntry("detail", "client_credentials"));
            assertThat(items(admin.get("/events?client_id=" + TestServer.TRUSTED_APP))).hasSize(1);
            assertThat(items(admin.get("/events?app_id=999999"))).isEmpty();
            assertThat(items(admin.get("/events?since=" + before))).hasSize(all.size());
            assertThat(items(admin.get("/events?until=" + before))).isEmpty();
            assertThat(items(admin.get("/events?since=2020-01-01T00:00:00%2B02:00&kind=login&limit=1"))).hasSize(1);
            HttpResponse<String> page = admin.get("/events?limit=1");
            HttpResponse<String> next = admin.get("/events?limit=1&cursor=" + json(page).get("next_cursor"));
            assertThat(items(next).get(0).get("id")).isEqualTo(all.get(1).get("id"));
            for (String bad : List.of("?kind=LOGIN", "?kind=everything", "?since=yesterday", "?until=2026-13-01T00:00:00Z",
                    "?limit=1000", "?cursor=%25%25", "?cursor=", "?user_id=1.5", "?outcome=" + "x".repeat(33))) {
                assertThat(problem(admin.get("/events" + bad), 400)).as(bad).isEqualTo("invalid_request");
            }
        }
    }
}
