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
 * Issue 19, {@code /admin/api/v1/apps}: list with last use, register every kind (the secret
 * shown once), change (disable, rename, redirect URLs, hourly limit) under If-Match, rotate the
 * secret with its overlap, delete. A disabled app gets no token and its tokens are refused.
 */
class AdminApiAppsTest {
    @TempDir Path dir;

    @Test
    void whenAppsAreListedThenEveryAppOfTheCustomerWithItsFieldsAndLastUse() {
        try (TestServer server = TestServer.start(dir)) {
            AdminClient admin = AdminClient.demoAdmin(server); // a login with the password app: its last use is now
            HttpResponse<String> r = admin.get("/apps");
            assertThat(r.statusCode()).isEqualTo(200);
            List<Map<String, Object>> apps = items(r);
            assertThat(apps).extracting(a -> a.get("client_id")).containsExactly(TestServer.PASSWORD_APP,
                    TestServer.TRUSTED_APP, TestServer.PUBLIC_APP);
            Map<String, Object> password = apps.get(0);
            assertThat(password).containsEntry("type", "password_credentials").containsEntry("access", "all")
                    .containsEntry("disabled", false).containsEntry("api_limit_per_hour", null)
                    .containsEntry("name", "Demo password app").doesNotContainKey("client_secret");
            assertThat(Instant.parse((String) password.get("last_used_at"))).isAfter(Instant.now().minusSeconds(120));
            assertThat(apps.get(2).get("redirect_uris")).isEqualTo(List.of("http://localhost:8099/callback"));
            assertThat(json(r).get("next_cursor")).isNull();
            HttpResponse<String> first = admin.get("/apps?limit=2");
            assertThat(items(first)).hasSize(2);
            HttpResponse<String> rest = admin.get("/apps?limit=2&cursor=" + json(first).get("next_cursor"));
            assertThat(items(rest)).extracting(a -> a.get("client_id")).containsExactly(TestServer.PUBLIC_APP);
            assertThat(json(rest).get("next_cursor")).isNull();
        }
    }

    @Test
    void whenAnAdministratorRegistersAppsThenEveryKindWithItsSecretShownOnce() {
        try (TestServer server = TestServer.start(dir)) {
            AdminClient admin = AdminClient.demoAdmin(server);
            TokenCalls calls = new TokenCalls(server);
            HttpResponse<String> trusted = admin.post("/apps", "{\"name\":\"Night report\",\"type\":\"trusted\",\"access\":\"all\"}");
            assertThat(trusted.statusCode()).isEqualTo(201);
            Map<String, Object> app = json(trusted);
            assertThat(trusted.headers().firstValue("Location")).hasValue("/admin/api/v1/apps/" + AdminClient.id(app));
            assertThat(app).containsEntry("type", "trusted").containsEntry("access", "all");
            String clientId = (String) app.get("client_id");
            String secret = (String) app.get("client_secret");
            TokenCalls.ok(calls.clientCredentials(TokenCalls.DEMO, clientId, secret));
            assertThat(admin.get("/apps/" + AdminClient.id(app)).body()).doesNotContain(secret);

            HttpResponse<String> pub = admin.post("/apps", "{\"name\":\"CRM\",\"type\":\"public\","
                    + "\"redirect_uris\":[\"https://crm.example.com/cb\"]}");
            assertThat(json(pub)).containsEntry("access", "call_api")
                    .containsEntry("redirect_uris", List.of("https://crm.example.com/cb"));
            assertThat(admin.post("/apps", "{\"name\":\"Tool\",\"type\":\"password_credentials\",\"access\":\"all\"}")
                    .statusCode()).isEqualTo(201);

            for (String body : List.of("{\"name\":\"CRM\",\"type\":\"public\"}", "{\"name\":\"\",\"type\":\"trusted\"}",
                    "{\"name\":\"x\",\"type\":\"robot\"}", "{\"name\":\"x\",\"type\":\"trusted\",\"access\":\"everything\"}",
                    "{\"type\":\"trusted\"}", "{\"name\":\"x\",\"type\":\"trusted\",\"owner\":1}",
                    "{\"name\":\"x\",\"type\":\"public\",\"redirect_uris\":[\"no-uri\"]}",
                    "{\"name\":\"x\",\"type\":\"public\",\"redirect_uris\":\"https://a.example\"}",
                    "{\"name\":\"" + "n".repeat(201) + "\",\"type\":\"trusted\"}")) {
                assertThat(problem(admin.post("/apps", body), 400)).as(body).isEqualTo("invalid_request");
            }
            assertThat(items(admin.get("/apps"))).hasSize(6);
        }
    }

    @Test
    void whenAnAppIsDisabledThenItsGrantIsInvalidClientAndItsTokenIsRefusedUntilEnabled() {
        try (TestServer server = TestServer.start(dir)) {
            AdminClient admin = AdminClient.demoAdmin(server);
            TokenCalls calls = new TokenCalls(server);
            String token = String.valueOf(TokenCalls.ok(calls.clientCredentials(TokenCalls.DEMO, TestServer.TRUSTED_APP,
                    TestServer.TRUSTED_APP_SECRET)).get("access_token"));
            calls.me(token);
            long id = appId(admin, TestServer.TRUSTED_APP);
            String etag = AdminApiUsersTest.etag(admin, "/apps/" + id);
            HttpResponse<String> disabled = admin.patch("/apps/" + id, "{\"disabled\":true}", etag);
            assertThat(json(disabled)).containsEntry("disabled", true);
            assertThat(disabled.headers().firstValue("ETag")).isNotEqualTo(java.util.Optional.of(etag));

            TokenCalls.assertError(calls.clientCredentials(TokenCalls.DEMO, TestServer.TRUSTED_APP,
                    TestServer.TRUSTED_APP_SECRET), 401, "invalid_client");
            HttpResponse<String> refused = calls.user(TokenCalls.DEMO, token);
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).contains("invalid_token"));

            admin.patch("/apps/" + id, "{\"disabled\":false}", AdminApiUsersTest.etag(admin, "/apps/" + id));
            TokenCalls.ok(calls.clientCredentials(TokenCalls.DEMO, TestServer.TRUSTED_APP, TestServer.TRUSTED_APP_SECRET));
        }
    }

    @Test
    void whenAnAppIsPatchedThenNameRedirectsAndLimitChangeUnderIfMatchAndABadOneChangesNothing() {
        try (TestServer server = TestServer.start(dir)) {
            AdminClient admin = AdminClient.demoAdmin(server);
            long id = appId(admin, TestServer.PUBLIC_APP);
            String path = "/apps/" + id;
            String etag = AdminApiUsersTest.etag(admin, path);
            assertThat(problem(admin.patch(path, "{\"name\":\"Renamed\"}", null), 428)).isEqualTo("precondition_required");
            assertThat(problem(admin.patch(path, "{\"name\":\"Renamed\"}", "\"stale\""), 412)).isEqualTo("precondition_failed");
            assertThat(problem(admin.send("PATCH", path, "text/plain", "{}", "If-Match", etag), 415))
                    .isEqualTo("unsupported_media_type");
            for (String body : List.of("{\"name\":\"Renamed\",\"redirect_uris\":[]}", "{\"api_limit_per_hour\":-1}",
                    "{\"name\":null}", "{\"disabled\":\"no\"}", "{\"name\":\"x\",\"type\":\"trusted\"}",
                    "{\"name\":\"Renamed\",\"redirect_uris\":[\"https://ok.example/cb\",\"https://bad.example/#frag\"]}")) {
                assertThat(problem(admin.patch(path, body, etag), 400)).as(body).isEqualTo("invalid_request");
            }
            assertThat(AdminApiUsersTest.etag(admin, path)).as("nothing changed").isEqualTo(etag);

            HttpResponse<String> changed = admin.patch(path, "{\"name\":\"Renamed\",\"redirect_uris\":"
                    + "[\"https://crm.example.com/cb\"],\"api_limit_per_hour\":1000}", etag);
            assertThat(json(changed)).containsEntry("name", "Renamed").containsEntry("api_limit_per_hour", 1000)
                    .containsEntry("redirect_uris", List.of("https://crm.example.com/cb"));
            String next = changed.headers().firstValue("ETag").orElseThrow();
            assertThat(json(admin.patch(path, "{\"api_limit_per_hour\":null}", next))).containsEntry("api_limit_per_hour", null);
            assertThat(problem(admin.patch(path, "{\"name\":\"Again\"}", next), 412)).isEqualTo("precondition_failed");
        }
    }

    @Test
    void whenTheSecretIsRotatedThenTheNewOneWorksAndTheOldOneUntilTheOverlapEnds() {
        try (TestServer server = TestServer.start(dir)) {
            AdminClient admin = AdminClient.demoAdmin(server);
            TokenCalls calls = new TokenCalls(server);
            long id = appId(admin, TestServer.TRUSTED_APP);
            HttpResponse<String> r = admin.post("/apps/" + id + "/secret", null);
            assertThat(r.statusCode()).isEqualTo(200);
            String secret = (String) json(r).get("client_secret");
            Instant until = Instant.parse((String) json(r).get("previous_secret_valid_until"));
            assertThat(until).isAfter(Instant.now().plusSeconds(23 * 3600));
            TokenCalls.ok(calls.clientCredentials(TokenCalls.DEMO, TestServer.TRUSTED_APP, secret));
            TokenCalls.ok(calls.clientCredentials(TokenCalls.DEMO, TestServer.TRUSTED_APP, TestServer.TRUSTED_APP_SECRET));
            assertThat(items(admin.get("/events?kind=secret_rotated"))).singleElement()
                    .satisfies(e -> assertThat(e).containsEntry("client_id", TestServer.TRUSTED_APP).containsEntry("login", "admin"));
        }
    }

    @Test
    void whenAnAppIsDeletedThen204ItsTokensEndAndAgain404() {
        try (TestServer server = TestServer.start(dir)) {
            AdminClient admin = AdminClient.demoAdmin(server);
            TokenCalls calls = new TokenCalls(server);
            String token = String.valueOf(TokenCalls.ok(calls.clientCredentials(TokenCalls.DEMO, TestServer.TRUSTED_APP,
                    TestServer.TRUSTED_APP_SECRET)).get("access_token"));
            long id = appId(admin, TestServer.TRUSTED_APP);
            assertThat(admin.delete("/apps/" + id).statusCode()).isEqualTo(204);
            assertThat(calls.user(TokenCalls.DEMO, token).statusCode()).isEqualTo(401);
            assertThat(problem(admin.delete("/apps/" + id), 404)).isEqualTo("not_found");
            assertThat(problem(admin.get("/apps/" + id), 404)).isEqualTo("not_found");
            assertThat(problem(admin.post("/apps/" + id + "/secret", null), 404)).isEqualTo("not_found");
        }
    }

    @Test
    void whenTwoChangesOfAnAppRaceWithOneETagThenOneWinsAndTheOtherGets412() throws Exception {
        try (TestServer server = TestServer.start(dir)) {
            AdminClient admin = AdminClient.demoAdmin(server);
            long id = appId(admin, TestServer.TRUSTED_APP);
            EtagRace.run(admin, AdminClient.demoAdmin(server), "/apps/" + id, 20, round -> new String[] {
                    "{\"name\":\"race " + round + " a\",\"disabled\":" + (round % 2 == 0) + "}",
                    "{\"name\":\"race " + round + " b\",\"api_limit_per_hour\":" + round + "}"});
        }
    }

    static long appId(AdminClient admin, String clientId) {
        return items(admin.get("/apps")).stream().filter(a -> clientId.equals(a.get("client_id")))
                .map(AdminClient::id).findFirst().orElseThrow();
    }
}
