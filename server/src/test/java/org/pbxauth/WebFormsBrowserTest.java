package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18 in a real headless Chromium ({@link Browser}), the pages WebPagesBrowserTest's walk does
 * not show: a wrong password on {@code /login}; a non-admin's {@code /app/register}, which offers
 * neither password_credentials nor All; its validation messages beside the fields; a form forged
 * in the browser to send those choices anyway, refused by the server; and the 404 page. Each is
 * saved as a PNG in {@code server/target/screenshots/} (web-11 on).
 *
 * <p>The forgery changes the rendered form with WebDriver's executeScript, which Chromium runs
 * through the DevTools protocol: the pages' CSP (no script at all) stops the page's own scripts,
 * not the browser's owner, which is who a forged form comes from.
 */
class WebFormsBrowserTest {
    @TempDir Path data;
    @TempDir Path profile;

    @Test
    void whenANonAdminUsesTheFormsInTheBrowserThenTheAdminChoicesAreAbsentAndAForgedOneIsRefused() throws Exception {
        Browser.assumeInstalled();
        String db = TestDatabases.isPostgres() ? "postgres-" : "";
        Path shots = WebPagesBrowserTest.SCREENSHOTS;
        try (TestServer server = TestServer.start(data); Browser chrome = Browser.start(profile)) {
            String base = "http://localhost:" + server.port();
            int apps = server.node().services().apps().list(GuardCalls.demo(server).id()).size();

            chrome.navigate(base + "/app/register");
            chrome.find("#login").sendKeys("user_name");
            chrome.find("#password").sendKeys("not the password");
            chrome.find("button[type=submit]").click();
            assertThat(chrome.waitForText("[role=alert]", "The login or password is wrong", Duration.ofSeconds(20)))
                    .isNotEmpty();
            assertThat(chrome.find("#login").getAttribute("value")).isEqualTo("user_name");
            chrome.screenshot(shots.resolve(db + "web-11-login-wrong-password.png"));
            chrome.find("#password").sendKeys("user_password");
            chrome.find("button[type=submit]").click();
            chrome.waitForUrl(base + "/app/register", Duration.ofSeconds(20));

            // a user, not an administrator: public and trusted, Call API; nothing else on the form
            chrome.find("#name");
            assertThat(chrome.findNow("input[name=type]")).extracting(e -> e.getAttribute("value"))
                    .containsExactly("public", "trusted");
            assertThat(chrome.findNow("input[name=access]")).extracting(e -> e.getAttribute("value"))
                    .containsExactly("call_api");
            assertThat(chrome.findNow("[value=password_credentials], [value=all], option")).isEmpty();
            assertThat(chrome.text("main")).doesNotContain("password_credentials").doesNotContain("administrators only");
            chrome.screenshot(shots.resolve(db + "web-12-register-non-admin.png"));

            // validation: the messages beside the fields, what was typed kept
            chrome.find("input[name=type][value=public]").click();
            chrome.find("#redirect_uris").sendKeys("http://crm.example/cb");
            chrome.find("form[action='/app/register'] button[type=submit]").click();
            chrome.waitForText("#redirect_uris-error", "must use https", Duration.ofSeconds(20));
            assertThat(chrome.text("#name-error")).contains("Give the app a name.");
            assertThat(chrome.find("#name").getAttribute("aria-invalid")).isEqualTo("true");
            assertThat(chrome.find("#redirect_uris").getAttribute("value")).isEqualTo("http://crm.example/cb");
            chrome.screenshot(shots.resolve(db + "web-13-register-errors.png"));

            // forged in the browser: the trusted radio sent as password_credentials, then Call API as All
            for (String[] forged : new String[][] {
                    {"input[name=type][value=trusted]", "password_credentials",
                            "Only an administrator may register a password_credentials app."},
                    {"input[name=access][value=call_api]", "all", "Only an administrator may give an app access All."}}) {
                chrome.navigate(base + "/app/register");
                chrome.find("#name").sendKeys("Forged");
                chrome.find("input[name=type][value=trusted]").click();
                chrome.find("input[name=access][value=call_api]").click();
                chrome.script("const r = document.querySelector(arguments[0]); r.value = arguments[1]; r.checked = true;",
                        forged[0], forged[1]);
                assertThat(chrome.find("input[value='" + forged[1] + "']").isSelected()).as("the forged choice").isTrue();
                chrome.find("form[action='/app/register'] button[type=submit]").click();
                chrome.waitForText("main", forged[2], Duration.ofSeconds(20));
                assertThat(chrome.text("h1")).as("the form again, not the result page").isEqualTo("Register an app");
                assertThat(chrome.findNow("#client_secret")).as("no App Secret shown").isEmpty();
                assertThat(chrome.findNow("[value=password_credentials], [value=all]")).as("still not offered").isEmpty();
                chrome.screenshot(shots.resolve(db + "web-14-register-forged-" + forged[1] + ".png"));
            }
            assertThat(server.node().services().apps().list(GuardCalls.demo(server).id()))
                    .as("nothing registered by the forged forms").hasSize(apps);

            chrome.navigate(base + "/account/nothing-here");
            assertThat(chrome.text("h1")).isEqualTo("Page not found");
            assertThat(chrome.text("main")).doesNotContain("Exception");
            chrome.screenshot(shots.resolve(db + "web-15-not-found.png"));
        }
    }
}
