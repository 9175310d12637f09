package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 18: "a user of one customer cannot see or touch another customer's apps or sessions (every
 * route, by id guessing too)". Strangers to the owner of a {@link WebWorld} — the other customer's
 * administrator and user, and the owner's own customer's user and administrator (My apps is the
 * apps I own; the console is where an administrator manages others') — each signed in on their own
 * hostname with a valid CSRF field, post on every route of the owner's app, session and consent,
 * guess session ids and App IDs, and read their own lists: every POST is the same 404 as an
 * unknown id, no list shows the owner's things, and every thing of the owner still works. The
 * other customer's web session sent to our hostname is no session there.
 */
class WebIsolationTest {
    @RegisterExtension static final DemoServer demo = new DemoServer();
    private static WebWorld world;

    @BeforeAll
    static void build() {
        world = WebWorld.build(demo.server());
    }

    enum Stranger {
        OTHER_CUSTOMERS_ADMIN(TestServer.OTHER_HOST, "admin", "other_admin_password"),
        OTHER_CUSTOMERS_USER(TestServer.OTHER_HOST, "user_name", "other_password"),
        SAME_CUSTOMERS_USER(TestServer.DEMO_HOST, "user_name", "user_password"),
        SAME_CUSTOMERS_ADMIN(TestServer.DEMO_HOST, "admin", "admin_password");

        final String host;
        final String login;
        final String password;

        Stranger(String host, String login, String password) {
            this.host = host;
            this.login = login;
            this.password = password;
        }

        /** Signed in on its own hostname, having read My apps (so its CSRF field is valid). */
        WebClient signIn() {
            WebClient web = new WebClient(demo.server(), host);
            assertThat(web.login(login, password).statusCode()).as("%s signs in", this).isEqualTo(303);
            assertThat(web.get("/account/apps").statusCode()).isEqualTo(200);
            return web;
        }
    }

    static Stream<Arguments> everyStrangerAndRouteOnAThing() {
        return Arrays.stream(Stranger.values()).flatMap(s -> Arrays.stream(WebWorld.Route.values())
                .filter(WebWorld.Route::onAThing).map(r -> Arguments.of(s, r)));
    }

    @ParameterizedTest(name = "{0} posts {1} on the owner''s thing")
    @MethodSource("everyStrangerAndRouteOnAThing")
    void whenAStrangerPostsOnTheOwnersThingThenTheSame404AsNoneAndNothingChanges(Stranger stranger,
                                                                                WebWorld.Route route) {
        WebClient web = stranger.signIn();
        HttpResponse<String> r = web.post(route.path(world), route.form(world));
        if (route == WebWorld.Route.END_ALL) {
            // names no thing: it ends the stranger's own sessions (none), never the owner's
            assertThat(r.statusCode()).as("%s posting %s: %s", stranger, route, r.body()).isEqualTo(303);
        } else {
            assertThat(r.statusCode()).as("%s posting %s: %s", stranger, route, r.body()).isEqualTo(404);
            assertThat(r.body()).contains("No such").doesNotContain(WebWorld.APP_NAME);
        }
        if (route == WebWorld.Route.EDIT) {
            HttpResponse<String> form = web.get(route.path(world));
            assertThat(form.statusCode()).as("the edit form of the owner's app").isEqualTo(404);
            assertThat(form.body()).doesNotContain(WebWorld.APP_NAME);
        }
        world.assertUnchanged(stranger + " posting " + route);
    }

    /** Session ids are sequential: a stranger ending every id up to past the owner's ends none of the owner's. */
    @ParameterizedTest(name = "{0} guesses ids")
    @EnumSource(Stranger.class)
    void whenAStrangerGuessesSessionIdsAndAppIdsThenEveryOneIs404AndNothingChanges(Stranger stranger) {
        WebClient web = stranger.signIn();
        long owners = Long.parseLong(world.sessionId);
        List<String> notFound = new ArrayList<>();
        for (long id = 1; id <= owners + 5; id++) {
            HttpResponse<String> r = web.post("/account/sessions/" + id + "/end", Map.of());
            if (r.statusCode() != 404) {
                notFound.add(id + " answered " + r.statusCode());
            }
        }
        String near = Character.forDigit((Character.digit(world.clientId.charAt(0), 16) + 1) % 16, 16)
                + world.clientId.substring(1);
        for (String appId : List.of(world.clientId.toUpperCase(java.util.Locale.ROOT), near, "0".repeat(32))) {
            for (String action : List.of("rotate", "end-old-secret", "edit", "delete")) {
                int status = web.post("/account/apps/" + appId + "/" + action, Map.of("name", "mine now")).statusCode();
                if (status != 404) {
                    notFound.add(appId + "/" + action + " answered " + status);
                }
            }
        }
        for (String appId : List.of(world.clientId, TestServer.PUBLIC_APP, TestServer.OTHER_APP)) {
            int status = web.post("/account/consents/" + appId + "/revoke", Map.of()).statusCode();
            if (status != 404) {
                notFound.add("consent of " + appId + " answered " + status);
            }
        }
        assertThat(notFound).as("guesses that were not the 404 of an unknown id").isEmpty();
        world.assertUnchanged(stranger + " guessing ids");
    }

    @ParameterizedTest(name = "{0} reads their own lists")
    @EnumSource(Stranger.class)
    void whenAStrangerReadsTheirOwnListsThenNoneOfTheOwnersThingsIsOnThem(Stranger stranger) {
        WebClient web = stranger.signIn();
        for (String page : List.of("/account/apps", "/account/sessions", "/account/activity")) {
            HttpResponse<String> r = web.get(page);
            assertThat(r.statusCode()).as(page).isEqualTo(200);
            assertThat(r.body()).as("%s of %s", page, stranger).doesNotContain(world.clientId)
                    .doesNotContain(WebWorld.APP_NAME).doesNotContain(world.login)
                    .doesNotContain("/account/sessions/" + world.sessionId + "/end");
        }
        // the control: the owner's own lists do show them
        assertThat(world.owner.get("/account/apps").body()).contains(world.clientId).contains(WebWorld.APP_NAME);
        assertThat(world.owner.get("/account/activity").body()).contains(WebWorld.APP_NAME);
    }

    /**
     * The other customer's web session and CSRF cookie, with its valid field, sent to our hostname:
     * no session here (a 303 to our login page), on every route that needs one, /app/register too.
     */
    @ParameterizedTest(name = "the other customer''s session posts {0} on our hostname")
    @EnumSource(value = WebWorld.Route.class, names = {"LOGIN", "LOGOUT"}, mode = EnumSource.Mode.EXCLUDE)
    void whenTheOtherCustomersSessionIsSentToOurHostnameThenItIsNoSessionAndNothingChanges(WebWorld.Route route) {
        WebClient theirs = Stranger.OTHER_CUSTOMERS_ADMIN.signIn();
        WebClient ours = new WebClient(demo.server(), TestServer.DEMO_HOST);
        ours.plantCookie("pbxauth_web", theirs.cookie("pbxauth_web").orElseThrow());
        ours.plantCookie("pbxauth_csrf", theirs.cookie("pbxauth_csrf").orElseThrow());
        Map<String, String> form = new java.util.LinkedHashMap<>(route.form(world));
        form.put("csrf", theirs.csrf());
        HttpResponse<String> r = ours.postExactly(route.path(world), form);
        assertThat(r.statusCode()).as("%s: %s", route, r.body()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).startsWith("/login?next="));
        world.assertUnchanged("the other customer's session posting " + route + " on our hostname");
    }
}
