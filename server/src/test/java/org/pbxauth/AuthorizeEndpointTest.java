package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pbxauth.AuthorizationCodeFlowTest.STATE;
import static org.pbxauth.AuthorizationCodeFlowTest.ordered;
import static org.pbxauth.AuthorizationCodeFlowTest.request;
import static org.pbxauth.AuthorizeClient.CALLBACK;
import static org.pbxauth.AuthorizeClient.query;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pbxauth.apps.AccessLevel;
import org.pbxauth.apps.AppType;
import org.pbxauth.directory.PbxUser;
import org.pbxauth.directory.Tenant;
import org.pbxauth.secrets.Secret;

/**
 * {@code GET /oauth/authorize} and its forms: which errors are a page and which go back by
 * redirect (RFC 6749 §4.1.2.1), CSRF, customers kept apart, codes bound to their app.
 */
class AuthorizeEndpointTest {
    static final String TRUSTED_WITH_REDIRECT = "0123456789abcdef0123456789abcdef";
    static final String SECOND_PUBLIC = "fedcba9876543210fedcba9876543210";
    static final String OTHER_PUBLIC = "00112233445566778899aabbccddeeff";
    static final String SECRET = "abcdefabcdefabcdefabcdefabcdef12";

    @TempDir Path data;

    @Test
    void whenClientOrRedirectUriIsWrongThenAnErrorPageAndNeverARedirect() {
        try (TestServer server = TestServer.start(data)) {
            AuthorizeClient browser = new AuthorizeClient(server, "localhost");
            List<Map<String, String>> bad = List.of(
                    request(Map.of("redirect_uri", "http://evil.example/callback")),
                    request(Map.of("redirect_uri", CALLBACK + "/")),
                    request(Map.of("redirect_uri", CALLBACK + "?x=1")),
                    request(Map.of("redirect_uri", "HTTP://localhost:8099/callback")),
                    request(Map.of("client_id", "ffffffffffffffffffffffffffffffff")),
                    request(Map.of("client_id", TestServer.OTHER_APP)), // an app of the other customer
                    ordered("response_type", "code", "redirect_uri", CALLBACK, "state", STATE),
                    ordered("client_id", TestServer.TRUSTED_APP, "response_type", "code", "state", STATE));
            for (Map<String, String> params : bad) {
                HttpResponse<String> r = browser.authorize(params);
                assertThat(r.statusCode()).as("answer to %s", params).isEqualTo(400);
                assertThat(r.headers().firstValue("Location")).as("Location for %s", params).isEmpty();
                assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
                assertThat(r.body()).contains("This sign-in cannot continue").doesNotContain("<form");
                assertThat(r.headers().firstValue("Content-Security-Policy")).hasValue("default-src 'none'; "
                        + "style-src 'self'; form-action 'self'; frame-ancestors 'none'");
                AuthorizationCodeFlowTest.assertFlowPage(r);
            }
            HttpResponse<String> duplicated = browser.get("/oauth/authorize?" + TestServer.encode(request(Map.of()))
                    + "&client_id=" + TestServer.PUBLIC_APP);
            assertThat(duplicated.statusCode()).isEqualTo(400);
            assertThat(duplicated.headers().firstValue("Location")).isEmpty();
        }
    }

    @Test
    void whenErrorAfterAValidRedirectUriThenRedirectWithErrorAndState() {
        try (TestServer server = TestServer.start(data)) {
            register(server, "Demo PBX", "user_name", AppType.TRUSTED, TRUSTED_WITH_REDIRECT, List.of(CALLBACK));
            AuthorizeClient browser = new AuthorizeClient(server, "localhost");
            assertErrorRedirect(browser.authorize(request(Map.of("response_type", "token"))), "unsupported_response_type");
            assertErrorRedirect(browser.authorize(request(Map.of("scope", "admin"))), "invalid_scope");
            assertErrorRedirect(browser.authorize(request(Map.of("client_id", TRUSTED_WITH_REDIRECT))),
                    "unauthorized_client");
            assertErrorRedirect(browser.authorize(request(Map.of("code_challenge", AuthorizationCodeFlowTest.VERIFIER,
                    "code_challenge_method", "S512"))), "invalid_request");
            assertErrorRedirect(browser.authorize(request(Map.of("code_challenge", "too-short",
                    "code_challenge_method", "S256"))), "invalid_request");
            assertErrorRedirect(browser.authorize(request(Map.of("code_challenge_method", "S256"))), "invalid_request");
            Map<String, String> noType = request(Map.of());
            noType.remove("response_type");
            assertErrorRedirect(browser.authorize(noType), "invalid_request");

            HttpResponse<String> login = browser.authorize(request(Map.of()));
            HttpResponse<String> consent = browser.submit(login, Map.of("login", "user_name", "password", "user_password"));
            HttpResponse<String> denied = browser.submit(consent, Map.of("decision", "deny"));
            assertThat(denied.statusCode()).isEqualTo(303);
            assertErrorRedirect(denied, "access_denied");
        }
    }

    @Test
    void whenRedirectUriHasAQueryThenCodeAndStateAreAppendedToIt() {
        try (TestServer server = TestServer.start(data)) {
            String withQuery = "http://localhost:8099/cb?tenant=a%20b&x=1";
            register(server, "Demo PBX", "user_name", AppType.PUBLIC, SECOND_PUBLIC, List.of(withQuery, CALLBACK));
            AuthorizeClient browser = new AuthorizeClient(server, "localhost");
            URI location = browser.authorizeAndAllow(request(Map.of("client_id", SECOND_PUBLIC,
                    "redirect_uri", withQuery)), "user_name", "user_password");
            assertThat(location.toString()).startsWith(withQuery + "&code=");
            Map<String, String> params = query(location);
            assertThat(params).containsOnlyKeys("tenant", "x", "code", "state");
            assertThat(params.get("tenant")).isEqualTo("a b");
            assertThat(params.get("state")).isEqualTo(STATE);
        }
    }

    @Test
    void whenCodeIsPresentedByAnotherAppOrOnAnotherCustomerThenInvalidGrant() {
        try (TestServer server = TestServer.start(data)) {
            register(server, "Demo PBX", "user_name", AppType.PUBLIC, SECOND_PUBLIC, List.of(CALLBACK));
            register(server, "Other PBX", "user_name", AppType.PUBLIC, OTHER_PUBLIC, List.of(CALLBACK));
            AuthorizeClient browser = new AuthorizeClient(server, "localhost");
            String code = AuthorizationCodeFlowTest.code(browser, Map.of());
            OAuthAssert.assertError(browser.exchange(SECOND_PUBLIC, SECRET, Map.of("code", code,
                    "redirect_uri", CALLBACK)), 400, "invalid_grant");
            AuthorizeClient other = new AuthorizeClient(server, TestServer.OTHER_HOST);
            OAuthAssert.assertError(other.exchange(OTHER_PUBLIC, SECRET, Map.of("code", code,
                    "redirect_uri", CALLBACK)), 400, "invalid_grant");
            OAuthAssert.assertError(browser.exchange(Map.of("code", "A".repeat(30), "redirect_uri", CALLBACK)), 400,
                    "invalid_grant");
            // none of that spent the code of its own app
            OAuthAssert.assertSeedTokens(browser.exchange(Map.of("code", code, "redirect_uri", CALLBACK)));
        }
    }

    @Test
    void whenLoginPostHasNoOrAWrongCsrfFieldThenRefused() {
        try (TestServer server = TestServer.start(data)) {
            AuthorizeClient browser = new AuthorizeClient(server, "localhost");
            HttpResponse<String> login = browser.authorize(request(Map.of()));
            Map<String, String> form = AuthorizeClient.hiddenFields(login.body());
            form.put("login", "user_name");
            form.put("password", "user_password");

            Map<String, String> without = new HashMap<>(form);
            without.remove("csrf");
            assertRefused(browser.post("/oauth/authorize/login", without));
            Map<String, String> wrong = new HashMap<>(form);
            wrong.put("csrf", form.get("csrf").substring(1) + "A");
            assertRefused(browser.post("/oauth/authorize/login", wrong));
            // a valid field of another browser does not fit this browser's cookie
            AuthorizeClient attacker = new AuthorizeClient(server, "localhost");
            Map<String, String> foreign = new HashMap<>(form);
            foreign.put("csrf", AuthorizeClient.hiddenFields(attacker.authorize(request(Map.of())).body()).get("csrf"));
            assertRefused(browser.post("/oauth/authorize/login", foreign));
            // and a browser without the cookie (a cross-site POST) is refused even with a real field
            assertRefused(new AuthorizeClient(server, "localhost").post("/oauth/authorize/login", form));

            assertThat(browser.post("/oauth/authorize/login", form).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void whenTheSealedRequestIsAlteredThenRefused() {
        try (TestServer server = TestServer.start(data)) {
            AuthorizeClient browser = new AuthorizeClient(server, "localhost");
            Map<String, String> form = AuthorizeClient.hiddenFields(browser.authorize(request(Map.of())).body());
            String sealed = form.get("request");
            form.put("request", sealed.substring(0, 10) + (sealed.charAt(10) == 'A' ? 'B' : 'A') + sealed.substring(11));
            form.put("login", "user_name");
            form.put("password", "user_password");
            HttpResponse<String> r = browser.post("/oauth/authorize/login", form);
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.headers().firstValue("Location")).isEmpty();
        }
    }

    @Test
    void whenAUserOfTheOtherCustomerLogsInOnLocalhostThenTheSameGenericRefusal() {
        try (TestServer server = TestServer.start(data)) {
            AuthorizeClient browser = new AuthorizeClient(server, "localhost");
            HttpResponse<String> login = browser.authorize(request(Map.of()));
            HttpResponse<String> foreign = browser.submit(login, Map.of("login", "user_name", "password", "other_password"));
            HttpResponse<String> unknown = browser.submit(login, Map.of("login", "nobody", "password", "user_password"));
            for (HttpResponse<String> r : List.of(foreign, unknown)) {
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.headers().firstValue("Location")).isEmpty();
                assertThat(r.body()).contains("The login or password is wrong, or this user may not sign in.")
                        .doesNotContain("other_password").doesNotContain("user_password");
                assertThat(r.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("pbxauth_web="));
            }
        }
    }

    @Test
    void whenLoggedInOnOneCustomerThenTheSessionCountsForNothingOnTheOther() {
        try (TestServer server = TestServer.start(data)) {
            register(server, "Other PBX", "user_name", AppType.PUBLIC, OTHER_PUBLIC, List.of(CALLBACK));
            // one cookie jar for both hostnames (both are 127.0.0.1 here), as a hostile browser could arrange
            AuthorizeClient local = new AuthorizeClient(server, "localhost");
            AuthorizationCodeFlowTest.code(local, Map.of());
            AuthorizeClient other = new AuthorizeClient(server, TestServer.OTHER_HOST);
            local.cookies.getCookieStore().getCookies().forEach(c ->
                    other.cookies.getCookieStore().add(server.uri("/oauth"), c));
            HttpResponse<String> r = other.authorize(request(Map.of("client_id", OTHER_PUBLIC)));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("name=\"password\"").contains("Other PBX");
        }
    }

    @Test
    void whenAnyAuthorizationParameterIsGarbageThenAPageOrARedirectNever5xx() {
        try (TestServer server = TestServer.start(data)) {
            AuthorizeClient browser = new AuthorizeClient(server, "localhost");
            List<String> garbage = List.of("x", "{", "[1,", "%zz", "a b", "http://x/#f", "e30.e30.", "-1",
                    "\u0000", "ä".repeat(500), "9".repeat(40)); // 3 KB encoded: within the URL limit
            for (String name : com.nimbusds.oauth2.sdk.AuthorizationRequest.getRegisteredParameterNames()) {
                for (String value : garbage) {
                    Map<String, String> params = request(Map.of());
                    params.put(name, value);
                    HttpResponse<String> r = browser.authorize(params);
                    assertThat(r.statusCode()).as("%s=%s: %s", name, value, r.body()).isIn(200, 302, 400);
                }
            }
        }
    }

    /** The templates escape every printed value: an app's name and a refilled login are text, never markup. */
    @Test
    void whenTheAppNameOrTheLoginHoldsMarkupThenThePagesPrintItAsText() {
        try (TestServer server = TestServer.start(data)) {
            Services s = server.node().services();
            Tenant t = s.tenants().findByName("Demo PBX").orElseThrow();
            PbxUser owner = s.users().findByLogin(t.id(), "user_name").orElseThrow();
            s.apps().register(t.id(), "<b>CRM</b> & \"co\"", AppType.PUBLIC, AccessLevel.CALL_API, List.of(CALLBACK),
                    owner, SECOND_PUBLIC, Secret.of(SECRET));
            AuthorizeClient browser = new AuthorizeClient(server, "localhost");
            HttpResponse<String> login = browser.authorize(request(Map.of("client_id", SECOND_PUBLIC)));
            assertThat(login.statusCode()).isEqualTo(200);
            assertThat(login.body()).contains("<strong>&lt;b&gt;CRM&lt;/b&gt; &amp; \"co\"</strong>").doesNotContain("<b>");

            HttpResponse<String> again = browser.submit(login, Map.of("login", "x\"><i>y", "password", "wrong"));
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(again.body()).contains("The login or password is wrong")
                    // jte's attribute escaping: the quote cannot end the value, so '>' may stay
                    .contains("value=\"x&#34;>&lt;i>y\"").doesNotContain("x\">").doesNotContain("<i>");

            HttpResponse<String> consent = browser.submit(again, Map.of("login", "user_name", "password", "user_password"));
            assertThat(consent.body()).contains("value=\"allow\"")
                    .contains("<strong>&lt;b&gt;CRM&lt;/b&gt; &amp; \"co\"</strong> wants to use").doesNotContain("<b>");
        }
    }

    @Test
    void whenTheBrowserCameOverHttpsThroughATrustedProxyThenTheCookiesAreSecureWithTheHostPrefix() {
        // the test's own address as the trusted proxy; ProxyOriginTest puts a real nginx there
        try (TestServer server = TestServer.start(data, java.time.Clock.systemUTC(), Map.of("trusted-proxies", "127.0.0.1"))) {
            HttpResponse<String> r = server.send(HttpRequest.newBuilder(server.uri("/oauth/authorize?"
                            + TestServer.encode(request(Map.of())))).header("Host", "localhost")
                    .header("X-Forwarded-Proto", "https").GET().build());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().allValues("Set-Cookie")).singleElement().satisfies(c -> assertThat(c)
                    .startsWith("__Host-pbxauth_csrf=").contains("; Path=/;").contains("; HttpOnly")
                    .contains("; SameSite=Lax").endsWith("; Secure"));
        }
    }

    private static void assertErrorRedirect(HttpResponse<String> r, String error) {
        assertThat(r.statusCode()).as("answer %s", r.body()).isIn(302, 303);
        URI location = URI.create(r.headers().firstValue("Location").orElseThrow());
        assertThat(AuthorizeClient.base(location)).isEqualTo(CALLBACK);
        Map<String, String> params = query(location);
        assertThat(params.get("error")).isEqualTo(error);
        assertThat(params.get("state")).isEqualTo(STATE);
        assertThat(params).doesNotContainKey("code");
        // RFC 6749 §4.1.2.1: error_description is %x20-21 / %x23-5B / %x5D-7E
        assertThat(params.getOrDefault("error_description", "")).matches("[\\x20-\\x21\\x23-\\x5B\\x5D-\\x7E]*");
    }

    private static void assertRefused(HttpResponse<String> r) {
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("Location")).isEmpty();
        assertThat(r.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("pbxauth_web="));
    }

    private static void register(TestServer server, String customer, String owner, AppType type, String clientId,
                                 List<String> redirectUris) {
        Services s = server.node().services();
        Tenant t = s.tenants().findByName(customer).orElseThrow();
        PbxUser user = s.users().findByLogin(t.id(), owner).orElseThrow();
        s.apps().register(t.id(), "Test " + type.wireName() + " app", type, AccessLevel.CALL_API, redirectUris, user,
                clientId, Secret.of(SECRET));
    }
}
