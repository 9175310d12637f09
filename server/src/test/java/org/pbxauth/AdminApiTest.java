package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pbxauth.AdminClient.json;
import static org.pbxauth.AdminClient.problem;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19, the admin REST API: who may use it (an administrator's token from an app with
 * access All, of the Host's customer), its hourly limits, its problem details, and its contract
 * (valid OpenAPI 3.1, served without a token). Every exchange is checked against the contract.
 */
class AdminApiTest {
    @TempDir Path dir;

    @Test
    void whenTheContractIsFetchedThenItIsAValidOpenApi31DocumentServedWithoutAToken() {
        assertThat(AdminContract.metaSchemaErrors(AdminContract.TEXT)).as("admin.json against the OAS 3.1 meta-schema")
                .isEmpty();
        // the meta-schema really checks: a document without its info is refused
        assertThat(AdminContract.metaSchemaErrors(AdminContract.TEXT.replaceFirst("\"info\"", "\"inf0\""))).isNotEmpty();
        // every named schema compiles in the 3.1 dialect
        AdminContract.DOCUMENT.get("components").get("schemas").propertyNames()
                .forEach(name -> assertThat(AdminContract.schema("#/components/schemas/" + name)).isNotNull());
        try (TestServer server = TestServer.start(dir)) {
            HttpResponse<String> r = server.request("GET", "/admin/api/openapi.json", "localhost", null);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
            assertThat(r.body()).isEqualTo(AdminContract.TEXT);
            assertThat(AdminContract.DOCUMENT.get("openapi").asString()).isEqualTo("3.1.0");
        }
    }

    @Test
    void whenABodyBreaksTheContractThenTheOracleSaysSo() {
        String user = "{\"id\":1,\"login\":\"a\",\"level\":\"client\",\"admin\":true,\"blocked\":false,"
                + "\"timezone\":\"UTC\",\"extension_id\":null,\"extension_group_id\":null}";
        var ref = AdminContract.DOCUMENT.get("components").get("schemas");
        assertThat(ref.has("User")).isTrue();
        var userRef = tools.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("$ref", "#/components/schemas/User");
        assertThat(AdminContract.errors(userRef, user)).isEmpty();
        assertThat(AdminContract.errors(userRef, user.replace("}", ",\"password\":\"x\"}"))).as("an extra member").isNotEmpty();
        assertThat(AdminContract.errors(userRef, user.replace("\"client\"", "\"boss\""))).as("an enum").isNotEmpty();
        assertThat(AdminContract.errors(userRef, user.replace("\"id\":1,", ""))).as("a required member").isNotEmpty();
        var sessionRef = tools.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                .put("$ref", "#/components/schemas/Session");
        String session = "{\"id\":1,\"user_id\":1,\"app_id\":1,\"client_id\":\"c\",\"started_at\":\"2026-12-07T10:00:00Z\","
                + "\"last_used_at\":null,\"address\":null}";
        assertThat(AdminContract.errors(sessionRef, session)).isEmpty();
        assertThat(AdminContract.errors(sessionRef, session.replace("2026-12-07T10:00:00Z", "yesterday")))
                .as("a date-time format").isNotEmpty();
    }

    @Test
    void whenNoTokenOrABadOneThen401WithTheBearerChallengeAsAProblem() {
        try (TestServer server = TestServer.start(dir)) {
            AdminClient nobody = new AdminClient(server, "localhost", null);
            for (String path : List.of("/users", "/apps", "/sessions", "/events", "/users/1")) {
                HttpResponse<String> r = nobody.get(path);
                assertThat(problem(r, 401)).isEqualTo("unauthorized");
                assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"localhost\"");
                assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
            }
            HttpResponse<String> bad = nobody.withToken("notARealTokenAtAll000000000000").get("/users");
            assertThat(problem(bad, 401)).isEqualTo("invalid_token");
            assertThat(bad.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                    v -> assertThat(v).startsWith("Bearer").contains("error=\"invalid_token\""));
            Map<String, Object> body = json(bad);
            assertThat(body).containsKeys("type", "title", "status", "detail", "code");
            assertThat(body.get("status")).isEqualTo(401);
            // a token of the other customer is nothing here
            String otherToken = AdminClient.otherAdmin(server).token();
            assertThat(problem(nobody.withToken(otherToken).get("/users"), 401)).isEqualTo("invalid_token");
            // and a mangled header: invalid_request, still 401 with the challenge
            HttpResponse<String> mangled = nobody.send("GET", "/users", null, null, "Authorization", "Bearer a b c");
            assertThat(mangled.statusCode()).isEqualTo(401);
            assertThat(mangled.headers().firstValue("WWW-Authenticate")).isPresent();
        }
    }

    @Test
    void whenACallApiTokenOrANonAdministratorsTokenThen403() {
        try (TestServer server = TestServer.start(dir)) {
            AdminClient admin = AdminClient.demoAdmin(server);
            // a Call API password_credentials app of the admin: its token is no admin token
            HttpResponse<String> registered = admin.post("/apps",
                    "{\"name\":\"Call API tool\",\"type\":\"password_credentials\",\"access\":\"call_api\"}");
            assertThat(registered.statusCode()).isEqualTo(201);
            String clientId = (String) json(registered).get("client_id");
            String secret = (String) json(registered).get("client_secret");
            String callApi = server.accessToken("localhost", clientId, secret, "admin", "admin_password");
            for (String path : List.of("/users", "/apps", "/sessions", "/events")) {
                assertThat(problem(admin.withToken(callApi).get(path), 403)).as(path).isEqualTo("app_access_type_deny");
            }
            assertThat(problem(admin.withToken(callApi).delete("/users/2"), 403)).isEqualTo("app_access_type_deny");

            String userToken = server.accessToken("localhost", TestServer.PASSWORD_APP, TestServer.PASSWORD_APP_SECRET,
                    "user_name", "user_password");
            AdminClient user = admin.withToken(userToken);
            for (String path : List.of("/users", "/apps", "/sessions", "/events", "/users/1")) {
                assertThat(problem(user.get(path), 403)).as(path).isEqualTo("access_denied");
            }
            assertThat(problem(user.post("/users", "{\"login\":\"x\",\"password\":\"password1\"}"), 403))
                    .isEqualTo("access_denied");
            assertThat(admin.get("/users").statusCode()).as("the admin's own token").isEqualTo(200);

            // an administrator blocked in the store behind the API's back (a block through it ends the tokens)
            Map<String, Object> second = json(admin.post("/users",
                    "{\"login\":\"admin2\",\"password\":\"admin2-password\",\"level\":\"client\",\"admin\":true}"));
            AdminClient admin2 = admin.withToken(server.accessToken("localhost", TestServer.PASSWORD_APP,
                    TestServer.PASSWORD_APP_SECRET, "admin2", "admin2-password"));
            assertThat(admin2.get("/users").statusCode()).isEqualTo(200);
            Services s = server.node().services();
            s.users().setBlocked(s.tenants().findByHostname("localhost").orElseThrow().id(), AdminClient.id(second), true);
            assertThat(problem(admin2.get("/users"), 403)).as("a blocked administrator").isEqualTo("access_denied");
        }
    }

    @Test
    void whenTheHourlyLimitIsSpentThen429WithRetryAfterAndTheLimitHeaders() {
        try (TestServer server = TestServer.start(dir, Clock.systemUTC(), Map.of("rate-limits", "on"))) {
            AdminClient admin = AdminClient.demoAdmin(server);
            HttpResponse<String> first = admin.get("/apps");
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.headers().firstValue("X-RateLimit-Limit")).isPresent();
            assertThat(first.headers().firstValue("X-RateLimit-Remaining")).isPresent();
            long passwordApp = AdminClient.items(first).stream()
                    .filter(a -> TestServer.PASSWORD_APP.equals(a.get("client_id"))).map(AdminClient::id).findFirst().orElseThrow();
            HttpResponse<String> app = admin.get("/apps/" + passwordApp);
            String etag = app.headers().firstValue("ETag").orElseThrow();
            HttpResponse<String> limited = admin.patch("/apps/" + passwordApp, "{\"api_limit_per_hour\":5}", etag);
            assertThat(limited.statusCode()).isEqualTo(200);
            assertThat(json(limited).get("api_limit_per_hour")).isEqualTo(5);
            HttpResponse<String> r;
            int n = 0;
            do {
                r = admin.get("/users");
                n++;
            } while (r.statusCode() == 200 && n < 20);
            assertThat(problem(r, 429)).isEqualTo("rate_limit_exceeded");
            assertThat(n).as("requests answered before the limit").isLessThanOrEqualTo(6);
            assertThat(r.headers().firstValue("Retry-After")).isPresent();
            assertThat(r.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
            // the same count as the user API: it is refused as well
            assertThat(server.user("localhost", "Bearer " + admin.token()).statusCode()).isEqualTo(429);
        }
    }

    @Test
    void whenAnUnknownPathOrMethodThenAProblemNotTheOAuthShape() {
        try (TestServer server = TestServer.start(dir)) {
            AdminClient admin = AdminClient.demoAdmin(server);
            HttpResponse<String> unknown = server.request("GET", "/admin/api/v1/nothing", "localhost", null,
                    "Authorization", "Bearer " + admin.token());
            assertThat(problem(unknown, 404)).isEqualTo("not_found");
            HttpResponse<String> put = server.request("PUT", "/admin/api/v1/users", "localhost", new byte[0],
                    "Authorization", "Bearer " + admin.token());
            assertThat(problem(put, 405)).isEqualTo("method_not_allowed");
            for (String id : List.of("x", "0", "-1", "99999999999999999999", "1.5")) {
                assertThat(problem(admin.get("/users/" + id), 400)).as(id).isEqualTo("invalid_request");
            }
        }
    }
}
