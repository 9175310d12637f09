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
 * both secrets work inside the overlap. Every page is saved as a PNG in
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
        try (TestServer server = TestServer.start(data);
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
                OAuthAssert.assertSeedTokens(server.token("localhost", TestServer.encode(TestServer.form("grant_type",
                        "password", "client_id", clientId, "client_secret", s, "username", "user_name",
                        "password", "user_password")), null));
            }
            chrome.navigate(base + "/account/apps");
            assertThat(chrome.text("main")).contains("The old secret works until");
            chrome.screenshot(SCREENSHOTS.resolve(db + "web-6-my-apps-overlap.png"));
        }
    }
}
