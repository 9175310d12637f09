package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18 in a real headless Chromium, driven by Selenium ({@link Browser}): an administrator
 * signs in, registers a password_credentials app, reads its App Secret off the page, and the
 * seed's curl as the page shows it — run by a shell with /usr/bin/curl, only the password
 * placeholder filled in — gets tokens with it; then rotates the secret, and both secrets work
 * inside the overlap, only the new one after it (an injected clock); signs in again and ends the
 * session of the curl's token on My sessions, and the API refuses that token. Every page is saved
 * as a PNG in {@code server/target/screenshots/} for a person to look at (WebFormsBrowserTest
 * adds the non-admin's form, the form's errors, a wrong password and the 404 page).
 *
 * <p>The overlap is 30 minutes here (WebDefaultsTest has the default 24 h): the curl's access
 * token (1 h) is still good when its session is ended after the overlap, so its refusal then is
 * the ending's doing, not its expiry's.
 */
class WebPagesBrowserTest {
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @TempDir Path data;
    @TempDir Path profile;

    @Test
    void whenAnAdminRegistersAnAppInTheBrowserThenTheSeedsCurlWorksWithItsSecret() throws Exception {
        Browser.assumeInstalled();
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")), "skipped: /usr/bin/curl is absent "
                + "(.ci/run installs it)");
        String db = TestDatabases.isPostgres() ? "postgres-" : "";
        MutableClock clock = new MutableClock();
        try (TestServer server = TestServer.start(data, clock, java.util.Map.of("app.secret-overlap", "30m"));
             Browser chrome = Browser.start(profile)) {
            String base = "http://localhost:" + server.port();
            chrome.navigate(base + "/app/register");
            assertThat(chrome.url()).startsWith(base + "/login?next=");
            chrome.screenshot(SCREENSHOTS.resolve(db + "web-1-login.png"));
            chrome.find("#login").sendKeys("admin");
            chrome.find("#password").sendKeys("admin_password");
            chrome.find("button[type=submit]").click();

            assertThat(chrome.waitForUrl(base + "/app/register", java.time.Duration.ofSeconds(20))).isEqualTo(base + "/app/register");
            chrome.find("#name").sendKeys("Call recorder");
            chrome.find("#redirect_uris").sendKeys("https://recorder.example/callback");
            chrome.find("input[name=type][value=password_credentials]").click();
            chrome.find("input[name=access][value=all]").click();
            chrome.screenshot(SCREENSHOTS.resolve(db + "web-2-register.png"));
            java.time.Instant registeredAt = clock.instant();
            chrome.find("form[action='/app/register'] button[type=submit]").click();

            String clientId = chrome.text("#client_id");
            String secret = chrome.text("#client_secret");
            assertThat(clientId).matches("[0-9a-f]{32}");
            assertThat(secret).matches("[0-9a-f]{32}");
            assertThat(chrome.text("#curl")).contains("client_id=" + clientId).contains("client_secret=" + secret);
            chrome.screenshot(SCREENSHOTS.resolve(db + "web-3-registered.png"));

            // The seed's curl as the result page shows it (the App ID, the secret and the login filled
            // in), pasted into a shell: only the password placeholder becomes the admin's password.
            String shown = chrome.text("#curl");
            assertThat(shown).startsWith("curl -L -X POST '" + base + "/oauth/token'").contains("username=admin")
                    .contains("password=<password>");
            Map<String, Object> seed = OAuthAssert.assertSeedShape(Json.object(shell(
                    shown.replace("<password>", "admin_password"))));
            String seedAccess = (String) seed.get("access_token");
            String seedRefresh = (String) seed.get("refresh_token");
            assertThat(server.user("localhost", "Bearer " + seedAccess).statusCode()).isEqualTo(200);

            chrome.navigate(base + "/account/apps");
            assertThat(chrome.text("main")).contains("Call recorder").contains(clientId);
            chrome.screenshot(SCREENSHOTS.resolve(db + "web-4-my-apps.png"));

            // Rotate: a new secret, shown once; the old one still works inside the overlap.
            chrome.find("form[action='/account/apps/" + clientId + "/rotate'] button").click();
            String rotated = chrome.text("#client_secret");
            assertThat(rotated).matches("[0-9a-f]{32}").isNotEqualTo(secret);
            chrome.screenshot(SCREENSHOTS.resolve(db + "web-5-rotated.png"));
            for (String s : List.of(secret, rotated)) {
                OAuthAssert.assertSeedTokens(grant(server, clientId, s));
            }
            chrome.navigate(base + "/account/apps");
            assertThat(chrome.text("main")).contains("The old secret works until");
            chrome.screenshot(SCREENSHOTS.resolve(db + "web-6-my-apps-overlap.png"));
            chrome.navigate(base + "/account/apps/" + clientId + "/edit");
            assertThat(chrome.find("#name").getAttribute("value")).isEqualTo("Call recorder");
            chrome.screenshot(SCREENSHOTS.resolve(db + "web-7-edit.png"));

            // Half an hour later the overlap is over: only the new secret works.
            clock.advance(java.time.Duration.ofMinutes(30).plusSeconds(1));
            assertThat(grant(server, clientId, secret).statusCode()).as("old secret after the overlap").isEqualTo(401);
            String other = Json.object(grant(server, clientId, rotated).body()).get("access_token").toString();
            assertThat(server.user("localhost", "Bearer " + other).statusCode()).isEqualTo(200);
            assertThat(server.user("localhost", "Bearer " + seedAccess).statusCode()).as("the curl's token, still good")
                    .isEqualTo(200);

            // The web session has been idle past its 30 minutes: sign in again, then end the curl's token's session.
            chrome.navigate(base + "/account/sessions");
            assertThat(chrome.url()).startsWith(base + "/login?next=");
            chrome.find("#login").sendKeys("admin");
            chrome.find("#password").sendKeys("admin_password");
            chrome.find("button[type=submit]").click();
            chrome.waitForUrl(base + "/account/sessions", java.time.Duration.ofSeconds(20));
            // the admin's one session of the app is the curl's (the other grants were user_name's)
            chrome.find("tbody tr");
            List<org.openqa.selenium.WebElement> rows = chrome.findNow("tbody tr").stream()
                    .filter(r -> r.getText().contains(clientId)).toList();
            assertThat(rows).as("the admin's sessions of the app").hasSize(1);
            assertThat(rows.get(0).getText()).contains("Call recorder").contains(minute(registeredAt));
            chrome.screenshot(SCREENSHOTS.resolve(db + "web-8-sessions.png"));
            String action = rows.get(0).findElement(org.openqa.selenium.By.cssSelector("form[action$='/end']"))
                    .getAttribute("action");
            String ended = "form[action='" + java.net.URI.create(action).getPath() + "']";
            chrome.find(ended + " button").click();
            // the page comes back to the same address: wait for it to have loaded without that session
            chrome.waitForGone(ended, java.time.Duration.ofSeconds(20));
            assertThat(server.user("localhost", "Bearer " + seedAccess).statusCode()).as("the curl's token, its session ended")
                    .isEqualTo(401);
            OAuthAssert.assertError(server.token("localhost", TestServer.encode(TestServer.form("grant_type",
                    "refresh_token", "client_id", clientId, "client_secret", rotated, "refresh_token", seedRefresh)), null),
                    400, "invalid_grant");
            assertThat(server.user("localhost", "Bearer " + other).statusCode()).as("user_name's session of the app")
                    .isEqualTo(200);
            chrome.screenshot(SCREENSHOTS.resolve(db + "web-9-session-ended.png"));

            chrome.navigate(base + "/account/activity");
            assertThat(chrome.text("main")).contains("Session ended").contains("App Secret rotated")
                    .contains("App registered").contains("Signed in");
            chrome.screenshot(SCREENSHOTS.resolve(db + "web-10-activity.png"));
        }
    }

    /** The seed's password grant as user_name: the admin's own session of the app stays the curl's alone. */
    private static java.net.http.HttpResponse<String> grant(TestServer server, String clientId, String secret) {
        return server.token("localhost", TestServer.encode(TestServer.form("grant_type", "password", "client_id",
                clientId, "client_secret", secret, "username", "user_name", "password", "user_password")), null);
    }

    /** {@code command} run by /bin/sh as a person pastes it into a terminal, with /usr/bin/curl; its output. */
    static String shell(String command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", command).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("PATH", "/usr/bin:/bin");
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the command finished").isTrue();
        assertThat(p.exitValue()).as("the exit code of %s (output %s)", command, out).isZero();
        return out;
    }

    private static String minute(java.time.Instant at) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
                .withZone(java.time.ZoneOffset.UTC).format(at);
    }
}
