package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.pbxauth.TestServer.DEMO_HOST;
import static org.pbxauth.TestServer.OTHER_APP;
import static org.pbxauth.TestServer.OTHER_APP_SECRET;
import static org.pbxauth.TestServer.OTHER_HOST;
import static org.pbxauth.TestServer.PASSWORD_APP;
import static org.pbxauth.TestServer.PASSWORD_APP_SECRET;
import static org.pbxauth.TestServer.PUBLIC_APP;
import static org.pbxauth.TestServer.PUBLIC_APP_SECRET;
import static org.pbxauth.TestServer.TRUSTED_APP;
import static org.pbxauth.TestServer.TRUSTED_APP_SECRET;
import static org.pbxauth.TestServer.basic;
import static org.pbxauth.TestServer.encode;
import static org.pbxauth.TestServer.form;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * After a run that logs in every demo user, on both customers, with both client authentications,
 * and fails a few logins too, no password, app secret or issued token is anywhere in the data
 * folder or in what the process printed (its logs go to the console).
 */
class SecretsAtRestTest {
    @TempDir static Path data;

    /** Every secret that crossed the wire, by what it is. */
    private static final Map<String, String> secrets = new LinkedHashMap<>();
    private static String printed;
    /** Every value of every table, read over SQL before the server stopped (SQLite and PostgreSQL alike). */
    private static final List<String> storedValues = new ArrayList<>();
    private static String databaseProduct;
    private static final String LOG_MARKER = "secrets-at-rest-log-marker-" + UUID.randomUUID();

    @BeforeAll
    static void run() {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        System.setOut(StoredText.tee(out, console));
        System.setErr(StoredText.tee(err, console));
        try {
            LoggerFactory.getLogger(SecretsAtRestTest.class).warn(LOG_MARKER); // proves the logs are captured
            try (TestServer server = TestServer.start(data)) {
                exercise(server);
                StoredText.Tables tables = StoredText.readEveryTable(server);
                databaseProduct = tables.databaseProduct();
                storedValues.addAll(tables.values());
            }
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        printed = console.toString(StandardCharsets.UTF_8);
    }

    private static void exercise(TestServer server) {
        secrets.put("password of admin", "admin_password");
        secrets.put("password of user_name", "user_password");
        secrets.put("password of the other admin", "other_admin_password");
        secrets.put("password of the other user_name", "other_password");
        secrets.put("secret of the password app", PASSWORD_APP_SECRET);
        secrets.put("secret of the trusted app", TRUSTED_APP_SECRET);
        secrets.put("secret of the public app", PUBLIC_APP_SECRET);
        secrets.put("secret of the other app", OTHER_APP_SECRET);

        tokens(server.login(DEMO_HOST, PASSWORD_APP, PASSWORD_APP_SECRET, "admin", "admin_password"), "admin");
        tokens(server.login(DEMO_HOST, PASSWORD_APP, PASSWORD_APP_SECRET, "user_name", "user_password"), "user_name");
        tokens(server.login(OTHER_HOST, OTHER_APP, OTHER_APP_SECRET, "admin", "other_admin_password"), "other admin");
        tokens(server.login(OTHER_HOST, OTHER_APP, OTHER_APP_SECRET, "user_name", "other_password"), "other user_name");
        HttpResponse<String> viaBasic = server.token(DEMO_HOST, encode(form("grant_type", "password",
                "username", "user_name", "password", "user_password")), basic(PASSWORD_APP, PASSWORD_APP_SECRET));
        tokens(OAuthAssert.assertSeedTokens(viaBasic), "user_name via Basic");

        // refusals see secrets too: a wrong password, a wrong app secret, secrets of the wrong app type
        String wrongPassword = "WrongPassword" + UUID.randomUUID().toString().replace("-", "");
        secrets.put("a wrong password", wrongPassword);
        OAuthAssert.assertError(server.passwordGrant("user_name", wrongPassword), 400, "invalid_grant");
        OAuthAssert.assertError(server.passwordGrant("nobody_at_all", wrongPassword),
                400, "invalid_grant");
        String wrongSecret = UUID.randomUUID().toString().replace("-", "");
        secrets.put("a wrong app secret", wrongSecret);
        OAuthAssert.assertError(server.token(DEMO_HOST, encode(form("grant_type", "password", "client_id",
                PASSWORD_APP, "client_secret", wrongSecret, "username", "user_name", "password", "user_password")), null),
                401, "invalid_client");
        OAuthAssert.assertError(server.token(DEMO_HOST, encode(form("grant_type", "password", "username",
                "user_name", "password", "user_password")), basic(TRUSTED_APP, TRUSTED_APP_SECRET)), 400, "unauthorized_client");
        OAuthAssert.assertError(server.token(DEMO_HOST, encode(form("grant_type", "password", "client_id", PUBLIC_APP,
                "client_secret", PUBLIC_APP_SECRET, "username", "user_name", "password", "user_password")), null),
                400, "unauthorized_client");
        String queryPassword = "QueryPassword" + UUID.randomUUID().toString().replace("-", "");
        secrets.put("a password in the query string", queryPassword);
        OAuthAssert.assertError(server.request("POST", "/oauth/token?password=" + queryPassword, DEMO_HOST,
                encode(form("grant_type", "password")).getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/x-www-form-urlencoded"), 400, "invalid_request");

        // and every access token is used once
        secrets.forEach((what, value) -> {
            if (what.startsWith("access token")) {
                String host = what.contains("other") ? OTHER_HOST : DEMO_HOST;
                assertThat(server.user(host, "Bearer " + value).statusCode()).as(what).isEqualTo(200);
            }
        });
    }

    private static void tokens(Map<String, Object> body, String whose) {
        secrets.put("access token of " + whose, (String) body.get("access_token"));
        secrets.put("refresh token of " + whose, (String) body.get("refresh_token"));
    }

    @Test
    void whenEveryStoredValueReadThenNoPasswordSecretOrTokenAmongThem() {
        assertThat(storedValues).as("the read works: App IDs are stored as they are")
                .anySatisfy(v -> assertThat(v).contains(PASSWORD_APP));
        List<String> found = new ArrayList<>();
        secrets.forEach((what, value) -> storedValues.stream().filter(v -> v.contains(value)).findFirst()
                .ifPresent(v -> found.add(what + " in " + v.substring(0, v.indexOf(':')))));
        assertThat(found).as("secrets in the database").isEmpty();
    }

    @Test
    void whenDataFolderScannedThenNoPasswordSecretOrTokenInIt() {
        assumeStoreInTheDataFolder();
        List<String> found = new ArrayList<>();
        Map<Path, String> files = StoredText.files(data);
        secrets.forEach((what, value) -> files.forEach((file, content) -> {
            if (content.contains(value)) {
                found.add(what + " in " + data.relativize(file));
            }
        }));
        assertThat(found).as("secrets in plain text under %s", data).isEmpty();
    }

    /** The scan sees what the store really holds: App IDs and hostnames are stored in plain text. */
    @Test
    void whenDataFolderScannedThenThePlainTextItHoldsIsFound() {
        assumeStoreInTheDataFolder();
        assertThat(secrets).hasSizeGreaterThanOrEqualTo(21);
        Map<Path, String> files = StoredText.files(data);
        assertThat(files.keySet()).anySatisfy(p -> assertThat(p.getFileName().toString()).startsWith("pbx-auth.db"));
        for (String plain : List.of(PASSWORD_APP, OTHER_APP, "pbx2.localhost", "Demo password app")) {
            assertThat(files.values()).as(plain).anySatisfy(content -> assertThat(content).contains(plain));
        }
    }

    @Test
    void whenConsoleOutputScannedThenNoPasswordSecretOrTokenInIt() {
        assertThat(printed).as("the capture works").contains(LOG_MARKER);
        Set<String> found = new LinkedHashSet<>();
        secrets.forEach((what, value) -> {
            if (printed.contains(value)) {
                found.add(what);
            }
        });
        assertThat(found).as("secrets in the console output").isEmpty();
    }

    /** The embedded SQLite lives in the data folder (its file and WAL); a PostgreSQL run keeps only the server key there. */
    private static void assumeStoreInTheDataFolder() {
        assumeTrue("SQLite".equals(databaseProduct), "the store is " + databaseProduct + ", not a file in the data folder");
    }
}
