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
 * Issue 19, {@code /admin/api/v1/users}: add, read with its ETag, change by merge patch under
 * If-Match (block, password, level, admin, time zone, extensions), delete; the errors of each.
 * Every exchange is checked against the contract.
 */
class AdminApiUsersTest {
    @TempDir Path dir;

    @Test
    void whenAUserIsAddedThen201WithLocationAndNeverThePasswordAndTheUserLogsIn() {
        try (TestServer server = TestServer.start(dir)) {
            AdminClient admin = AdminClient.demoAdmin(server);
            HttpResponse<String> created = admin.post("/users", "{\"login\":\"agent7\",\"password\":\"agent7-password\","
                    + "\"level\":\"extension\",\"admin\":false,\"timezone\":\"Europe/Berlin\",\"extension_id\":107,"
                    + "\"extension_group_id\":null}");
            assertThat(created.statusCode()).isEqualTo(201);
            Map<String, Object> user = json(created);
            long id = AdminClient.id(user);
            assertThat(created.headers().firstValue("Location")).hasValue("/admin/api/v1/users/" + id);
            assertThat(created.headers().firstValue("ETag")).isPresent();
            assertThat(user).containsEntry("login", "agent7").containsEntry("timezone", "Europe/Berlin")
                    .containsEntry("extension_id", 107).containsEntry("blocked", false).doesNotContainKey("password");
            assertThat(created.body()).doesNotContain("agent7-password").doesNotContain("argon2");
            assertThat(server.accessToken("localhost", TestServer.PASSWORD_APP, TestServer.PASSWORD_APP_SECRET,
                    "agent7", "agent7-password")).isNotBlank();

            HttpResponse<String> read = admin.get("/users/" + id);
            assertThat(read.statusCode()).isEqualTo(200);
            assertThat(read.headers().firstValue("ETag")).isEqualTo(created.headers().firstValue("ETag"));
            assertThat(json(read)).isEqualTo(user);

            assertThat(problem(admin.post("/users", "{\"login\":\"agent7\",\"password\":\"another-password\"}"), 409))
                    .isEqualTo("conflict");
            // defaults: an extension user in UTC, no administrator
            Map<String, Object> plain = json(admin.post("/users", "{\"login\":\"plain\",\"password\":\"plain-password\"}"));
            assertThat(plain).containsEntry("level", "extension").containsEntry("admin", false).containsEntry("timezone", "UTC");
        }
    }

    @Test
    void whenABodyIsBadThen400Or415AndNothingIsCreated() {
        try (TestServer server = TestServer.start(dir)) {
            AdminClient admin = AdminClient.demoAdmin(server);
            for (String body : List.of("", "not json", "[]", "{\"login\":\"x\"}", "{\"password\":\"password1\"}",
                    "{\"login\":\"bad login\",\"password\":\"password1\"}", "{\"login\":\"x\",\"password\":\"short\"}",
                    "{\"login\":\"x\",\"password\":\"password1\",\"level\":\"boss\"}",
                    "{\"login\":\"x\",\"password\":\"password1\",\"level\":\"CLIENT\"}",
                    "{\"login\":\"x\",\"password\":\"password1\",\"admin\":\"yes\"}",
                    "{\"login\":\"x\",\"password\":\"password1\",\"timezone\":\"Mars/Base\"}",
                    "{\"login\":\"x\",\"password\":\"password1\",\"extension_id\":1.5}",
                    "{\"login\":\"x\",\"password\":\"password1\",\"extension_id\":\"7\"}",
                    "{\"login\":\"x\",\"password\":\"password1\",\"login\":null}",
                    "{\"login\":\"x\",\"password\":\"password1\",\"is_admin\":true}")) {
                assertThat(problem(admin.post("/users", body), 400)).as(body).isEqualTo("invalid_request");
            }
            HttpResponse<String> form = admin.send("POST", "/users", "application/x-www-form-urlencoded",
                    "login=x&password=password1");
            assertThat(problem(form, 415)).isEqualTo("unsupported_media_type");
            HttpResponse<String> huge = admin.post("/users", "{\"login\":\"x\",\"password\":\"" + "p".repeat(20_000) + "\"}");
            assertThat(problem(huge, 413)).as("over the 16 KiB cap").isEqualTo("invalid_request");
            assertThat(items(admin.get("/users?q=x"))).isEmpty();
        }
    }

    @Test
    void whenAUserIsPatchedThenTheChangeAndANewETagAnd428Or412WithoutTheCurrentOne() {
        try (TestServer server = TestServer.start(dir)) {
            AdminClient admin = AdminClient.demoAdmin(server);
            long id = userId(admin, "user_name");
            HttpResponse<String> read = admin.get("/users/" + id);
            String etag = read.headers().firstValue("ETag").orElseThrow();

            assertThat(problem(admin.patch("/users/" + id, "{\"timezone\":\"Asia/Tokyo\"}", null), 428))
                    .isEqualTo("precondition_required");
            assertThat(problem(admin.send("PATCH", "/users/" + id, "application/json", "{\"timezone\":\"Asia/Tokyo\"}",
                    "If-Match", etag), 415)).isEqualTo("unsupported_media_type");
            assertThat(problem(admin.patch("/users/" + id, "{\"timezone\":\"Asia/Tokyo\"}", "\"0123456789abcdef0123456789abcdef\""),
                    412)).isEqualTo("precondition_failed");
            assertThat(problem(admin.patch("/users/" + id, "{\"timezone\":\"Asia/Tokyo\",\"blockd\":true}", etag), 400))
                    .as("an unknown member").isEqualTo("invalid_request");
            assertThat(problem(admin.patch("/users/" + id, "{\"timezone\":null}", etag), 400)).isEqualTo("invalid_request");
            assertThat(json(admin.get("/users/" + id))).as("refused patches changed nothing").isEqualTo(json(read));

            HttpResponse<String> changed = admin.patch("/users/" + id, "{\"timezone\":\"Asia/Tokyo\",\"level\":"
                    + "\"extension_group\",\"extension_id\":null,\"extension_group_id\":12,\"admin\":true}", etag);
            assertThat(changed.statusCode()).isEqualTo(200);
            assertThat(json(changed)).containsEntry("timezone", "Asia/Tokyo").containsEntry("level", "extension_group")
                    .containsEntry("extension_id", null).containsEntry("extension_group_id", 12).containsEntry("admin", true);
            String newTag = changed.headers().firstValue("ETag").orElseThrow();
            assertThat(newTag).isNotEqualTo(etag);
            assertThat(admin.get("/users/" + id).headers().firstValue("ETag")).hasValue(newTag);
            assertThat(problem(admin.patch("/users/" + id, "{\"admin\":false}", etag), 412)).as("the old tag")
                    .isEqualTo("precondition_failed");
            assertThat(admin.patch("/users/" + id, "{}", newTag).statusCode()).as("an empty patch").isEqualTo(200);
        }
    }

    @Test
    void whenTwoChangesRaceWithOneETagThenOneWinsAndTheOtherGets412() throws Exception {
        try (TestServer server = TestServer.start(dir)) {
            AdminClient admin = AdminClient.demoAdmin(server);
            long id = userId(admin, "user_name");
            EtagRace.run(admin, AdminClient.demoAdmin(server), "/users/" + id, 20, round -> {
                String zone = round % 2 == 0 ? "Europe/Paris" : "Europe/Rome";
                return new String[] {"{\"timezone\":\"" + zone + "\",\"extension_id\":1}",
                        "{\"timezone\":\"" + zone + "\",\"extension_id\":2}"};
            });
        }
    }

    @Test
    void whenAUserIsBlockedOrGetsAPasswordThenTheirTokensEndAtOnce() {
        try (TestServer server = TestServer.start(dir)) {
            AdminClient admin = AdminClient.demoAdmin(server);
            TokenCalls calls = new TokenCalls(server);
            long id = userId(admin, "user_name");
            String token = String.valueOf(calls.login("user_name", "user_password").get("access_token"));
            calls.assertLive(token);

            HttpResponse<String> blocked = admin.patch("/users/" + id, "{\"blocked\":true}", etag(admin, "/users/" + id));
            assertThat(json(blocked)).containsEntry("blocked", true);
            calls.assertDead(token);
            assertThat(calls.password(TokenCalls.DEMO, TestServer.PASSWORD_APP, TestServer.PASSWORD_APP_SECRET,
                    "user_name", "user_password").statusCode()).as("a blocked user's login").isEqualTo(400);
            assertThat(json(admin.patch("/users/" + id, "{\"blocked\":false}", etag(admin, "/users/" + id))))
                    .containsEntry("blocked", false);
            String second = String.valueOf(calls.login("user_name", "user_password").get("access_token"));
            calls.assertLive(second);

            assertThat(admin.patch("/users/" + id, "{\"password\":\"a-new-password\"}", etag(admin, "/users/" + id))
                    .statusCode()).isEqualTo(200);
            calls.assertDead(second);
            calls.login("user_name", "a-new-password");
            assertThat(problem(admin.patch("/users/" + id, "{\"password\":\"short\"}", etag(admin, "/users/" + id)), 400))
                    .isEqualTo("invalid_request");
        }
    }

    @Test
    void whenAUserIsDeletedThen204ThenAgain404AndAnAdministratorCannotRemoveThemselves() {
        try (TestServer server = TestServer.start(dir)) {
            AdminClient admin = AdminClient.demoAdmin(server);
            TokenCalls calls = new TokenCalls(server);
            long id = userId(admin, "user_name");
            String token = String.valueOf(calls.login("user_name", "user_password").get("access_token"));
            assertThat(admin.delete("/users/" + id).statusCode()).isEqualTo(204);
            assertThat(problem(admin.delete("/users/" + id), 404)).isEqualTo("not_found");
            assertThat(problem(admin.get("/users/" + id), 404)).isEqualTo("not_found");
            assertThat(calls.user(TokenCalls.DEMO, token).statusCode()).isEqualTo(401);

            long self = userId(admin, "admin");
            assertThat(problem(admin.delete("/users/" + self), 409)).isEqualTo("conflict");
            assertThat(problem(admin.patch("/users/" + self, "{\"blocked\":true}", etag(admin, "/users/" + self)), 409))
                    .isEqualTo("conflict");
            assertThat(problem(admin.patch("/users/" + self, "{\"admin\":false}", etag(admin, "/users/" + self)), 409))
                    .isEqualTo("conflict");
            assertThat(admin.get("/users").statusCode()).as("still an administrator with a live token").isEqualTo(200);
        }
    }

    @Test
    void whenUsersAreSearchedThenBySubstringOfLoginInAnyCase() {
        try (TestServer server = TestServer.start(dir)) {
            AdminClient admin = AdminClient.demoAdmin(server);
            for (String login : List.of("Sales.Anna", "sales.bob", "support_carl", "50%off")) {
                assertThat(admin.post("/users", "{\"login\":\"" + login.replace("%", "") + "\",\"password\":\"password-1\"}")
                        .statusCode()).isEqualTo(201);
            }
            assertThat(logins(admin.get("/users?q=SALES"))).containsExactly("Sales.Anna", "sales.bob");
            assertThat(logins(admin.get("/users?q=_"))).as("_ is a character, not a wildcard").containsExactly("user_name",
                    "support_carl");
            assertThat(logins(admin.get("/users?q=%25"))).isEmpty();
            assertThat(problem(admin.get("/users?q=" + "x".repeat(101)), 400)).isEqualTo("invalid_request");
        }
    }

    static long userId(AdminClient admin, String login) {
        return items(admin.get("/users?q=" + login)).stream().filter(u -> login.equals(u.get("login")))
                .map(AdminClient::id).findFirst().orElseThrow();
    }

    static String etag(AdminClient admin, String path) {
        return admin.get(path).headers().firstValue("ETag").orElseThrow();
    }

    private static List<Object> logins(HttpResponse<String> r) {
        assertThat(r.statusCode()).isEqualTo(200);
        return items(r).stream().map(u -> u.get("login")).toList();
    }
}
