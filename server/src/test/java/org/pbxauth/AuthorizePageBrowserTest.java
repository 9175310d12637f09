package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pbxauth.AuthorizeClient.CALLBACK;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The login and consent pages in a real browser: Debian's headless Chromium driven by Selenium
 * through Debian's chromedriver (see {@link Browser}). It proves what an HTTP client
 * cannot: the forms work as rendered, and the pages' Content-Security-Policy lets the browser
 * follow the final redirect to the app.
 */
class AuthorizePageBrowserTest {
    @TempDir Path data;
    @TempDir Path profile;

    @Test
    void whenAUserSignsInAndAllowsInChromiumThenTheBrowserLandsOnTheRedirectUrlWithCodeAndState() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Browser.CHROMEDRIVER), "skipped: " + Browser.CHROMEDRIVER
                + " is absent; install it with `apt-get install -y chromium chromium-driver` (CI does) to run this "
                + "browser test");
        String verifier = AuthorizationCodeFlowTest.VERIFIER;
        try (TestServer server = TestServer.start(data); Browser chrome = Browser.start(profile)) {
            String state = "browser-state 42";
            chrome.navigate("http://localhost:" + server.port() + "/oauth/authorize?" + TestServer.encode(
                    AuthorizationCodeFlowTest.request(Map.of("state", state,
                            "code_challenge", AuthorizeClient.s256(verifier), "code_challenge_method", "S256"))));
            chrome.find("#login").sendKeys("user_name");
            chrome.find("#password").sendKeys("user_password");
            chrome.find("button[type=submit]").click();
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
