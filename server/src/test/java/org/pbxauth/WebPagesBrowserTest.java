package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18 in a real headless Chromium, driven by Selenium ({@link Browser}): an administrator
 * signs in, registers a password_credentials app, reads its App Secret off the page, and the
 * seed's curl — run as a real curl process — gets tokens with it; then rotates the secret, and
 * both secrets work inside the overlap, only the new one after it (an injected clock); signs in
 * again a day later and ends that token's session on My sessions, and the API refuses the token.
 * Every page is saved as a PNG in
 * {@code server/target/screenshots/} for a person to look at.
 */
class WebPagesBrowserTest {
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @TempDir Path data;
    @TempDir Path profile;

    @Test
    void whenAnAdminRegistersAnAppInTheBrowserThenTheSeedsCurlWorksWithItsSecret() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Browser.CHROMEDRIVER), "skipped: chromedriver is "
                + "absent; `apt-get install -y chromium chromium-driver` (CI does) runs this browser test");
        String db = TestDatabases.isPostgres() ? "postgres-" : "";
        MutableClock clock = new MutableClock();
        try (TestServer server = TestServer.start(data, clock, java.util.Map.of("app.secret-overlap", "24h"));
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
            chrome.find("form[action='/app/register'] button[type=submit]").click();

            String clientId = chrome.text("#client_id");
            String secret = chrome.text("#client_secret");
            assertThat(clientId).matches("[0-9a-f]{32}");
            assertThat(secret).matches("[0-9a-f]{32}");
            assertThat(chrome.text("#curl")).contains("client_id=" + clientId).contains("client_secret=" + secret);
            chrome.screenshot(SCREENSHOTS.resolve(db + "web-3-registered.png"));

            // The seed page's curl, as the result page prints it, with a real password.
            List<String> curl = new ArrayList<>(List.of("curl", "-s", "-L", "-X", "POST", base + "/oauth/token",
                    "-H", "Content-Type: application/x-www-form-urlencoded",
                    "--data-urlencode", "grant_type=password",
                    "--data-urlencode", "client_id=" + clientId,
                    "--data-urlencode", "client_secret=" + secret,
                    "--data-urlencode", "username=user_name",
                    "--data-urlencode", "password=user_password"));
            Process p = new ProcessBuilder(curl).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            OAuthAssert.assertSeedShape(Json.object(out));

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

            // A day later the overlap is over: only the new secret works.
            clock.advance(java.time.Duration.ofHours(24).plusSeconds(1));
            assertThat(grant(server, clientId, secret).statusCode()).as("old secret after the overlap").isEqualTo(401);
            String access = Json.object(grant(server, clientId, rotated).body()).get("access_token").toString();
            assertThat(server.user("localhost", "Bearer " + access).statusCode()).isEqualTo(200);

            // The web session has passed its 12 h: sign in again, then end that token's session.
            chrome.navigate(base + "/account/sessions");
            assertThat(chrome.url()).startsWith(base + "/login?next=");
            chrome.find("#login").sendKeys("admin");
            chrome.find("#password").sendKeys("admin_password");
            chrome.find("button[type=submit]").click();
            chrome.waitForUrl(base + "/account/sessions", java.time.Duration.ofSeconds(20));
            // newest first: the login just made with the new secret
            String newest = chrome.text("tbody tr");
            assertThat(newest).contains("Call recorder").contains(minute(clock.instant()));
            chrome.screenshot(SCREENSHOTS.resolve(db + "web-8-sessions.png"));
            String action = chrome.find("tbody tr form[action$='/end']").getAttribute("action");
            String ended = "form[action='" + java.net.URI.create(action).getPath() + "']";
            chrome.find(ended + " button").click();
            // the page comes back to the same address: wait for it to have loaded without that session
            chrome.waitForGone(ended, java.time.Duration.ofSeconds(20));
            assertThat(server.user("localhost", "Bearer " + access).statusCode()).as("the ended session's token")
                    .isEqualTo(401);
            chrome.screenshot(SCREENSHOTS.resolve(db + "web-9-session-ended.png"));

            chrome.navigate(base + "/account/activity");
            assertThat(chrome.text("main")).contains("Session ended").contains("App Secret rotated")
                    .contains("App registered").contains("Signed in");
            chrome.screenshot(SCREENSHOTS.resolve(db + "web-10-activity.png"));
        }
    }

    /** The seed's password grant as the admin, who then ends that login on My sessions. */
    private static java.net.http.HttpResponse<String> grant(TestServer server, String clientId, String secret) {
        return server.token("localhost", TestServer.encode(TestServer.form("grant_type", "password", "client_id",
                clientId, "client_secret", secret, "username", "admin", "password", "admin_password")), null);
    }

    private static String minute(java.time.Instant at) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
                .withZone(java.time.ZoneOffset.UTC).format(at);
    }
}
