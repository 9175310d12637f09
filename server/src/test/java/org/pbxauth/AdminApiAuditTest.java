package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pbxauth.AdminClient.items;
import static org.pbxauth.AdminClient.json;
import static org.pbxauth.AdminClient.problem;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19: every change an administrator makes of a user or an app is an audit event of its
 * own kind, naming the administrator ({@code actor_id}), the user or app, and the outcome; each
 * kind is a filter of {@code /events}. A change refused or lost to another (412, 404) is none.
 * The CLI's changes are the same kinds, by the operator. Every exchange is checked against the
 * contract, the kinds' enum included.
 */
class AdminApiAuditTest {
    @TempDir Path dir;

    @Test
    void whenAnAdministratorChangesUsersAndAppsThenEachChangeIsOneEventOfItsKind() {
        try (TestServer server = TestServer.start(dir)) {
            AdminClient admin = AdminClient.demoAdmin(server);
            long self = AdminApiUsersTest.userId(admin, "admin");
            long id = AdminClient.id(json(admin.post("/users", "{\"login\":\"audited\",\"password\":\"audited-password\"}")));
            String path = "/users/" + id;
            String stale = AdminApiUsersTest.etag(admin, path);
            assertThat(admin.patch(path, "{\"timezone\":\"Europe/Berlin\",\"extension_id\":42}", stale).statusCode())
                    .isEqualTo(200);
            assertThat(problem(admin.patch(path, "{\"blocked\":true}", stale), 412)).as("stale: no event")
                    .isEqualTo("precondition_failed");
            admin.patch(path, "{\"blocked\":true}", AdminApiUsersTest.etag(admin, path));
            admin.patch(path, "{\"blocked\":false}", AdminApiUsersTest.etag(admin, path));
            admin.patch(path, "{\"password\":\"another-password\"}", AdminApiUsersTest.etag(admin, path));
            long app = AdminApiAppsTest.appId(admin, TestServer.TRUSTED_APP);
            admin.patch("/apps/" + app, "{\"disabled\":true}", AdminApiUsersTest.etag(admin, "/apps/" + app));
            admin.patch("/apps/" + app, "{\"disabled\":false}", AdminApiUsersTest.etag(admin, "/apps/" + app));
            assertThat(admin.delete(path).statusCode()).isEqualTo(204);
            assertThat(problem(admin.delete(path), 404)).as("gone: no second event").isEqualTo("not_found");
            assertThat(admin.delete("/apps/" + app).statusCode()).isEqualTo(204);

            for (String kind : List.of("user_created", "user_changed", "user_blocked", "user_unblocked", "password_reset",
                    "user_deleted")) {
                assertThat(items(admin.get("/events?kind=" + kind))).as(kind).singleElement().satisfies(e -> assertThat(e)
                        .containsEntry("user_id", (int) id).containsEntry("actor_id", (int) self)
                        .containsEntry("outcome", "ok").containsEntry("client_id", null));
            }
            assertThat(items(admin.get("/events?kind=user_changed")).get(0).get("detail"))
                    .isEqualTo("time zone Europe/Berlin, extension 42");
            assertThat(items(admin.get("/events?kind=user_deleted")).get(0)).as("the login outlives the user")
                    .containsEntry("detail", "audited");
            for (String kind : List.of("app_disabled", "app_enabled", "app_deleted")) {
                assertThat(items(admin.get("/events?kind=" + kind))).as(kind).singleElement().satisfies(e -> assertThat(e)
                        .containsEntry("client_id", TestServer.TRUSTED_APP).containsEntry("actor_id", (int) self)
                        .containsEntry("user_id", (int) self).containsEntry("outcome", "ok"));
            }
            List<Object> mine = items(admin.get("/events?user_id=" + self + "&limit=200")).stream()
                    .map(e -> e.get("kind")).toList();
            assertThat(mine).as("an administrator's own changes are among its events")
                    .contains("user_created", "user_blocked", "password_reset", "app_disabled", "app_deleted");
            assertThat(items(admin.get("/events?user_id=" + id))).as("a deleted user's id still finds its events")
                    .hasSize(6);
        }
    }

    @Test
    void whenTheOperatorChangesAUserAtTheCliThenTheSameKindsByNoAdministrator() {
        try (TestServer server = TestServer.start(dir)) {
            AdminClient admin = AdminClient.demoAdmin(server);
            assertThat(InProcessCli.run(dir, "user", "block", "user_name", "--customer", "Demo PBX").exit()).isZero();
            assertThat(InProcessCli.run(dir, "user", "unblock", "user_name", "--customer", "Demo PBX").exit()).isZero();
            for (String kind : List.of("user_blocked", "user_unblocked")) {
                Map<String, Object> event = items(admin.get("/events?kind=" + kind)).stream().findFirst().orElseThrow();
                assertThat(event).as(kind).containsEntry("actor_id", null).containsEntry("address", "cli")
                        .containsEntry("detail", "by the operator").containsEntry("login", "user_name");
            }
        }
    }
}
