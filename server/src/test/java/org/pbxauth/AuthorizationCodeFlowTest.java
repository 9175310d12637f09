package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pbxauth.AuthorizeClient.CALLBACK;
import static org.pbxauth.AuthorizeClient.query;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * grant_type=authorization_code end to end (RFC 6749 §4.1, RFC 7636) through the real port:
 * authorize, log in, consent, redirect, exchange; PKCE, replay, expiry, remembered and revoked
 * consent, concurrency.
 */
class AuthorizationCodeFlowTest {
    static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"; // RFC 7636 Appendix B
    static final String STATE = "xyz ä/&=?#";

    @TempDir Path data;

    @Test
    void whenFullFlowWithS256ThenSeedShapedTokensForTheUser() {
        try (TestServer server = TestServer.start(data)) {
            AuthorizeClient browser = new AuthorizeClient(server, "localhost");
            // RFC 7636 Appendix B: the challenge of VERIFIER, as the RFC prints it
            HttpResponse<String> login = browser.authorize(request(Map.of(
                    "code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "code_challenge_method", "S256")));
            assertThat(login.statusCode()).isEqualTo(200);
            assertPageHeaders(login);
            assertFlowPage(login);
            assertThat(login.body()).contains("Demo public app").contains("name=\"csrf\"");
            HttpResponse<String> css = browser.get("/assets/pbx.css");
            assertThat(css.statusCode()).as("the stylesheet, on the customer's host, without a login").isEqualTo(200);
            assertThat(css.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/css"));

            HttpResponse<String> consent = browser.submit(login, Map.of("login", "user_name", "password", "user_password"));
            assertThat(consent.statusCode()).isEqualTo(200);
            assertPageHeaders(consent);
            assertFlowPage(consent);
            assertThat(consent.body()).contains("<strong>Demo public app</strong> wants to use the PBX API as "
                    + "<strong>user_name</strong> with access <strong>Call API</strong>");
            assertThat(consent.headers().allValues("Set-Cookie"))
                    .anySatisfy(c -> assertThat(c).startsWith("pbxauth_web=").contains("HttpOnly")
                            .contains("SameSite=Lax").contains("Path=/;").doesNotContain("Secure"));

            HttpResponse<String> back = browser.submit(consent, Map.of("decision", "allow"));
            assertThat(back.statusCode()).isEqualTo(303);
            URI location = URI.create(back.headers().firstValue("Location").orElseThrow());
            assertThat(AuthorizeClient.base(location)).isEqualTo(CALLBACK);
            Map<String, String> params = query(location);
            assertThat(params).containsOnlyKeys("code", "state");
            assertThat(params.get("code")).matches("[A-Za-z0-9]{30}");
            assertThat(params.get("state")).isEqualTo(STATE);
            assertThat(location.toString()).doesNotContain("user_password");

            HttpResponse<String> tokens = browser.exchange(Map.of("code", params.get("code"),
                    "redirect_uri", CALLBACK, "code_verifier", VERIFIER));
            Map<String, Object> body = OAuthAssert.assertSeedTokens(tokens);
            HttpResponse<String> me = browser.apiUser((String) body.get("access_token"));
            assertThat(me.statusCode()).isEqualTo(200);
            assertThat(Json.object(me.body()).get("login")).isEqualTo("user_name");
        }
    }

    /** RFC 9700 §2.1.1: S256 only by default; plain, named or by default (no method), is refused. */
    @Test
    void whenPlainChallengeThenInvalidRequestByDefault() {
        try (TestServer server = TestServer.start(data)) {
            AuthorizeClient browser = new AuthorizeClient(server, "localhost");
            for (Map<String, String> pkce : List.of(Map.of("code_challenge", VERIFIER, "code_challenge_method", "plain"),
                    Map.of("code_challenge", VERIFIER))) {
                HttpResponse<String> r = browser.authorize(request(pkce));
                assertThat(r.statusCode()).as("%s", pkce).isEqualTo(302);
                URI location = URI.create(r.headers().firstValue("Location").orElseThrow());
                assertThat(AuthorizeClient.base(location)).isEqualTo(CALLBACK);
                assertThat(query(location)).containsEntry("error", "invalid_request").containsEntry("state", STATE)
                        .hasEntrySatisfying("error_description", d -> assertThat(d).contains("S256"));
            }
        }
    }

    @Test
    void whenPlainAllowedThenTheVerifierIsTheChallenge() {
        try (TestServer server = TestServer.start(data, Clock.systemUTC(), Map.of("pkce.allow-plain", "on"))) {
            AuthorizeClient browser = new AuthorizeClient(server, "localhost");
            for (Map<String, String> pkce : List.of(Map.of("code_challenge", VERIFIER, "code_challenge_method", "plain"),
                    Map.of("code_challenge", VERIFIER))) { // RFC 7636 §4.3: plain is the default method
                String code = code(browser, pkce);
                assertThat(browser.exchange(Map.of("code", code, "redirect_uri", CALLBACK, "code_verifier", VERIFIER))
                        .statusCode()).as("%s", pkce).isEqualTo(200);
            }
        }
    }

    @Test
    void whenNoPkceThenExchangeWithoutVerifierAndAVerifierIsRefused() {
        try (TestServer server = TestServer.start(data)) {
            AuthorizeClient browser = new AuthorizeClient(server, "localhost");
            String code = code(browser, Map.of());
            OAuthAssert.assertError(browser.exchange(Map.of("code", code, "redirect_uri", CALLBACK,
                    "code_verifier", VERIFIER)), 400, "invalid_grant");
            OAuthAssert.assertSeedTokens(browser.exchange(Map.of("code", code, "redirect_uri", CALLBACK)));
        }
    }

    @Test
    void whenVerifierWrongOrMissingThenInvalidGrant() {
        try (TestServer server = TestServer.start(data)) {
            AuthorizeClient browser = new AuthorizeClient(server, "localhost");
            String code = code(browser, Map.of("code_challenge", AuthorizeClient.s256(VERIFIER),
                    "code_challenge_method", "S256"));
            OAuthAssert.assertError(browser.exchange(Map.of("code", code, "redirect_uri", CALLBACK,
                    "code_verifier", VERIFIER.replace('d', 'e'))), 400, "invalid_grant");
            OAuthAssert.assertError(browser.exchange(Map.of("code", code, "redirect_uri", CALLBACK,
                    "code_verifier", "short")), 400, "invalid_grant");
            OAuthAssert.assertError(browser.exchange(Map.of("code", code, "redirect_uri", CALLBACK)), 400,
                    "invalid_grant");
            // S256 means the challenge itself is no verifier
            OAuthAssert.assertError(browser.exchange(Map.of("code", code, "redirect_uri", CALLBACK,
                    "code_verifier", AuthorizeClient.s256(VERIFIER))), 400, "invalid_grant");
        }
    }

    @Test
    void whenCodeReplayedThenInvalidGrantAndTheFirstTokensAreRevoked() {
        try (TestServer server = TestServer.start(data)) {
            AuthorizeClient browser = new AuthorizeClient(server, "localhost");
            String code = code(browser, Map.of());
            Map<String, Object> first = OAuthAssert.assertSeedTokens(
                    browser.exchange(Map.of("code", code, "redirect_uri", CALLBACK)));
            String access = (String) first.get("access_token");
            assertThat(browser.apiUser(access).statusCode()).isEqualTo(200);

            OAuthAssert.assertError(browser.exchange(Map.of("code", code, "redirect_uri", CALLBACK)), 400,
                    "invalid_grant");
            assertThat(browser.apiUser(access).statusCode()).isEqualTo(401);
            OAuthAssert.assertError(browser.exchange(Map.of("grant_type", "refresh_token",
                    "refresh_token", (String) first.get("refresh_token"))), 400, "invalid_grant");
        }
    }

    @Test
    void whenOneCodeIsExchangedConcurrentlyThenAtMostOneSucceedsAndNothingFails() throws Exception {
        try (TestServer server = TestServer.start(data)) {
            AuthorizeClient browser = new AuthorizeClient(server, "localhost");
            String code = code(browser, Map.of());
            List<Callable<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(() -> browser.exchange(Map.of("code", code, "redirect_uri", CALLBACK)));
            }
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<HttpResponse<String>> answers = new ArrayList<>();
            try {
                for (Future<HttpResponse<String>> f : pool.invokeAll(calls)) {
                    answers.add(f.get());
                }
            } finally {
                pool.shutdownNow();
            }
            long ok = answers.stream().filter(r -> r.statusCode() == 200).count();
            assertThat(ok).isLessThanOrEqualTo(1);
            answers.stream().filter(r -> r.statusCode() != 200)
                    .forEach(r -> OAuthAssert.assertError(r, 400, "invalid_grant"));
            // a replay happened, so whatever the winner got is revoked as well
            answers.stream().filter(r -> r.statusCode() == 200).forEach(r -> assertThat(
                    browser.apiUser((String) Json.object(r.body()).get("access_token")).statusCode()).isEqualTo(401));
        }
    }

    @Test
    void whenCodeIsOlderThan60SecondsThenInvalidGrant() {
        MutableClock clock = new MutableClock();
        try (TestServer server = TestServer.start(data, clock, Map.of())) {
            AuthorizeClient browser = new AuthorizeClient(server, "localhost");
            String code = code(browser, Map.of());
            clock.advance(Duration.ofSeconds(61));
            OAuthAssert.assertError(browser.exchange(Map.of("code", code, "redirect_uri", CALLBACK)), 400,
                    "invalid_grant");
        }
    }

    @Test
    void whenRedirectUriOfTheRequestIsMissingOrDifferentAtExchangeThenInvalidGrant() {
        try (TestServer server = TestServer.start(data)) {
            AuthorizeClient browser = new AuthorizeClient(server, "localhost");
            String code = code(browser, Map.of());
            OAuthAssert.assertError(browser.exchange(Map.of("code", code)), 400, "invalid_grant");
            OAuthAssert.assertError(browser.exchange(Map.of("code", code, "redirect_uri", CALLBACK + "/")), 400,
                    "invalid_grant");
            OAuthAssert.assertSeedTokens(browser.exchange(Map.of("code", code, "redirect_uri", CALLBACK)));
        }
    }

    @Test
    void whenAuthorizeOmittedRedirectUriThenTheOneRegisteredIsUsedAndNotRequiredAtExchange() {
        try (TestServer server = TestServer.start(data)) {
            AuthorizeClient browser = new AuthorizeClient(server, "localhost");
            URI location = browser.authorizeAndAllow(ordered("response_type", "code", "client_id",
                    TestServer.PUBLIC_APP, "scope", "all"), "user_name", "user_password");
            assertThat(AuthorizeClient.base(location)).isEqualTo(CALLBACK);
            assertThat(query(location)).containsOnlyKeys("code");
            OAuthAssert.assertSeedTokens(browser.exchange(Map.of("code", query(location).get("code"))));
        }
    }

    @Test
    void whenConsentIsRememberedThenASecondAuthorizeRedirectsAtOnce() {
        try (TestServer server = TestServer.start(data)) {
            AuthorizeClient browser = new AuthorizeClient(server, "localhost");
            code(browser, Map.of());
            HttpResponse<String> again = browser.authorize(request(Map.of()));
            assertThat(again.statusCode()).isEqualTo(302);
            URI location = URI.create(again.headers().firstValue("Location").orElseThrow());
            assertThat(query(location).get("state")).isEqualTo(STATE);
            OAuthAssert.assertSeedTokens(browser.exchange(Map.of("code", query(location).get("code"),
                    "redirect_uri", CALLBACK)));

            // a new browser must log in, but is not asked again
            AuthorizeClient other = new AuthorizeClient(server, "localhost");
            HttpResponse<String> login = other.authorize(request(Map.of()));
            HttpResponse<String> answer = other.submit(login, Map.of("login", "user_name", "password", "user_password"));
            assertThat(answer.statusCode()).isEqualTo(303);
            assertThat(answer.headers().firstValue("Location").orElseThrow()).startsWith(CALLBACK + "?code=");
        }
    }

    @Test
    void whenConsentIsRevokedThenItsTokensStopAndTheNextAuthorizeAsksAgain() {
        try (TestServer server = TestServer.start(data)) {
            AuthorizeClient browser = new AuthorizeClient(server, "localhost");
            Map<String, Object> tokens = OAuthAssert.assertSeedTokens(browser.exchange(Map.of(
                    "code", code(browser, Map.of()), "redirect_uri", CALLBACK)));
            String access = (String) tokens.get("access_token");
            assertThat(browser.apiUser(access).statusCode()).isEqualTo(200);

            assertThat(cli(server, "consent", "list", "--customer", "Demo PBX", "--user", "user_name")).isZero();
            assertThat(cli(server, "consent", "revoke", "--customer", "Demo PBX", "--user", "user_name",
                    "--app", TestServer.PUBLIC_APP)).isZero();

            assertThat(browser.apiUser(access).statusCode()).isEqualTo(401);
            OAuthAssert.assertError(browser.exchange(Map.of("grant_type", "refresh_token",
                    "refresh_token", (String) tokens.get("refresh_token"))), 400, "invalid_grant");
            HttpResponse<String> again = browser.authorize(request(Map.of()));
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(again.body()).contains("value=\"allow\"");
            // the user's own activity shows it (the CLI writes the audit row to the same store)
            WebClient web = new WebClient(server, "localhost");
            web.login("user_name", "user_password");
            assertThat(web.get("/account/activity").body()).contains("Access revoked").contains("by the operator");
        }
    }

    @Test
    void whenConsentIsRevokedBeforeTheExchangeThenTheCodeIsWorthless() {
        try (TestServer server = TestServer.start(data)) {
            AuthorizeClient browser = new AuthorizeClient(server, "localhost");
            String code = code(browser, Map.of());
            assertThat(cli(server, "consent", "revoke", "--customer", "Demo PBX", "--user", "user_name",
                    "--app", TestServer.PUBLIC_APP)).isZero();
            OAuthAssert.assertError(browser.exchange(Map.of("code", code, "redirect_uri", CALLBACK)), 400,
                    "invalid_grant");
        }
    }

    /** The authorization request of these tests, plus {@code extra}: redirect_uri given, state set. */
    static Map<String, String> request(Map<String, String> extra) {
        Map<String, String> p = ordered("response_type", "code", "client_id", TestServer.PUBLIC_APP,
                "redirect_uri", CALLBACK, "scope", "all", "state", STATE);
        p.putAll(extra);
        return p;
    }

    static Map<String, String> ordered(String... nameValues) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            out.put(nameValues[i], nameValues[i + 1]);
        }
        return out;
    }

    /** A fresh code for user_name through the demo public app. */
    static String code(AuthorizeClient browser, Map<String, String> extra) {
        URI location = browser.authorizeAndAllow(request(extra), "user_name", "user_password");
        Map<String, String> params = query(location);
        assertThat(params.get("state")).isEqualTo(STATE);
        return params.get("code");
    }

    static void assertPageHeaders(HttpResponse<String> r) {
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        // styles only from the stylesheet of this origin; the consent's answer may go to the app's origin
        assertThat(r.headers().firstValue("Content-Security-Policy")).hasValue("default-src 'none'; "
                + "style-src 'self'; form-action 'self' http://localhost:8099; frame-ancestors 'none'");
        assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(r.headers().firstValue("Pragma")).hasValue("no-cache");
        assertThat(r.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    /**
     * A page of the flow: styled by the one stylesheet (no inline style, which the CSP would
     * block), no script, and nothing that leads away from the flow (the PBX web's navigation,
     * its sign-out form, its link to the account pages).
     */
    static void assertFlowPage(HttpResponse<String> r) {
        assertThat(r.body()).contains("<link rel=\"stylesheet\" href=\"/assets/pbx.css\">")
                .doesNotContain("<style").doesNotContain("style=\"").doesNotContain("<script")
                .doesNotContain("<nav").doesNotContain("/logout").doesNotContain("/account/").doesNotContain("/app/register");
    }

    /** The admin CLI on this server's store, as an operator would run it while the server runs. */
    static int cli(TestServer server, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--data");
        all.add(server.dataDir().toString());
        if (TestDatabases.isPostgres()) {
            all.add("--db");
            all.add(TestDatabases.databaseFor(server.dataDir()));
        }
        return Main.run(all.toArray(String[]::new));
    }
}
