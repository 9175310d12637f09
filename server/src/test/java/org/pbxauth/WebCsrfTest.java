package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 18's form contract: "a POST without a valid {@code csrf} is 403 and changes nothing", on
 * every state-changing form of the PBX web pages ({@link WebWorld.Route}): the field left out
 * entirely, empty, another browser's (a valid MAC, of someone else's cookie) and tampered. After
 * each, every thing of the world is checked as it was. The same POSTs with the browser's own field
 * do change what the check looks at, so a route that ignored the field would fail here.
 */
class WebCsrfTest {
    @RegisterExtension static final DemoServer demo = new DemoServer();
    private static WebWorld world;

    @BeforeAll
    static void build() {
        world = WebWorld.build(demo.server());
    }

    enum Field { MISSING, EMPTY, ANOTHER_BROWSERS, TAMPERED }

    static Stream<Arguments> everyRouteAndBadField() {
        return Arrays.stream(WebWorld.Route.values())
                .flatMap(route -> Arrays.stream(Field.values()).map(field -> Arguments.of(route, field)));
    }

    @ParameterizedTest(name = "{0} with the csrf field {1}")
    @MethodSource("everyRouteAndBadField")
    void whenTheCsrfFieldIsNotTheBrowsersOwnThen403AndNothingChanges(WebWorld.Route route, Field field) {
        // /login is posted by a browser that is not signed in yet (it has read the login page and has
        // its CSRF cookie); every other form by the signed-in owner, who has just read a page.
        WebClient browser = route == WebWorld.Route.LOGIN ? new WebClient(demo.server(), TestServer.DEMO_HOST)
                : world.owner;
        browser.get(route == WebWorld.Route.LOGIN ? "/login" : "/account/apps");
        assertThat(browser.csrf()).as("the page gave the browser a CSRF field").isNotBlank();

        Map<String, String> form = new LinkedHashMap<>(route.form(world));
        switch (field) {
            case MISSING -> { }
            case EMPTY -> form.put("csrf", "");
            case ANOTHER_BROWSERS -> form.put("csrf", anotherBrowsersField());
            case TAMPERED -> form.put("csrf", tampered(browser.csrf()));
        }
        HttpResponse<String> r = browser.postExactly(route.path(world), form);

        assertThat(r.statusCode()).as("%s with the csrf field %s: %s", route, field, r.body()).isEqualTo(403);
        assertThat(r.body()).contains("Nothing was changed").doesNotContain("Exception");
        assertThat(r.headers().allValues("Set-Cookie")).as("no web session was started or ended")
                .noneMatch(c -> c.startsWith("pbxauth_web=") || c.startsWith("__Host-pbxauth_web="));
        if (route == WebWorld.Route.LOGIN) {
            assertThat(browser.get("/account/apps").statusCode()).as("still not signed in").isEqualTo(303);
        }
        world.assertUnchanged(route + " with the csrf field " + field);
    }

    /** The control: with the browser's own field, each route does change what {@link WebWorld#assertUnchanged} checks. */
    @ParameterizedTest(name = "{0} with the browser's own csrf field")
    @EnumSource(WebWorld.Route.class)
    void whenTheCsrfFieldIsTheBrowsersOwnThenTheSamePostChangesWhatTheCheckWatches(WebWorld.Route route) {
        WebWorld fresh = WebWorld.build(demo.server());
        if (route == WebWorld.Route.LOGIN) {
            WebClient browser = new WebClient(demo.server(), TestServer.DEMO_HOST);
            browser.get("/login");
            assertThat(browser.post(route.path(fresh), route.form(fresh)).statusCode()).isEqualTo(303);
            assertThat(browser.get("/account/apps").statusCode()).as("signed in").isEqualTo(200);
            return;
        }
        fresh.owner.get("/account/apps");
        HttpResponse<String> r = fresh.owner.post(route.path(fresh), route.form(fresh));
        assertThat(r.statusCode()).as("%s: %s", route, r.body()).isIn(200, 303);
        assertThatThrownBy(() -> fresh.assertUnchanged(route + " with a valid csrf field"))
                .as("the check sees what %s changed", route).isInstanceOf(AssertionError.class);
    }

    /** A valid CSRF field, of another browser's own CSRF cookie. */
    private static String anotherBrowsersField() {
        WebClient other = new WebClient(demo.server(), TestServer.DEMO_HOST);
        other.get("/login");
        return other.csrf();
    }

    /** The field with its first character changed (every bit of it counts in base64url). */
    private static String tampered(String field) {
        return (field.charAt(0) == 'A' ? 'B' : 'A') + field.substring(1);
    }
}
