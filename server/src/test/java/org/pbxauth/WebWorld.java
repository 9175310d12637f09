package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pbxauth.directory.NewUser;
import org.pbxauth.directory.UserLevel;
import org.pbxauth.secrets.Secret;

/**
 * One user's things on the PBX web pages, for the tests of what a refused POST must not change
 * (WebCsrfTest, WebIsolationTest): a new administrator of the demo customer, signed in, who
 * registered a password_credentials app and rotated its secret (both secrets work inside the
 * overlap), holds a session of that app (a password grant) and has allowed the demo public app
 * (a consent and its session). {@link #assertUnchanged} checks every one of them over HTTP.
 */
final class WebWorld {
    static final String APP_NAME = "World app";
    private static final Pattern CLIENT_ID = Pattern.compile("id=\"client_id\">([0-9a-f]{32})<");
    private static final Pattern CLIENT_SECRET = Pattern.compile("id=\"client_secret\">([0-9a-f]{32})<");

    final TestServer server;
    final String login;
    final String password;
    /** The owner's browser, signed in. */
    final WebClient owner;
    final String clientId;
    final String oldSecret;
    final String newSecret;
    /** The owner's session of the app (a password grant): its id on My sessions and its access token. */
    final String sessionId;
    final String sessionToken;
    /** The owner's session of the demo public app, through the consent. */
    final String consentToken;
    private final int appsOfTheCustomer;

    private WebWorld(TestServer server, String login, String password, WebClient owner, String clientId,
                     String oldSecret, String newSecret, String sessionId, String sessionToken, String consentToken) {
        this.server = server;
        this.login = login;
        this.password = password;
        this.owner = owner;
        this.clientId = clientId;
        this.oldSecret = oldSecret;
        this.newSecret = newSecret;
        this.sessionId = sessionId;
        this.sessionToken = sessionToken;
        this.consentToken = consentToken;
        this.appsOfTheCustomer = apps(server);
    }

    static WebWorld build(TestServer server) {
        String login = "owner-" + UUID.randomUUID().toString().substring(0, 8);
        String password = "the owner's password " + login;
        var s = server.node().services();
        s.users().create(new NewUser(GuardCalls.demo(server).id(), login, UserLevel.CLIENT, true, "UTC", null, null,
                s.passwords().hash(Secret.of(password))));
        WebClient owner = new WebClient(server, TestServer.DEMO_HOST);
        assertThat(owner.login(login, password).statusCode()).isEqualTo(303);
        owner.get("/app/register");
        HttpResponse<String> registered = owner.post("/app/register", Map.of("name", APP_NAME,
                "type", "password_credentials", "access", "call_api", "redirect_uris", ""));
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
        String clientId = group(CLIENT_ID, registered.body());
        String oldSecret = group(CLIENT_SECRET, registered.body());
        owner.get("/account/apps");
        HttpResponse<String> rotated = owner.post("/account/apps/" + clientId + "/rotate", Map.of());
        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
        String newSecret = group(CLIENT_SECRET, rotated.body());

        String sessionToken = server.accessToken(TestServer.DEMO_HOST, clientId, newSecret, login, password);
        AuthorizeClient browser = new AuthorizeClient(server, TestServer.DEMO_HOST);
        URI back = browser.authorizeAndAllow(TestServer.form("response_type", "code", "client_id",
                TestServer.PUBLIC_APP, "scope", "all"), login, password);
        String code = AuthorizeClient.query(back).get("code");
        String consentToken = String.valueOf(TokenCalls.ok(browser.exchange(Map.of("code", code))).get("access_token"));
        String sessions = owner.get("/account/sessions").body();
        String sessionId = group(Pattern.compile("<code class=\"note\">" + clientId
                + "</code></td>.*?action=\"/account/sessions/(\\d+)/end\"", Pattern.DOTALL), sessions);
        WebWorld world = new WebWorld(server, login, password, owner, clientId, oldSecret, newSecret, sessionId,
                sessionToken, consentToken);
        world.assertUnchanged("as built");
        return world;
    }

    /**
     * Every thing of this world is as it was built: the app with its name, both its secrets, the
     * session and the consent with their tokens, the owner's web session, the customer's app count.
     */
    void assertUnchanged(String after) {
        assertThat(server.node().services().apps().find(GuardCalls.demo(server).id(), clientId))
                .as("the app, after %s", after).hasValueSatisfying(a -> assertThat(a.name()).isEqualTo(APP_NAME));
        for (String secret : new String[] {oldSecret, newSecret}) {
            HttpResponse<String> r = server.postForm("/oauth/introspect", TestServer.form("client_id", clientId,
                    "client_secret", secret, "token", sessionToken));
            assertThat(r.statusCode()).as("the %s secret authenticates, after %s: %s",
                    secret.equals(oldSecret) ? "old" : "new", after, r.body()).isEqualTo(200);
        }
        assertThat(api(sessionToken)).as("the session's token, after %s", after).isEqualTo(200);
        assertThat(api(consentToken)).as("the consent's token, after %s", after).isEqualTo(200);
        HttpResponse<String> sessions = owner.get("/account/sessions");
        assertThat(sessions.statusCode()).as("the owner is still signed in, after %s", after).isEqualTo(200);
        assertThat(sessions.body()).as("My sessions, after %s", after)
                .contains("action=\"/account/sessions/" + sessionId + "/end\"")
                .contains("action=\"/account/consents/" + TestServer.PUBLIC_APP + "/revoke\"");
        assertThat(apps(server)).as("the customer's apps, after %s", after).isEqualTo(appsOfTheCustomer);
    }

    /** The state-changing forms of the PBX web pages, each on this world's things, with what it sends. */
    enum Route {
        LOGIN(w -> "/login", w -> TestServer.form("login", w.login, "password", w.password)),
        LOGOUT(w -> "/logout", w -> Map.of()),
        REGISTER(w -> "/app/register", w -> TestServer.form("name", "Forged", "type", "trusted", "access", "call_api",
                "redirect_uris", "")),
        ROTATE(w -> "/account/apps/" + w.clientId + "/rotate", w -> Map.of()),
        END_OLD_SECRET(w -> "/account/apps/" + w.clientId + "/end-old-secret", w -> Map.of()),
        EDIT(w -> "/account/apps/" + w.clientId + "/edit", w -> TestServer.form("name", "Renamed", "redirect_uris", "")),
        DELETE(w -> "/account/apps/" + w.clientId + "/delete", w -> Map.of()),
        END_SESSION(w -> "/account/sessions/" + w.sessionId + "/end", w -> Map.of()),
        END_ALL(w -> "/account/sessions/end-all", w -> Map.of()),
        REVOKE_CONSENT(w -> "/account/consents/" + TestServer.PUBLIC_APP + "/revoke", w -> Map.of());

        private final Function<WebWorld, String> path;
        private final Function<WebWorld, Map<String, String>> form;

        Route(Function<WebWorld, String> path, Function<WebWorld, Map<String, String>> form) {
            this.path = path;
            this.form = form;
        }

        String path(WebWorld w) {
            return path.apply(w);
        }

        Map<String, String> form(WebWorld w) {
            return form.apply(w);
        }

        /** A route on one of the owner's things (an app, a session, a consent), not on the owner's own login. */
        boolean onAThing() {
            return this != LOGIN && this != LOGOUT && this != REGISTER;
        }
    }

    int api(String accessToken) {
        return server.user(TestServer.DEMO_HOST, "Bearer " + accessToken).statusCode();
    }

    private static int apps(TestServer server) {
        return server.node().services().apps().list(GuardCalls.demo(server).id()).size();
    }

    static String group(Pattern p, String body) {
        Matcher m = p.matcher(body);
        assertThat(m.find()).as("%s in %s", p, body).isTrue();
        return m.group(1);
    }
}
