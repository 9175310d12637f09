package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 18 over HTTP without a browser: the login (303 to where the user was going, a new
 * session id, CSRF), /app/register's choices and validation (a forged form is refused and
 * changes nothing), the result page's App ID and App Secret working in the seed's request,
 * logout, and one customer's session being nothing on another customer's hostname.
 */
class WebPagesTest {
    @RegisterExtension static final DemoServer demo = new DemoServer();

    private static final Pattern CLIENT_ID = Pattern.compile("id=\"client_id\">([0-9a-f]{32})<");
    private static final Pattern CLIENT_SECRET = Pattern.compile("id=\"client_secret\">([0-9a-f]{32})<");

    @Test
    void whenAPageNeedsALoginThenSeeOtherToLoginWithNextAndBackAfterIt() {
        WebClient web = new WebClient(demo.server(), "localhost");
        HttpResponse<String> apps = web.get("/app/register?x=1");
        assertThat(apps.statusCode()).isEqualTo(303);
        assertThat(apps.headers().firstValue("Location")).hasValue("/login?next=%2Fapp%2Fregister%3Fx%3D1");

        HttpResponse<String> page = web.get("/login?next=%2Fapp%2Fregister%3Fx%3D1");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("default-src 'none'").contains("frame-ancestors 'none'").doesNotContain("script"));
        assertThat(page.body()).contains("name=\"login\"").contains("name=\"password\"").contains("name=\"csrf\"")
                .contains("value=\"/app/register?x=1\"");
        HttpResponse<String> in = web.post("/login", Map.of("login", "user_name", "password", "user_password",
                "next", "/app/register?x=1"));
        assertThat(in.statusCode()).isEqualTo(303);
        assertThat(in.headers().firstValue("Location")).hasValue("/app/register?x=1");
        assertThat(in.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c).startsWith("pbxauth_web=")
                .contains("HttpOnly").contains("SameSite=Lax").contains("Path=/"));
        assertThat(web.get("/app/register").statusCode()).isEqualTo(200);
    }

    @Test
    void whenNextIsNotALocalPathThenTheDefaultPage() {
        for (String next : List.of("//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)",
                "/login?next=/x")) {
            WebClient web = new WebClient(demo.server(), "localhost");
            web.get("/login");
            HttpResponse<String> in = web.post("/login", Map.of("login", "user_name", "password", "user_password",
                    "next", next));
            assertThat(in.headers().firstValue("Location")).as(next).hasValue("/account/apps");
        }
    }

    @Test
    void whenTheCsrfFieldIsMissingOrWrongThen403AndNothingChanges() {
        WebClient web = new WebClient(demo.server(), "localhost");
        web.get("/login");
        for (String csrf : new String[] {"", "forged"}) {
            HttpResponse<String> r = web.post("/login", Map.of("login", "user_name", "password", "user_password",
                    "csrf", csrf));
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("pbxauth_web="));
        }
        assertThat(web.login("admin", "admin_password").statusCode()).isEqualTo(303);
        int before = demo.server().node().services().apps().list(GuardCalls.demo(demo.server()).id()).size();
        HttpResponse<String> forged = web.post("/app/register", Map.of("csrf", "x", "name", "Forged", "type", "trusted",
                "access", "call_api"));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(demo.server().node().services().apps().list(GuardCalls.demo(demo.server()).id())).hasSize(before);
        HttpResponse<String> out = web.post("/logout", Map.of("csrf", "x"));
        assertThat(out.statusCode()).isEqualTo(403);
        assertThat(web.get("/account/apps").statusCode()).as("still signed in").isEqualTo(200);
    }

    @Test
    void whenWrongPasswordThen401WithTheFormAndNoSession() {
        WebClient web = new WebClient(demo.server(), "localhost");
        HttpResponse<String> r = web.login("user_name", "not the password");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("The login or password is wrong").contains("value=\"user_name\"");
        assertThat(web.cookie("pbxauth_web")).isEmpty();
    }

    /** OWASP session fixation: an id the browser held before the login never becomes a logged-in one. */
    @Test
    void whenLoggingInThenTheSessionIdIsNewAndAPlantedOneIsNothing() {
        WebClient web = new WebClient(demo.server(), "localhost");
        String planted = "A".repeat(30);
        web.plantCookie("pbxauth_web", planted);
        HttpResponse<String> in = web.login("user_name", "user_password");
        assertThat(in.statusCode()).isEqualTo(303);
        String after = in.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("pbxauth_web="))
                .map(c -> c.substring("pbxauth_web=".length(), c.indexOf(';'))).findFirst().orElseThrow();
        assertThat(after).isNotEqualTo(planted).matches("[A-Za-z0-9]{30}");

        WebClient attacker = new WebClient(demo.server(), "localhost");
        attacker.plantCookie("pbxauth_web", planted);
        assertThat(attacker.get("/account/apps").statusCode()).isEqualTo(303);
    }

    @Test
    void whenLoggedOutThenTheSessionIsOver() {
        WebClient web = new WebClient(demo.server(), "localhost");
        web.login("user_name", "user_password");
        String session = web.cookie("pbxauth_web").orElseThrow();
        assertThat(web.get("/account/apps").statusCode()).isEqualTo(200);
        HttpResponse<String> out = web.post("/logout", Map.of());
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(out.headers().firstValue("Location")).hasValue("/login");
        WebClient replay = new WebClient(demo.server(), "localhost");
        replay.plantCookie("pbxauth_web", session);
        assertThat(replay.get("/account/apps").statusCode()).as("the old cookie after logout").isEqualTo(303);
    }

    @Test
    void whenASessionOfOneCustomerIsSentToAnotherThenItIsNothingThere() {
        WebClient web = new WebClient(demo.server(), "localhost");
        web.login("admin", "admin_password");
        WebClient other = new WebClient(demo.server(), TestServer.OTHER_HOST);
        other.plantCookie("pbxauth_web", web.cookie("pbxauth_web").orElseThrow());
        assertThat(other.get("/account/apps").statusCode()).isEqualTo(303);
        assertThat(other.get("/app/register").statusCode()).isEqualTo(303);
    }

    @Test
    void whenNotAnAdministratorThenTheAdminChoicesAreNeitherOfferedNorAccepted() {
        WebClient web = new WebClient(demo.server(), "localhost");
        web.login("user_name", "user_password");
        HttpResponse<String> form = web.get("/app/register");
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("value=\"public\"").contains("value=\"trusted\"").contains("value=\"call_api\"")
                .doesNotContain("value=\"password_credentials\"").doesNotContain("value=\"all\"");
        int before = demo.server().node().services().apps().list(GuardCalls.demo(demo.server()).id()).size();
        for (Map<String, String> forged : List.of(
                Map.of("name", "Forged", "type", "password_credentials", "access", "call_api", "redirect_uris", ""),
                Map.of("name", "Forged", "type", "trusted", "access", "all", "redirect_uris", ""))) {
            HttpResponse<String> r = web.post("/app/register", forged);
            assertThat(r.statusCode()).as("%s", forged).isEqualTo(403);
            assertThat(r.body()).contains("Only an administrator");
        }
        assertThat(demo.server().node().services().apps().list(GuardCalls.demo(demo.server()).id())).hasSize(before);
    }

    @Test
    void whenTheFormIsWrongThenMessagesBesideTheFieldsAndNothingRegistered() {
        WebClient web = new WebClient(demo.server(), "localhost");
        web.login("user_name", "user_password");
        web.get("/app/register");
        int before = demo.server().node().services().apps().list(GuardCalls.demo(demo.server()).id()).size();
        Map<Map<String, String>, String> cases = Map.of(
                Map.of("name", "", "type", "trusted", "access", "call_api", "redirect_uris", ""), "Give the app a name.",
                Map.of("name", "x".repeat(201), "type", "trusted", "access", "call_api", "redirect_uris", ""), "at most 200",
                Map.of("name", "P", "type", "public", "access", "call_api", "redirect_uris", ""), "needs at least one redirect URL",
                Map.of("name", "P", "type", "public", "access", "call_api", "redirect_uris", "http://crm.example/cb"), "must use https",
                Map.of("name", "P", "type", "public", "access", "call_api", "redirect_uris", "https://crm.example/cb#x"), "#fragment",
                Map.of("name", "P", "type", "public", "access", "call_api", "redirect_uris", "/relative"), "absolute URL",
                Map.of("name", "P", "type", "nonsense", "access", "call_api", "redirect_uris", ""), "Choose an application type");
        cases.forEach((form, message) -> {
            HttpResponse<String> r = web.post("/app/register", form);
            assertThat(r.statusCode()).as("%s", form).isEqualTo(400);
            assertThat(r.body()).as("%s", form).contains(message).contains("class=\"field-error\"");
        });
        assertThat(demo.server().node().services().apps().list(GuardCalls.demo(demo.server()).id())).hasSize(before);
    }

    /** The vendor's flow: an administrator registers a password_credentials app and the seed's request works with it. */
    @Test
    void whenAnAdministratorRegistersAPasswordAppThenItsSecretIsShownOnceAndTheSeedRequestWorks() {
        WebClient web = new WebClient(demo.server(), "localhost");
        web.login("admin", "admin_password");
        HttpResponse<String> form = web.get("/app/register");
        assertThat(form.body()).contains("value=\"password_credentials\"").contains("value=\"all\"");
        HttpResponse<String> done = web.post("/app/register", Map.of("name", "CRM <sync> & co", "type",
                "password_credentials", "access", "all", "redirect_uris", "https://crm.example/cb http://localhost:9000/cb"));
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        assertThat(done.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(done.body()).contains("CRM &lt;sync&gt; &amp; co").doesNotContain("CRM <sync>")
                .contains("shown only this once");
        String clientId = group(CLIENT_ID, done.body());
        String secret = group(CLIENT_SECRET, done.body());
        assertThat(done.body()).contains("client_id=" + clientId).contains("client_secret=" + secret)
                .contains("username=admin").contains("/oauth/token");

        OAuthAssert.assertSeedTokens(demo.server().token("localhost", TestServer.encode(TestServer.form(
                "grant_type", "password", "client_id", clientId, "client_secret", secret,
                "username", "user_name", "password", "user_password")), null));

        HttpResponse<String> mine = web.get("/account/apps");
        assertThat(mine.body()).contains(clientId).contains("password_credentials").doesNotContain(secret);
        // another user of the customer does not see it among their apps
        WebClient user = new WebClient(demo.server(), "localhost");
        user.login("user_name", "user_password");
        assertThat(user.get("/account/apps").body()).doesNotContain(clientId);
    }

    /** web.session-idle and web.session-max, on an injected clock. */
    @Test
    void whenIdleTooLongOrPastTheAbsoluteLifetimeThenTheSessionIsOver(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        MutableClock clock = new MutableClock();
        try (TestServer server = TestServer.start(dir, clock, Map.of("web.session-idle", "30m", "web.session-max", "2h"))) {
            WebClient web = new WebClient(server, "localhost");
            web.login("user_name", "user_password");
            clock.advance(java.time.Duration.ofMinutes(29));
            assertThat(web.get("/account/apps").statusCode()).as("29 min idle").isEqualTo(200);
            clock.advance(java.time.Duration.ofMinutes(31));
            assertThat(web.get("/account/apps").statusCode()).as("31 min idle").isEqualTo(303);

            web.login("user_name", "user_password");
            for (int i = 0; i < 5; i++) { // busy: a page every 25 min, up to 2 h 05
                clock.advance(java.time.Duration.ofMinutes(25));
                assertThat(web.get("/account/apps").statusCode()).as("after %d min", 25 * (i + 1))
                        .isEqualTo(i < 4 ? 200 : 303);
            }
        }
    }

    @Test
    void whenTheUsersPasswordChangesOrTheUserIsBlockedThenTheSessionIsOver() {
        String login = "web-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        org.pbxauth.directory.PbxUser user = GuardCalls.newUser(demo.server(), login, "a long password 1");
        var lifecycle = demo.server().node().services().lifecycle();
        WebClient web = new WebClient(demo.server(), "localhost");
        assertThat(web.login(login, "a long password 1").statusCode()).isEqualTo(303);
        assertThat(web.get("/account/apps").statusCode()).isEqualTo(200);
        lifecycle.setPassword(user, org.pbxauth.secrets.Secret.of("a long password 2"), org.pbxauth.lifecycle.Actor.CLI);
        assertThat(web.get("/account/apps").statusCode()).as("after a new password").isEqualTo(303);
        assertThat(web.login(login, "a long password 2").statusCode()).isEqualTo(303);
        assertThat(web.get("/account/apps").statusCode()).isEqualTo(200);
        lifecycle.block(user, org.pbxauth.lifecycle.Actor.CLI);
        assertThat(web.get("/account/apps").statusCode()).as("after a block").isEqualTo(303);
    }

    /** The vendor's per-address limit (20 a second) guards /login as it guards /oauth/token. */
    @Test
    void whenOneAddressSendsTooManyLoginsThen429(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        try (TestServer server = TestServer.start(dir, java.time.Clock.systemUTC(), Map.of("rate-limits", "on"))) {
            WebClient web = new WebClient(server, "localhost");
            List<Integer> statuses = new java.util.ArrayList<>();
            for (int i = 0; i < 40; i++) {
                statuses.add(web.get("/login").statusCode());
            }
            assertThat(statuses).contains(200, 429);
            assertThat(web.get("/assets/pbx.css").statusCode()).as("the stylesheet is not a login").isEqualTo(200);
        }
    }

    /** Rotation with the overlap window: both secrets inside it, only the new one after it or after "end now". */
    @Test
    void whenASecretIsRotatedThenTheOldOneWorksUntilTheOverlapEnds(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        MutableClock clock = new MutableClock();
        try (TestServer server = TestServer.start(dir, clock, Map.of("app.secret-overlap", "24h"))) {
            WebClient web = new WebClient(server, "localhost");
            web.login("admin", "admin_password");
            web.get("/app/register");
            HttpResponse<String> done = web.post("/app/register", Map.of("name", "Recorder", "type", "password_credentials",
                    "access", "call_api", "redirect_uris", ""));
            String clientId = group(CLIENT_ID, done.body());
            String first = group(CLIENT_SECRET, done.body());

            web.get("/account/apps");
            HttpResponse<String> rotated = web.post("/account/apps/" + clientId + "/rotate", Map.of());
            assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
            assertThat(rotated.headers().firstValue("Cache-Control")).hasValue("no-store");
            String second = group(CLIENT_SECRET, rotated.body());
            assertThat(second).isNotEqualTo(first);
            assertThat(rotated.body()).contains("The old secret keeps working until");
            assertThat(grant(server, clientId, first)).as("old secret inside the overlap").isEqualTo(200);
            assertThat(grant(server, clientId, second)).as("new secret").isEqualTo(200);
            assertThat(web.get("/account/apps").body()).contains("The old secret works until").contains("End the old secret now");

            clock.advance(java.time.Duration.ofHours(24).plusSeconds(1));
            assertThat(grant(server, clientId, first)).as("old secret after the overlap").isEqualTo(401);
            assertThat(grant(server, clientId, second)).isEqualTo(200);

            // a day later the web session has passed its 12 h limit: the page asks for a login again
            assertThat(web.get("/account/apps").statusCode()).isEqualTo(303);
            web.login("admin", "admin_password");
            // again, and this time the old one is ended by hand
            web.get("/account/apps");
            String third = group(CLIENT_SECRET, web.post("/account/apps/" + clientId + "/rotate", Map.of()).body());
            assertThat(grant(server, clientId, second)).isEqualTo(200);
            web.get("/account/apps");
            HttpResponse<String> ended = web.post("/account/apps/" + clientId + "/end-old-secret", Map.of());
            assertThat(ended.statusCode()).isEqualTo(303);
            assertThat(grant(server, clientId, second)).as("old secret after 'end now'").isEqualTo(401);
            assertThat(grant(server, clientId, third)).isEqualTo(200);

            // not the owner: the same 404 as an unknown App ID, and nothing changes
            WebClient other = new WebClient(server, "localhost");
            other.login("user_name", "user_password");
            other.get("/account/apps");
            for (String id : List.of(clientId, "0".repeat(32), TestServer.OTHER_APP)) {
                assertThat(other.post("/account/apps/" + id + "/rotate", Map.of()).statusCode()).as(id).isEqualTo(404);
            }
            assertThat(grant(server, clientId, third)).isEqualTo(200);
            // no CSRF field: 403, nothing rotated
            assertThat(web.post("/account/apps/" + clientId + "/rotate", Map.of("csrf", "x")).statusCode()).isEqualTo(403);
            assertThat(grant(server, clientId, third)).isEqualTo(200);
        }
    }

    private static int grant(TestServer server, String clientId, String secret) {
        return server.token("localhost", TestServer.encode(TestServer.form("grant_type", "password", "client_id", clientId,
                "client_secret", secret, "username", "user_name", "password", "user_password")), null).statusCode();
    }

    /** A page's failures are pages in the same look (never JSON, never a trace); the API's stay JSON. */
    @Test
    void whenAPageAddressIsWrongThenAnErrorPageInTheSameLook() {
        WebClient web = new WebClient(demo.server(), "localhost");
        web.login("user_name", "user_password");
        for (String[] c : new String[][] {{"/account/nothing", "404", "Page not found"},
                {"/app/nothing/at/all", "404", "Page not found"}, {"/account/sessions/1/end", "405", "Not allowed here"}}) {
            HttpResponse<String> r = web.get(c[0]);
            assertThat(r.statusCode()).as(c[0]).isEqualTo(Integer.parseInt(c[1]));
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
            assertThat(r.headers().firstValue("Content-Security-Policy")).isPresent();
            assertThat(r.body()).contains(c[2]).contains("/assets/pbx.css").doesNotContain("Exception");
        }
        HttpResponse<String> api = web.get("/oauth/nothing");
        assertThat(api.statusCode()).isEqualTo(404);
        assertThat(api.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("json"));
    }

    @Test
    void whenTheStylesheetIsAskedForThenItIsServed() {
        WebClient web = new WebClient(demo.server(), "localhost");
        HttpResponse<String> css = web.get("/assets/pbx.css");
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/css"));
        assertThat(css.body()).contains("body{");
    }

    private static String group(Pattern p, String body) {
        Matcher m = p.matcher(body);
        assertThat(m.find()).as("%s in %s", p, body).isTrue();
        return m.group(1);
    }
}
