package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * Issue 19's console in a real headless Chromium (Selenium): the admin creates a user, the user
 * signs in on the web and gets a token, the admin blocks the user (the API refuses the token and
 * /login refuses the user), unblocks; disables the trusted app (its client_credentials grant is
 * invalid_client); filters the activity by each kind of those changes down to exactly that event. Screenshots of each page
 * go to {@code server/target/screenshots/}.
 */
class AdminConsoleBrowserTest {
    @TempDir Path data;
    @TempDir Path profile;
    @TempDir Path userProfile;

    @Test
    void whenAnAdminBlocksAUserAndDisablesAnAppInTheConsoleThenTheirTokensStop() throws Exception {
        Browser.assumeInstalled();
        String db = TestDatabases.isPostgres() ? "postgres-" : "";
        Path shots = WebPagesBrowserTest.SCREENSHOTS;
        try (TestServer server = TestServer.start(data);
             Browser admin = Browser.start(profile);
             Browser user = Browser.start(userProfile)) {
            String base = "http://localhost:" + server.port();
            admin.navigate(base + "/admin/users");
            admin.find("#login").sendKeys("admin");
            admin.find("#password").sendKeys("admin_password");
            admin.find("button[type=submit]").click();
            admin.waitForUrl(base + "/admin/users", Duration.ofSeconds(20));
            admin.screenshot(shots.resolve(db + "admin-1-users.png"));

            admin.navigate(base + "/admin/users/new");
            admin.find("#login").sendKeys("agent9");
            admin.find("#password").sendKeys("agent9-password");
            admin.find("#extension_id").sendKeys("109");
            admin.screenshot(shots.resolve(db + "admin-2-new-user.png"));
            admin.find("form[action='/admin/users'] button[type=submit]").click();
            admin.waitForText("h1", "agent9", Duration.ofSeconds(20));
            String userPage = admin.url();

            user.navigate(base + "/login");
            user.find("#login").sendKeys("agent9");
            user.find("#password").sendKeys("agent9-password");
            user.find("button[type=submit]").click();
            user.waitForUrl(base + "/account/apps", Duration.ofSeconds(20));
            String token = server.accessToken("localhost", TestServer.PASSWORD_APP, TestServer.PASSWORD_APP_SECRET,
                    "agent9", "agent9-password");
            assertThat(server.user("localhost", "Bearer " + token).statusCode()).isEqualTo(200);

            admin.find("#block").click();
            admin.waitForText("#state", "blocked", Duration.ofSeconds(20));
            admin.screenshot(shots.resolve(db + "admin-3-blocked.png"));
            assertThat(server.user("localhost", "Bearer " + token).statusCode()).as("the blocked user's token").isEqualTo(401);
            user.navigate(base + "/account/apps");
            assertThat(user.url()).startsWith(base + "/login");
            user.find("#login").sendKeys("agent9");
            user.find("#password").sendKeys("agent9-password");
            user.find("button[type=submit]").click();
            user.waitForText("main", "The login or password is wrong", Duration.ofSeconds(20));
            admin.navigate(userPage);
            admin.find("#unblock").click();
            admin.waitForText("#state", "active", Duration.ofSeconds(20));

            admin.navigate(base + "/admin/apps");
            admin.find("form[action='/admin/apps/" + TestServer.TRUSTED_APP + "/disable'] button").click();
            // the answer comes back to the same address: wait for the page that says so
            admin.waitForText("#app-" + TestServer.TRUSTED_APP, "disabled", Duration.ofSeconds(20));
            admin.screenshot(shots.resolve(db + "admin-4-apps.png"));
            var refused = server.token("localhost", TestServer.encode(TestServer.form("grant_type", "client_credentials",
                    "client_id", TestServer.TRUSTED_APP, "client_secret", TestServer.TRUSTED_APP_SECRET)), null);
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.body()).contains("invalid_client");

            // the activity of agent9: the sign-ins, the refused one and what the admin did to agent9
            admin.navigate(base + "/admin/activity");
            admin.find("#user").sendKeys("agent9");
            admin.find("form.filters button[type=submit]").click();
            admin.waitForUrl(base + "/admin/activity?user=agent9", Duration.ofSeconds(20));
            String rows = admin.text("main .card:last-child tbody");
            assertThat(rows).contains("Signed in", "Sign-in refused", "User created", "User blocked", "User unblocked")
                    .contains("agent9").doesNotContain("App disabled");
            // each change the admin made, filtered by its kind: exactly that event, by the admin
            for (String[] kind : new String[][] {{"user_created", "User created", "agent9"},
                    {"user_blocked", "User blocked", "agent9"}, {"user_unblocked", "User unblocked", "agent9"},
                    {"app_disabled", "App disabled", "Demo trusted app"}}) {
                admin.navigate(base + "/admin/activity");
                new Select(admin.find("#kind")).selectByValue(kind[0]);
                admin.find("form.filters button[type=submit]").click();
                admin.waitForUrl(base + "/admin/activity?user=&app=&kind=" + kind[0], Duration.ofSeconds(20));
                List<WebElement> found = admin.find("main .card:last-child tbody").findElements(By.tagName("tr"));
                assertThat(found).as(kind[0]).hasSize(1);
                assertThat(found.get(0).getText()).as(kind[0]).contains(kind[1], kind[2], "admin");
                if (kind[0].equals("user_blocked")) {
                    admin.screenshot(shots.resolve(db + "admin-5-activity.png"));
                }
            }
            admin.navigate(base + "/admin/limits");
            assertThat(admin.text("#off")).as("the demo runs with rate-limits off").contains("rate-limits");
            admin.screenshot(shots.resolve(db + "admin-6-limits.png"));
            String again = server.accessToken("localhost", TestServer.PASSWORD_APP, TestServer.PASSWORD_APP_SECRET,
                    "agent9", "agent9-password");
            assertThat(server.user("localhost", "Bearer " + again).statusCode()).as("unblocked").isEqualTo(200);
            admin.navigate(base + "/admin/sessions");
            assertThat(admin.text("main")).contains("agent9");
            admin.screenshot(shots.resolve(db + "admin-7-sessions.png"));
        }
    }
}
