package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.pbxauth.TestServer.DEMO_HOST;
import static org.pbxauth.TestServer.PASSWORD_APP;
import static org.pbxauth.TestServer.PASSWORD_APP_SECRET;
import static org.pbxauth.TestServer.PUBLIC_APP;
import static org.pbxauth.TestServer.PUBLIC_APP_SECRET;
import static org.pbxauth.TestServer.TRUSTED_APP;
import static org.pbxauth.TestServer.TRUSTED_APP_SECRET;
import static org.pbxauth.TestServer.basic;
import static org.pbxauth.TestServer.encode;
import static org.pbxauth.TestServer.form;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Issue 5, item 5, the scan: SecretsAtRestTest drives the password grant; this drives every flow
 * (password in the body and by Basic, refresh and its reuse detection, client credentials, the
 * authorization code flow with PKCE, revocation, introspection by an app and by the resource
 * server's credential, failures of each) and the CLI (user add and set-password from standard
 * input, app create and rotate-secret), collecting every password, secret, token, code, PKCE
 * verifier and session cookie that crossed. Then none of them may be in any file of the data
 * folder, in any table (read over SQL, SQLite and PostgreSQL alike), in anything logged (a Logback
 * appender on the root logger with the application's loggers at TRACE, and System.out/err), or in
 * the CLI's error output and its output besides the one line that shows a new App Secret.
 */
class SecretsEverywhereTest {
    private static final Pattern APP_SECRET_LINE = Pattern.compile("App Secret: ([0-9a-f]+)");
    private static final Pattern APP_ID_LINE = Pattern.compile("App ID: +([0-9a-f]+)");

    @TempDir static Path data;

    /** Every secret that crossed, by what it is. */
    private static final Map<String, String> secrets = new LinkedHashMap<>();
    private static final List<String> storedValues = new ArrayList<>();
    private static final List<String> logged = new ArrayList<>();
    private static final List<String> cliOutput = new ArrayList<>();
    private static String console;
    private static String databaseProduct;
    private static final String MARKER = "secrets-everywhere-marker-" + UUID.randomUUID();

    @BeforeAll
    static void run() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        root.addAppender(appender);
        Logger app = (Logger) LoggerFactory.getLogger("org.pbxauth");
        Logger audit = (Logger) LoggerFactory.getLogger("pbxauth");
        Level appLevel = app.getLevel();
        Level auditLevel = audit.getLevel();
        app.setLevel(Level.TRACE);
        audit.setLevel(Level.TRACE);
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(StoredText.tee(out, captured));
        System.setErr(StoredText.tee(err, captured));
        try {
            LoggerFactory.getLogger(SecretsEverywhereTest.class).warn(MARKER);
            MutableClock clock = new MutableClock();
            String introspectionSecret = "rs-" + UUID.randomUUID().toString().replace("-", "");
            secrets.put("the resource server's introspection secret", introspectionSecret);
            secrets.put("the operator's secret", OperatorClient.SECRET);
            Map<String, String> settings = new LinkedHashMap<>(OperatorClient.settings());
            settings.put("introspection.client-id", "pbx-api");
            settings.put("introspection.secret-sha256", TokenCalls.sha256Hex(introspectionSecret));
            try (TestServer server = TestServer.start(data, clock, settings)) {
                exercise(server, clock, introspectionSecret);
                StoredText.Tables tables = StoredText.readEveryTable(server);
                databaseProduct = tables.databaseProduct();
                storedValues.addAll(tables.values());
            }
        } finally {
            System.setOut(out);
            System.setErr(err);
            root.detachAppender(appender);
            app.setLevel(appLevel);
            audit.setLevel(auditLevel);
        }
        console = captured.toString(StandardCharsets.UTF_8);
        for (ILoggingEvent e : appender.list) {
            StringBuilder b = new StringBuilder(e.getLoggerName()).append(' ').append(e.getFormattedMessage());
            if (e.getArgumentArray() != null) {
                b.append(' ').append(Arrays.deepToString(e.getArgumentArray()));
            }
            b.append(' ').append(e.getMDCPropertyMap());
            if (e.getThrowableProxy() != null) {
                b.append(' ').append(ThrowableProxyUtil.asString(e.getThrowableProxy()));
            }
            logged.add(b.toString());
        }
    }

    private static void exercise(TestServer server, MutableClock clock, String introspectionSecret) {
        TokenCalls calls = new TokenCalls(server);
        secrets.put("password of admin", "admin_password");
        secrets.put("password of user_name", "user_password");
        secrets.put("secret of the password app", PASSWORD_APP_SECRET);
        secrets.put("secret of the trusted app", TRUSTED_APP_SECRET);
        secrets.put("secret of the public app", PUBLIC_APP_SECRET);

        // password grant, in the body and by Basic
        Map<String, Object> login = tokens("password grant", calls.login("user_name", "user_password"));
        tokens("password grant by Basic", OAuthAssert.assertSeedTokens(server.token(DEMO_HOST, encode(form(
                "grant_type", "password", "username", "admin", "password", "admin_password")),
                basic(PASSWORD_APP, PASSWORD_APP_SECRET))));

        // refresh, rotation, and reuse of a spent refresh token after the grace window (revokes the family)
        Map<String, Object> rotated = tokens("refresh", TokenCalls.ok(calls.refresh(TokenCalls.s(login, "refresh_token"))));
        calls.assertLive(TokenCalls.s(rotated, "access_token"));
        clock.advance(Duration.ofSeconds(6));
        TokenCalls.assertError(calls.refresh(TokenCalls.s(login, "refresh_token")), 400, "invalid_grant");
        calls.assertDead(TokenCalls.s(rotated, "access_token"));

        // client credentials
        tokens("client credentials", TokenCalls.ok(calls.clientCredentials(DEMO_HOST, TRUSTED_APP, TRUSTED_APP_SECRET)));

        // the authorization code flow with PKCE (S256)
        String verifier = "v" + UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
        secrets.put("a PKCE code verifier", verifier);
        AuthorizeClient browser = new AuthorizeClient(server, DEMO_HOST);
        URI back = browser.authorizeAndAllow(form("response_type", "code", "client_id", PUBLIC_APP, "redirect_uri",
                AuthorizeClient.CALLBACK, "scope", "all", "state", "st-" + UUID.randomUUID(),
                "code_challenge", AuthorizeClient.s256(verifier), "code_challenge_method", "S256"),
                "user_name", "user_password");
        String code = AuthorizeClient.query(back).get("code");
        secrets.put("an authorization code", code);
        for (HttpCookie cookie : browser.cookies.getCookieStore().getCookies()) {
            secrets.put("browser cookie " + cookie.getName(), cookie.getValue());
        }
        Map<String, Object> codeTokens = tokens("authorization code",
                OAuthAssert.assertSeedTokens(browser.exchange(Map.of("code", code, "redirect_uri", AuthorizeClient.CALLBACK,
                        "code_verifier", verifier))));
        // the code again: refused, and what it gave is revoked
        OAuthAssert.assertError(browser.exchange(Map.of("code", code, "redirect_uri", AuthorizeClient.CALLBACK,
                "code_verifier", verifier)), 400, "invalid_grant");
        // a wrong password on the login page
        String pagePassword = "PageWrong" + UUID.randomUUID().toString().replace("-", "");
        secrets.put("a wrong password on the login page", pagePassword);
        AuthorizeClient other = new AuthorizeClient(server, DEMO_HOST);
        HttpResponse<String> page = other.authorize(form("response_type", "code", "client_id", PUBLIC_APP,
                "redirect_uri", AuthorizeClient.CALLBACK));
        assertThat(page.statusCode()).isEqualTo(200);
        HttpResponse<String> refused = other.submit(page, Map.of("login", "user_name", "password", pagePassword));
        assertThat(refused.body()).as("the login page again").contains("name=\"password\"");

        // introspection: by an app, and by the resource server's credential
        Map<String, Object> fresh = tokens("introspected login", calls.login("user_name", "user_password"));
        assertThat(calls.introspect(TokenCalls.s(fresh, "access_token")).get("active")).isEqualTo(true);
        HttpResponse<String> byResourceServer = calls.post("/oauth/introspect", DEMO_HOST, basic("pbx-api", introspectionSecret),
                "token", TokenCalls.s(fresh, "refresh_token"));
        assertThat(byResourceServer.statusCode()).as(byResourceServer.body()).isEqualTo(200);
        assertThat(Json.object(byResourceServer.body()).get("active")).isEqualTo(true);
        String wrongRsSecret = "rsWrong" + UUID.randomUUID().toString().replace("-", "");
        secrets.put("a wrong resource server secret", wrongRsSecret);
        TokenCalls.assertError(calls.post("/oauth/introspect", DEMO_HOST, basic("pbx-api", wrongRsSecret),
                "token", TokenCalls.s(fresh, "access_token")), 401, "invalid_client");
        String unknownToken = "Unknown" + UUID.randomUUID().toString().replace("-", "").substring(0, 23);
        secrets.put("an unknown token presented", unknownToken);
        calls.assertInactive(unknownToken);

        // the operator API: the right secret, and a wrong one
        assertThat(new OperatorClient(server).get("/customers").status()).isEqualTo(200);
        String wrongOperatorSecret = "opWrong" + UUID.randomUUID().toString().replace("-", "");
        secrets.put("a wrong operator secret", wrongOperatorSecret);
        assertThat(new OperatorClient(server).get("/customers", "Authorization", basic(OperatorClient.ID, wrongOperatorSecret))
                .status()).isEqualTo(401);

        // revocation: an access token, a refresh token (its whole login), an unknown token
        assertThat(calls.revoke(DEMO_HOST, PASSWORD_APP, PASSWORD_APP_SECRET, "token", TokenCalls.s(fresh, "access_token"))
                .statusCode()).isEqualTo(200);
        assertThat(calls.revoke(DEMO_HOST, PUBLIC_APP, PUBLIC_APP_SECRET, "token", TokenCalls.s(codeTokens, "refresh_token"),
                "token_type_hint", "refresh_token").statusCode()).isEqualTo(200);
        assertThat(calls.revoke(DEMO_HOST, PASSWORD_APP, PASSWORD_APP_SECRET, "token", unknownToken).statusCode())
                .isEqualTo(200);
        calls.assertDead(TokenCalls.s(fresh, "access_token"));

        // refusals that carry secrets
        String wrongPassword = "WrongPassword" + UUID.randomUUID().toString().replace("-", "");
        secrets.put("a wrong password", wrongPassword);
        TokenCalls.assertError(calls.password(DEMO_HOST, PASSWORD_APP, PASSWORD_APP_SECRET, "user_name", wrongPassword),
                400, "invalid_grant");
        TokenCalls.assertError(calls.password(DEMO_HOST, PASSWORD_APP, PASSWORD_APP_SECRET, "nobody", wrongPassword),
                400, "invalid_grant");
        String wrongSecret = UUID.randomUUID().toString().replace("-", "");
        secrets.put("a wrong app secret", wrongSecret);
        TokenCalls.assertError(calls.password(DEMO_HOST, PASSWORD_APP, wrongSecret, "user_name", "user_password"),
                401, "invalid_client");
        TokenCalls.assertError(calls.clientCredentials(DEMO_HOST, TRUSTED_APP, wrongSecret), 401, "invalid_client");
        TokenCalls.assertError(calls.refresh(DEMO_HOST, PASSWORD_APP, PASSWORD_APP_SECRET, unknownToken), 400, "invalid_grant");
        TokenCalls.assertError(server.token(DEMO_HOST, encode(form("grant_type", "password", "client_id", PASSWORD_APP,
                "client_secret", PASSWORD_APP_SECRET, "username", "user_name", "password", wrongPassword))
                + "&password=" + wrongPassword, null), 400, "invalid_request");
        HttpResponse<String> bearerWrong = calls.user(DEMO_HOST, unknownToken);
        assertThat(bearerWrong.statusCode()).isEqualTo(401);

        // the CLI: a user whose password comes from standard input, then a new one
        String cliPassword = "CliPassword-" + UUID.randomUUID();
        secrets.put("a password given to user add", cliPassword);
        cli(InProcessCli.withStdin(data, cliPassword + "\n", "user", "add", "cli-user", "--customer", "Demo PBX",
                "--password-stdin"));
        tokens("CLI user's login", calls.login("cli-user", cliPassword));
        String cliPassword2 = "CliPassword2-" + UUID.randomUUID();
        secrets.put("a password given to user set-password", cliPassword2);
        cli(InProcessCli.withStdin(data, cliPassword2 + "\n", "user", "set-password", "cli-user", "--customer", "Demo PBX",
                "--password-stdin"));
        tokens("CLI user's login after set-password", calls.login("cli-user", cliPassword2));

        // the CLI: an app created, used, its secret rotated, used again
        String created = cli(InProcessCli.run(data, "app", "create", "--customer", "Demo PBX", "--name", "CLI app",
                "--type", "password_credentials", "--access", "all", "--owner", "admin"));
        String appId = group(APP_ID_LINE, created);
        String appSecret = group(APP_SECRET_LINE, created);
        secrets.put("secret of the CLI app", appSecret);
        tokens("CLI app's login", TokenCalls.ok(calls.password(DEMO_HOST, appId, appSecret, "user_name", "user_password")));
        String rotatedOut = cli(InProcessCli.run(data, "app", "rotate-secret", "--customer", "Demo PBX", appId));
        String newSecret = group(APP_SECRET_LINE, rotatedOut);
        secrets.put("rotated secret of the CLI app", newSecret);
        assertThat(newSecret).isNotEqualTo(appSecret);
        TokenCalls.assertError(calls.password(DEMO_HOST, appId, appSecret, "user_name", "user_password"), 401, "invalid_client");
        tokens("CLI app's login after rotation", TokenCalls.ok(calls.password(DEMO_HOST, appId, newSecret, "user_name",
                "user_password")));

        // every live access token is used once on the API
        secrets.forEach((what, value) -> {
            if (what.startsWith("access token") && !what.contains("refresh")) {
                server.user(DEMO_HOST, "Bearer " + value);
            }
        });
    }

    private static Map<String, Object> tokens(String flow, Map<String, Object> body) {
        secrets.put("access token of " + flow, TokenCalls.s(body, "access_token"));
        if (body.get("refresh_token") != null) {
            secrets.put("refresh token of " + flow, TokenCalls.s(body, "refresh_token"));
        }
        return body;
    }

    /** A CLI run that must succeed; its output, kept for the scan (errors whole, output without App Secret lines). */
    private static String cli(InProcessCli.Result r) {
        assertThat(r.exit()).as("%s", r).isZero();
        cliOutput.add("stderr: " + r.err());
        cliOutput.add("stdout: " + APP_SECRET_LINE.matcher(r.out()).replaceAll("App Secret: (shown once by design)"));
        return r.out();
    }

    private static String group(Pattern p, String text) {
        Matcher m = p.matcher(text);
        assertThat(m.find()).as("%s in %s", p, text).isTrue();
        return m.group(1);
    }

    @Test
    void whenEveryFlowRanThenManySecretsWereCollected() {
        assertThat(secrets.keySet()).as("what the scan looks for")
                .anyMatch(k -> k.startsWith("an authorization code"))
                .anyMatch(k -> k.startsWith("rotated secret"))
                .anyMatch(k -> k.startsWith("browser cookie"))
                .anyMatch(k -> k.startsWith("refresh token of refresh"))
                .anyMatch(k -> k.startsWith("access token of client credentials"));
        assertThat(secrets).hasSizeGreaterThanOrEqualTo(30);
        assertThat(secrets.values()).allSatisfy(v -> assertThat(v).hasSizeGreaterThanOrEqualTo(10));
    }

    @Test
    void whenEveryTableIsReadThenNoSecretIsInIt() {
        assertThat(storedValues).as("the read works: App IDs are stored as they are")
                .anySatisfy(v -> assertThat(v).contains(PASSWORD_APP));
        assertThat(found(storedValues)).as("secrets in the %s tables", databaseProduct).isEmpty();
    }

    @Test
    void whenTheDataFolderIsScannedThenNoSecretIsInAnyFile() {
        Map<Path, String> files = StoredText.files(data);
        if ("SQLite".equals(databaseProduct)) {
            assertThat(files.values()).as("the scan sees the SQLite file's plain text").anySatisfy(c -> assertThat(c).contains(PASSWORD_APP));
        }
        List<String> found = new ArrayList<>();
        secrets.forEach((what, value) -> files.forEach((file, content) -> {
            if (content.contains(value)) {
                found.add(what + " in " + data.relativize(file));
            }
        }));
        assertThat(found).as("secrets in the files of the data folder").isEmpty();
    }

    @Test
    void whenEverythingLoggedIsScannedThenNoSecretIsInIt() {
        assertThat(logged).as("the appender works").anySatisfy(l -> assertThat(l).contains(MARKER));
        assertThat(logged).as("the audit log was captured").anySatisfy(l -> assertThat(l).startsWith("pbxauth.audit"));
        assertThat(found(logged)).as("secrets in log events").isEmpty();
    }

    @Test
    void whenTheConsoleIsScannedThenNoSecretIsInIt() {
        assertThat(console).as("the capture works").contains(MARKER);
        assertThat(found(List.of(console))).as("secrets on System.out or System.err").isEmpty();
    }

    @Test
    void whenTheCliOutputIsScannedThenNoSecretIsInItButTheNewAppSecretOnce() {
        assertThat(cliOutput).as("CLI runs").hasSizeGreaterThanOrEqualTo(8);
        assertThat(found(cliOutput)).as("secrets in the CLI's output (beyond the App Secret line)").isEmpty();
    }

    /** Which secrets occur in any of {@code texts}, with the start of the text that holds each. */
    private static Set<String> found(List<String> texts) {
        Set<String> found = new LinkedHashSet<>();
        secrets.forEach((what, value) -> texts.stream().filter(t -> t.contains(value)).findFirst().ifPresent(t -> {
            int at = t.indexOf(value);
            found.add(what + " in: …" + t.substring(Math.max(0, at - 80), Math.min(t.length(), at + value.length() + 20))
                    .replaceAll("\\s+", " ") + "…");
        }));
        return found.stream().collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
