package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pbxauth.TestServer.PASSWORD_APP;
import static org.pbxauth.TestServer.PASSWORD_APP_SECRET;
import static org.pbxauth.TokenCalls.DEMO;
import static org.pbxauth.TokenCalls.assertError;
import static org.pbxauth.TokenCalls.ok;
import static org.pbxauth.TokenCalls.s;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Lifecycle events end tokens at the very next request (issue 3, item 7), driven through the
 * admin CLI in-process while the server runs on the same store. Each test works on users and
 * apps of its own, made with the CLI, so the tests share one server.
 */
class LifecycleTest {
    private static final String CUSTOMER = "Demo PBX";
    private static final Pattern APP_ID = Pattern.compile("App ID: +([0-9a-f]{32})");
    private static final Pattern APP_SECRET = Pattern.compile("App Secret: +([0-9a-f]{32})");

    @RegisterExtension static final DemoServer demo = new DemoServer();

    private static InProcessCli.Result cli(String... args) {
        return InProcessCli.run(demo.data(), args);
    }

    private static InProcessCli.Result succeeded(InProcessCli.Result r) {
        assertThat(r.exit()).as("CLI: %s", r).isZero();
        return r;
    }

    private static void addUser(String customer, String login, String password, String... options) {
        String[] args = new String[5 + options.length];
        System.arraycopy(new String[] {"user", "add", login, "--customer", customer}, 0, args, 0, 5);
        System.arraycopy(options, 0, args, 5, options.length);
        String[] withStdin = java.util.Arrays.copyOf(args, args.length + 1);
        withStdin[args.length] = "--password-stdin";
        succeeded(InProcessCli.withStdin(demo.data(), password + "\n", withStdin));
    }

    /** An app registered with the CLI: its App ID and App Secret as printed (once). */
    private record App(String id, String secret) {}

    private static App createApp(String customer, String name, String type, String access, String owner) {
        InProcessCli.Result r = succeeded(cli("app", "create", "--customer", customer, "--name", name, "--type", type,
                "--access", access, "--owner", owner));
        Matcher id = APP_ID.matcher(r.out());
        Matcher secret = APP_SECRET.matcher(r.out());
        assertThat(id.find()).as("App ID in %s", r.out()).isTrue();
        assertThat(secret.find()).as("App Secret in %s", r.out()).isTrue();
        // printed once, and only here
        assertThat(r.out().split("App Secret:", -1)).as("App Secret lines in %s", r.out()).hasSize(2);
        assertThat(r.out().indexOf(secret.group(1))).isEqualTo(r.out().lastIndexOf(secret.group(1)));
        return new App(id.group(1), secret.group(1));
    }

    private static HttpResponse<String> password(String user, String pw) {
        return demo.api().password(DEMO, PASSWORD_APP, PASSWORD_APP_SECRET, user, pw);
    }

    @Test
    void whenUserBlockedThenTokensDieAndLoginRefusedUntilUnblocked() {
        addUser(CUSTOMER, "lc-block", "blockpass1");
        Map<String, Object> one = demo.api().login("lc-block", "blockpass1");
        Map<String, Object> two = demo.api().login("lc-block", "blockpass1");
        // a trusted app the user owns: its tokens act as the user
        App trusted = createApp(CUSTOMER, "LC blocked owner's app", "trusted", "call_api", "lc-block");
        String owned = s(TokenCalls.ok(demo.api().clientCredentials(DEMO, trusted.id(), trusted.secret())), "access_token");
        demo.api().assertLive(s(one, "access_token"));
        demo.api().assertLive(s(two, "access_token"));
        demo.api().assertLive(owned);

        InProcessCli.Result blocked = succeeded(cli("user", "block", "lc-block", "--customer", CUSTOMER));
        assertThat(blocked.out()).contains("revoked 3 logins");
        demo.api().assertDead(s(one, "access_token"));
        demo.api().assertDead(s(two, "access_token"));
        demo.api().assertDead(owned);
        assertError(demo.api().refresh(s(two, "refresh_token")), 400, "invalid_grant");
        assertError(password("lc-block", "blockpass1"), 400, "invalid_grant");
        // the app may not act as a blocked owner either
        assertError(demo.api().clientCredentials(DEMO, trusted.id(), trusted.secret()), 400, "invalid_grant");
        assertThat(succeeded(cli("user", "list", "--customer", CUSTOMER)).out())
                .containsPattern("(?m)^\\d+\\tlc-block\\t.*\\tblocked$");

        succeeded(cli("user", "unblock", "lc-block", "--customer", CUSTOMER));
        String fresh = s(demo.api().login("lc-block", "blockpass1"), "access_token");
        demo.api().assertLive(fresh);
        demo.api().assertLive(s(TokenCalls.ok(demo.api().clientCredentials(DEMO, trusted.id(), trusted.secret())), "access_token"));
        demo.api().assertDead(owned);
        // unblocking revives no old token
        demo.api().assertDead(s(one, "access_token"));
        assertError(demo.api().refresh(s(two, "refresh_token")), 400, "invalid_grant");
        assertThat(succeeded(cli("user", "list", "--customer", CUSTOMER)).out())
                .containsPattern("(?m)^\\d+\\tlc-block\\t.*\\tactive$");
    }

    @Test
    void whenPasswordSetThenOldTokensDieAndOnlyTheNewPasswordLogsIn() {
        addUser(CUSTOMER, "lc-password", "oldpassword1");
        Map<String, Object> before = demo.api().login("lc-password", "oldpassword1");
        demo.api().assertLive(s(before, "access_token"));

        succeeded(InProcessCli.withStdin(demo.data(), "newpassword1\n", "user", "set-password", "lc-password", "--customer", CUSTOMER,
                "--password-stdin"));
        demo.api().assertDead(s(before, "access_token"));
        assertError(demo.api().refresh(s(before, "refresh_token")), 400, "invalid_grant");
        assertError(password("lc-password", "oldpassword1"), 400, "invalid_grant");
        demo.api().assertLive(s(demo.api().login("lc-password", "newpassword1"), "access_token"));
    }

    @Test
    void whenSessionsRevokedThenEveryTokenDiesButTheUserLogsInAgain() {
        addUser(CUSTOMER, "lc-sessions", "sessionpass1");
        Map<String, Object> one = demo.api().login("lc-sessions", "sessionpass1");
        Map<String, Object> two = demo.api().login("lc-sessions", "sessionpass1");
        Map<String, Object> rotated = TokenCalls.ok(demo.api().refresh(s(two, "refresh_token")));
        // someone else's login is not touched
        String bystander = s(demo.api().login("user_name", "user_password"), "access_token");

        InProcessCli.Result r = succeeded(cli("user", "revoke-sessions", "lc-sessions", "--customer", CUSTOMER));
        assertThat(r.out()).contains("revoked 2 logins");
        demo.api().assertDead(s(one, "access_token"));
        demo.api().assertDead(s(two, "access_token"));
        demo.api().assertDead(s(rotated, "access_token"));
        assertError(demo.api().refresh(s(rotated, "refresh_token")), 400, "invalid_grant");
        demo.api().assertLive(bystander);
        demo.api().assertLive(s(demo.api().login("lc-sessions", "sessionpass1"), "access_token"));
    }

    @Test
    void whenUserDeletedThenTheirTokensAndAppsDie() {
        addUser(CUSTOMER, "lc-delete", "deletepass1");
        String access = s(demo.api().login("lc-delete", "deletepass1"), "access_token");
        // an app the user owns, and the token it holds as that user
        App trusted = createApp(CUSTOMER, "LC owned app", "trusted", "call_api", "lc-delete");
        String owned = s(TokenCalls.ok(demo.api().clientCredentials(DEMO, trusted.id(), trusted.secret())), "access_token");
        assertThat(demo.api().me(owned).get("login")).isEqualTo("lc-delete");

        succeeded(cli("user", "delete", "lc-delete", "--customer", CUSTOMER));
        demo.api().assertDead(access);
        demo.api().assertDead(owned);
        assertError(password("lc-delete", "deletepass1"), 400, "invalid_grant");
        assertError(demo.api().clientCredentials(DEMO, trusted.id(), trusted.secret()), 401, "invalid_client");
        assertThat(succeeded(cli("user", "list", "--customer", CUSTOMER)).out()).doesNotContain("lc-delete");
        assertThat(succeeded(cli("app", "list", "--customer", CUSTOMER)).out()).doesNotContain(trusted.id());
    }

    @Test
    void whenAppSecretRotatedThenOldSecretRefusedNewOneWorksAndOldTokensDead() {
        App app = createApp(CUSTOMER, "LC rotated app", "password_credentials", "all", "admin");
        Map<String, Object> before = ok(demo.api().password(DEMO, app.id(), app.secret(), "user_name", "user_password"));
        String otherAppsToken = s(demo.api().login("user_name", "user_password"), "access_token");
        demo.api().assertLive(s(before, "access_token"));

        InProcessCli.Result r = succeeded(cli("app", "rotate-secret", app.id(), "--customer", CUSTOMER));
        Matcher m = APP_SECRET.matcher(r.out());
        assertThat(m.find()).as("new App Secret in %s", r.out()).isTrue();
        String newSecret = m.group(1);
        assertThat(newSecret).isNotEqualTo(app.secret());

        assertError(demo.api().password(DEMO, app.id(), app.secret(), "user_name", "user_password"), 401, "invalid_client");
        demo.api().assertDead(s(before, "access_token"));
        assertError(demo.api().refresh(DEMO, app.id(), newSecret, s(before, "refresh_token")), 400, "invalid_grant");
        demo.api().assertLive(s(ok(demo.api().password(DEMO, app.id(), newSecret, "user_name", "user_password")), "access_token"));
        // the same user's tokens of another app are not the rotated app's
        demo.api().assertLive(otherAppsToken);
    }

    @Test
    void whenAppDeletedThenItsTokensDieAndItsCredentialsAreRefused() {
        App app = createApp(CUSTOMER, "LC deleted app", "trusted", "call_api", "user_name");
        String token = s(ok(demo.api().clientCredentials(DEMO, app.id(), app.secret())), "access_token");
        demo.api().assertLive(token);
        assertThat(succeeded(cli("app", "list", "--customer", CUSTOMER)).out()).contains(app.id());

        succeeded(cli("app", "delete", app.id(), "--customer", CUSTOMER));
        demo.api().assertDead(token);
        assertError(demo.api().clientCredentials(DEMO, app.id(), app.secret()), 401, "invalid_client");
        assertThat(succeeded(cli("app", "list", "--customer", CUSTOMER)).out()).doesNotContain(app.id());
    }

    @Test
    void whenCliGivenBadInputThenDocumentedExitCodes() {
        // 3: not found
        InProcessCli.Result noCustomer = cli("user", "block", "user_name", "--customer", "No Such PBX");
        assertThat(noCustomer.exit()).as("%s", noCustomer).isEqualTo(3);
        assertThat(noCustomer.err()).contains("No Such PBX");
        assertThat(cli("user", "block", "nobody", "--customer", CUSTOMER).exit()).isEqualTo(3);
        assertThat(cli("app", "rotate-secret", "0123456789abcdef0123456789abcdef", "--customer", CUSTOMER).exit())
                .isEqualTo(3);
        // 4: conflict
        InProcessCli.Result duplicate = InProcessCli.withStdin(demo.data(), "somepassword1\n", "user", "add", "user_name", "--customer", CUSTOMER,
                "--password-stdin");
        assertThat(duplicate.exit()).as("%s", duplicate).isEqualTo(4);
        assertThat(cli("customer", "add", CUSTOMER, "--hostname", "again.localhost").exit()).isEqualTo(4);
        // 2: bad usage
        InProcessCli.Result badType = cli("app", "create", "--customer", CUSTOMER, "--name", "Bad", "--type", "bogus",
                "--owner", "admin");
        assertThat(badType.exit()).as("%s", badType).isEqualTo(2);
        assertThat(badType.out()).doesNotContain("App Secret");
        InProcessCli.Result shortPassword = InProcessCli.withStdin(demo.data(), "short\n", "user", "set-password", "user_name", "--customer",
                CUSTOMER, "--password-stdin");
        assertThat(shortPassword.exit()).as("%s", shortPassword).isEqualTo(2);
        assertThat(cli("user", "block").exit()).as("missing arguments").isEqualTo(2);

        // none of it touched the demo user
        demo.api().assertLive(s(demo.api().login("user_name", "user_password"), "access_token"));
    }

    @Test
    void whenCustomerUserAndAppCreatedByCliThenTheyWorkOverHttp() {
        InProcessCli.Result customer = succeeded(cli("customer", "add", "Third PBX", "--hostname", "pbx3.localhost"));
        assertThat(customer.out()).containsPattern("customer \\d+ 'Third PBX' on pbx3\\.localhost");
        assertThat(succeeded(cli("customer", "list")).out())
                .containsPattern("(?m)^\\d+\\tThird PBX\\tpbx3\\.localhost\\t-$")
                .contains("Demo PBX");

        addUser("Third PBX", "boss", "bosspassword1", "--level", "client", "--admin");
        assertThat(succeeded(cli("user", "list", "--customer", "Third PBX")).out())
                .containsPattern("(?m)^\\d+\\tboss\\tclient\\tadmin\\tactive$");

        App app = createApp("Third PBX", "Third app", "password_credentials", "all", "boss");
        String list = succeeded(cli("app", "list", "--customer", "Third PBX")).out();
        assertThat(list).contains(app.id()).contains("password_credentials").contains("Third app")
                .doesNotContain(app.secret());

        // the printed pair logs in with the password grant, on the new customer's hostname only
        Map<String, Object> tokens = ok(demo.api().password("pbx3.localhost", app.id(), app.secret(), "boss", "bosspassword1"));
        HttpResponse<String> me = demo.api().user("pbx3.localhost", s(tokens, "access_token"));
        assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
        assertThat(Json.object(me.body()).get("login")).isEqualTo("boss");
        assertThat(Json.object(me.body()).get("admin")).isEqualTo(true);
        assertError(demo.api().password(DEMO, app.id(), app.secret(), "boss", "bosspassword1"), 401, "invalid_client");
    }
}
