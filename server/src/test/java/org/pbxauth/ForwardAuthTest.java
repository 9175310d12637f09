package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pbxauth.apps.AccessLevel;
import org.pbxauth.apps.AppType;
import org.pbxauth.directory.NewUser;
import org.pbxauth.directory.Tenant;
import org.pbxauth.directory.UserLevel;
import org.pbxauth.secrets.Secret;

/**
 * Issue 21: {@code /auth/check} on the real server — every rule of the built-in Call API list for
 * a Call API token and an All token, the user's own reach (customer, extension, group, level,
 * blocked) before the app's, the identity headers, each way a proxy asks (nginx, Traefik, Envoy).
 */
class ForwardAuthTest {
    @TempDir static Path data;
    static TestServer server;
    static String callApiAdmin;   // the client-level administrator through a Call API app
    static String allAdmin;       // the same user through an All app
    static String callApiUser;    // user_name (extension 100) through a Call API app
    static String allUser;        // user_name through an All app
    static String groupUser;      // an extension-group user of group 7 (extension 200 is in it)
    static String callApiAppId;
    static long customer;

    @BeforeAll
    static void start() {
        server = TestServer.start(data, Clock.systemUTC(), Map.of());
        Services s = server.node().services();
        Tenant demo = s.tenants().findByName("Demo PBX").orElseThrow();
        customer = demo.id();
        var admin = s.users().findByLogin(demo.id(), "admin").orElseThrow();
        var app = s.apps().register(demo.id(), "Call API dashboard", AppType.PASSWORD_CREDENTIALS, AccessLevel.CALL_API,
                List.of(), admin);
        callApiAppId = app.app().clientId();
        String secret = app.secret().reveal();
        String hash = s.passwords().hash(Secret.of("group-password"));
        s.users().create(new NewUser(demo.id(), "group7", UserLevel.EXTENSION_GROUP, false, "UTC", null, 7L, hash));
        s.users().create(new NewUser(demo.id(), "agent200", UserLevel.EXTENSION, false, "UTC", 200L, 7L, hash));
        callApiAdmin = server.accessToken("localhost", callApiAppId, secret, "admin", "admin_password");
        allAdmin = server.accessToken("localhost", TestServer.PASSWORD_APP, TestServer.PASSWORD_APP_SECRET, "admin",
                "admin_password");
        callApiUser = server.accessToken("localhost", callApiAppId, secret, "user_name", "user_password");
        allUser = server.accessToken("localhost", TestServer.PASSWORD_APP, TestServer.PASSWORD_APP_SECRET, "user_name",
                "user_password");
        groupUser = server.accessToken("localhost", TestServer.PASSWORD_APP, TestServer.PASSWORD_APP_SECRET, "group7",
                "group-password");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> check(String token, String method, String uri) {
        return server.request("GET", "/auth/check", "localhost", null, "Authorization", "Bearer " + token,
                "X-Original-Method", method, "X-Original-URI", uri);
    }

    private static void assertAnswer(HttpResponse<String> r, String expected, String what) {
        if (expected.equals("200")) {
            assertThat(r.statusCode()).as(what + ": " + r.body()).isEqualTo(200);
        } else {
            assertThat(r.statusCode()).as(what).isEqualTo(403);
            assertThat(r.body()).as(what).isEqualTo("{\"status\":\"" + expected + "\"}");
            assertThat(r.headers().firstValue("X-Pbx-Status")).as(what).hasValue(expected);
        }
    }

    /** Every rule of access/call-api.yml, by a client-level user: only the app's access decides. */
    @ParameterizedTest(name = "{0} {1}: Call API {2}")
    @CsvSource({
            // read anything the user may see
            "GET, /api/ver1.0/client/@me/extension/, 200",
            "HEAD, /api/ver1.0/client/@me/did/, 200",
            "GET, /api/ver1.0/extension/100/cdr/?start=2026-01-01, 200",
            "GET, /api/ver1.0/client/@me/record/3f2a/download/, 200",
            // create and delete call-event handlers
            "POST, /api/ver1.0/extension/100/event/, 200",
            "DELETE, /api/ver1.0/extension/100/event/7, 200",
            "PUT, /api/ver1.0/extension/100/event/7, app_access_type_deny",
            // delete recordings
            "DELETE, /api/ver1.0/client/@me/record/3f2a-77/, 200",
            "POST, /api/ver1.0/client/@me/record/archive/, app_access_type_deny",
            // delete voicemail
            "DELETE, /api/ver1.0/extension/100/voicemail/9/, 200",
            "POST, /api/ver1.0/extension/100/voicemail/9/, app_access_type_deny",
            // delete incoming faxes
            "DELETE, /api/ver1.0/extension/100/fax/incoming/3/, 200",
            // send, cancel and resend faxes
            "POST, /api/ver1.0/extension/100/fax/send/, 200",
            "DELETE, /api/ver1.0/extension/100/fax/outgoing/3/, 200",
            "POST, /api/ver1.0/extension/100/fax/outgoing/3/resend/, 200",
            // start, manage and end calls
            "POST, /api/ver1.0/extension/100/callback/, 200",
            "POST, /api/ver1.0/extension/100/call/, 200",
            "PUT, /api/ver1.0/extension/100/call/55/transfer/, 200",
            "DELETE, /api/ver1.0/extension/100/call/55/, 200",
            "DELETE, /api/ver1.0/client/@me/current_calls/9a1b/, 200",
            // no configuration changes
            "POST, /api/ver1.0/client/@me/extension/, app_access_type_deny",
            "PUT, /api/ver1.0/client/@me/extension/100, app_access_type_deny",
            "DELETE, /api/ver1.0/client/@me/extension/100, app_access_type_deny",
            "POST, /api/ver1.0/client/@me/extension_group/, app_access_type_deny",
            "DELETE, /api/ver1.0/client/@me/extension_group/7, app_access_type_deny",
            "PUT, /api/ver1.0/client/@me/, app_access_type_deny",
            "PATCH, /api/ver1.0/extension/100/call/55/, app_access_type_deny",
    })
    void whenAClientLevelUserCallsThroughACallApiAppThenTheRuleDecidesAndAnAllAppMayDoIt(String method, String uri,
                                                                                          String callApi) {
        assertAnswer(check(callApiAdmin, method, uri), callApi, "Call API " + method + " " + uri);
        assertAnswer(check(allAdmin, method, uri), "200", "All " + method + " " + uri);
    }

    /** The user's own reach comes first, for an All app too. */
    @ParameterizedTest(name = "{0} {1}: {2} {3}")
    @CsvSource({
            "GET, /api/ver1.0/extension/100/cdr/, all-user, 200",
            "GET, /api/ver1.0/extension/101/cdr/, all-user, user_access_type_deny",
            "POST, /api/ver1.0/extension/101/event/, call-user, user_access_type_deny",
            "GET, /api/ver1.0/extension/registration/, all-user, 200",
            "GET, /api/ver1.0/client/@me/did/, all-user, 200",
            "POST, /api/ver1.0/client/@me/extension/, all-user, user_access_type_deny",
            "DELETE, /api/ver1.0/client/@me/record/3f2a/, all-user, user_access_type_deny",
            "GET, /api/ver1.0/extension/200/cdr/, group, 200",
            "POST, /api/ver1.0/extension/200/call/, group, 200",
            "GET, /api/ver1.0/extension/100/cdr/, group, user_access_type_deny",
            "GET, /api/ver1.0/client/999999/did/, all-admin, access_denied",
            "GET, /api/ver1.0/client/client_info/999999/, all-admin, access_denied",
            "GET, /api/ver1.0/client/client_info/@me/, all-admin, 200",
            "GET, /api/ver1.0/client/CUSTOMER/did/, all-admin, 200",
            "GET, /api/ver1.0/extension/100/../101/cdr/, all-user, access_denied",
            "GET, /api/ver1.0/extension/100/%2e%2e/101/cdr/, all-user, access_denied",
            "GET, /api/ver1.0/extension/100%2Fcdr/, all-admin, access_denied",
            "GET, /api/ver1.0//extension/100/cdr/, all-admin, access_denied",
            "GET, /admin/api/v1/users, all-admin, access_denied",
            "GET, relative/path, all-admin, access_denied",
    })
    void whenTheUsersOwnReachIsCheckedThenItComesBeforeTheAppsAccess(String method, String uri, String who, String expected) {
        String token = switch (who) {
            case "all-user" -> allUser;
            case "call-user" -> callApiUser;
            case "group" -> groupUser;
            default -> allAdmin;
        };
        assertAnswer(check(token, method, uri.replace("CUSTOMER", Long.toString(customer))), expected, who + " " + uri);
    }

    @Test
    void whenAllowedThenTheIdentityHeadersSayWhoAndTheAnswerIsNotCached() {
        HttpResponse<String> r = check(callApiUser, "GET", "/api/ver1.0/extension/100/cdr/");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Pbx-Customer-Id")).hasValue(Long.toString(customer));
        assertThat(r.headers().firstValue("X-Pbx-User-Id")).hasValue("2");
        assertThat(r.headers().firstValue("X-Pbx-User-Login")).hasValue("user_name");
        assertThat(r.headers().firstValue("X-Pbx-App-Id")).hasValue(callApiAppId);
        assertThat(r.headers().firstValue("X-Pbx-Access")).hasValue("call_api");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(check(allUser, "GET", "/api/ver1.0/extension/100/cdr/").headers().firstValue("X-Pbx-Access"))
                .hasValue("full");
    }

    @Test
    void whenTheTokenIsMissingOrUnknownThen401WithTheChallengeAndNoIdentity() {
        HttpResponse<String> none = server.request("GET", "/auth/check", "localhost", null,
                "X-Original-Method", "GET", "X-Original-URI", "/api/ver1.0/extension/100/cdr/");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        HttpResponse<String> unknown = check("not-a-token", "GET", "/api/ver1.0/extension/100/cdr/");
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(unknown.body()).contains("\"error\":\"invalid_token\"");
        assertThat(unknown.headers().firstValue("X-Pbx-Status")).hasValue("invalid_token");
        assertThat(unknown.headers().firstValue("X-Pbx-User-Id")).isEmpty();
        // a token of this customer on the other customer's hostname is unknown there
        HttpResponse<String> elsewhere = server.request("GET", "/auth/check", TestServer.OTHER_HOST, null,
                "Authorization", "Bearer " + allUser, "X-Original-Method", "GET", "X-Original-URI", "/api/ver1.0/user/");
        assertThat(elsewhere.statusCode()).isEqualTo(401);
    }

    @Test
    void whenAUsersTokenOutlivesTheirBlockThen403UserBlocked() {
        Services s = server.node().services();
        String hash = s.passwords().hash(Secret.of("blocked-password"));
        var u = s.users().create(new NewUser(customer, "blocked-agent", UserLevel.EXTENSION, false, "UTC", 300L, null, hash));
        String token = server.accessToken("localhost", TestServer.PASSWORD_APP, TestServer.PASSWORD_APP_SECRET,
                "blocked-agent", "blocked-password");
        s.users().setBlocked(customer, u.id(), true); // the flag alone, not the lifecycle that also ends the tokens
        assertAnswer(check(token, "GET", "/api/ver1.0/extension/300/cdr/"), "user_blocked", "blocked");
    }

    @Test
    void whenTraefikOrEnvoyAskThenTheSameDecisions() {
        HttpResponse<String> traefik = server.request("GET", "/auth/check", "localhost", null,
                "Authorization", "Bearer " + callApiUser, "X-Forwarded-Method", "POST",
                "X-Forwarded-Uri", "/api/ver1.0/client/@me/extension/");
        assertAnswer(traefik, "user_access_type_deny", "traefik");
        HttpResponse<String> envoy = server.request("POST", "/auth/check/api/ver1.0/extension/100/event/", "localhost",
                new byte[0], "Authorization", "Bearer " + callApiUser);
        assertAnswer(envoy, "200", "envoy");
        HttpResponse<String> envoyDenied = server.request("PUT", "/auth/check/api/ver1.0/extension/100/event/7?x=1",
                "localhost", new byte[0], "Authorization", "Bearer " + callApiUser);
        assertAnswer(envoyDenied, "app_access_type_deny", "envoy PUT");
        HttpResponse<String> nothing = server.request("GET", "/auth/check", "localhost", null,
                "Authorization", "Bearer " + callApiUser);
        assertThat(nothing.statusCode()).isEqualTo(400);
        assertThat(nothing.body()).contains("invalid_request");
    }

    @Test
    void whenDecisionsAreMadeThenTheyAreCountedByDecisionAndStatus() {
        check(callApiAdmin, "PUT", "/api/ver1.0/client/@me/");
        String metrics = server.request("GET", "/metrics", "localhost", null).body();
        assertThat(metrics).contains("pbxauth_gateway_decisions_total{decision=\"403\",status=\"app_access_type_deny\"}")
                .contains("pbxauth_gateway_decisions_total{decision=\"allowed\",status=\"ok\"}");
    }
}
