package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pbxauth.AuthorizeClient.CALLBACK;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The login and consent pages in a real browser: Debian's headless Chromium driven by Selenium
 * through Debian's chromedriver (see {@link Browser}). It proves what an HTTP client
 * cannot: the forms work as rendered, and the pages' Content-Security-Policy lets the browser
 * follow the final redirect to the app. The login, consent and error pages are saved as PNGs in
 * {@code server/target/screenshots/} (authorize-1 to -3) for a person to look at.
 */
class AuthorizePageBrowserTest {
    @TempDir Path data;
    @TempDir Path profile;

    @Test
    void whenAUserSignsInAndAllowsInChromiumThenTheBrowserLandsOnTheRedirectUrlWithCodeAndState() throws Exception {
        Browser.assumeInstalled();
        String verifier = AuthorizationCodeFlowTest.VERIFIER;
        String db = TestDatabases.isPostgres() ? "postgres-" : "";
        Path shots = WebPagesBrowserTest.SCREENSHOTS;
        try (TestServer server = TestServer.start(data); Browser chrome = Browser.start(profile)) {
            String base = "http://localhost:" + server.port();
            // an App ID that names no app: the error page, in the pages' look, and no redirect to anywhere
            chrome.navigate(base + "/oauth/authorize?" + TestServer.encode(TestServer.form("response_type", "code",
                    "client_id", "0".repeat(32), "redirect_uri", CALLBACK, "state", "s")));
            assertThat(chrome.text("h1")).isEqualTo("This sign-in cannot continue");
            assertThat(chrome.url()).startsWith(base + "/oauth/authorize");
            chrome.screenshot(shots.resolve(db + "authorize-1-error.png"));

            String state = "browser-state 42";
            chrome.navigate(base + "/oauth/authorize?" + TestServer.encode(
                    AuthorizationCodeFlowTest.request(Map.of("state", state,
                            "code_challenge", AuthorizeClient.s256(verifier), "code_challenge_method", "S256"))));
            chrome.find("#login").sendKeys("user_name");
            chrome.screenshot(shots.resolve(db + "authorize-2-login.png"));
            chrome.find("#password").sendKeys("user_password");
            chrome.find("button[type=submit]").click();
            chrome.find("#allow");
            assertThat(chrome.text("main")).contains("Demo public app");
            chrome.screenshot(shots.resolve(db + "authorize-3-consent.png"));
            chrome.find("#allow").click();

            // Nothing listens on 8099: the page fails to load, but the URL is the one we redirected to.
            URI landed = URI.create(chrome.waitForUrl(CALLBACK, Duration.ofSeconds(20)));
            Map<String, String> params = AuthorizeClient.query(landed);
            assertThat(AuthorizeClient.base(landed)).isEqualTo(CALLBACK);
            assertThat(params.get("code")).matches("[A-Za-z0-9]{30}");
            assertThat(params.get("state")).isEqualTo(state);

            AuthorizeClient app = new AuthorizeClient(server, "localhost");
            OAuthAssert.assertSeedTokens(app.exchange(Map.of("code", params.get("code"), "redirect_uri", CALLBACK,
                    "code_verifier", verifier)));
        }
    }
}
