package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pbxauth.config.Settings;
import org.pbxauth.config.SettingsException;

/**
 * Issue 4, item 3: defaults, a YAML file, PBXAUTH_ environment variables and overrides, in that
 * order of precedence; a bad value refused with a message that names the setting; and the
 * command line refusing to start on one. Plain unit tests: no server, no database.
 */
class SettingsTest {
    @TempDir Path dir;

    private Path yaml(String text) throws IOException {
        Path file = dir.resolve("pbx-auth-" + System.nanoTime() + ".yaml");
        Files.writeString(file, text);
        return file;
    }

    private static Settings load(Map<String, String> env, Map<String, String> overrides) {
        return Settings.load(env, overrides);
    }

    @Test
    void whenNothingIsSetThenTheDocumentedDefaultsApply() {
        Settings s = Settings.defaults();
        assertThat(s.port()).isEqualTo(8080);
        assertThat(s.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(s.dataDir()).isEqualTo(Path.of("./data"));
        assertThat(s.accessTokenTtl()).isEqualTo(Duration.ofHours(1));
        assertThat(s.refreshIdleTtl()).isEqualTo(Duration.ofDays(30));
        assertThat(s.familyMaxAge()).isEqualTo(Duration.ofDays(90));
        assertThat(s.refreshGrace()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.argon2MemoryKiB()).isEqualTo(19456);
        assertThat(s.argon2Iterations()).isEqualTo(2);
        assertThat(s.argon2Parallelism()).isEqualTo(1);
        assertThat(s.dbPoolSize()).isEqualTo(16);
        assertThat(s.db()).as("SQLite by default").isEmpty();
        assertThat(s.logFormat()).isEqualTo("plain");
        assertThat(s.rateLimits()).isTrue();
        assertThat(s.serverKey()).isEmpty();
        assertThat(s.tlsCert()).isEmpty();
        assertThat(s.purgeInterval()).isEqualTo(Duration.ofMinutes(10));
        // issue 18's defaults: web sessions, the secret overlap, the audit trail, the limits /login shares
        assertThat(s.webSessionIdle()).as("web.session-idle").isEqualTo(Duration.ofMinutes(30));
        assertThat(s.webSessionMax()).as("web.session-max").isEqualTo(Duration.ofHours(12));
        assertThat(s.appSecretOverlap()).as("app.secret-overlap").isEqualTo(Duration.ofHours(24));
        assertThat(s.auditRetention()).as("audit.retention").isEqualTo(Duration.ofDays(90));
        assertThat(s.rateOauthPerSecond()).as("rate.oauth-per-second").isEqualTo(20);
        assertThat(s.rateOauthConcurrent()).as("rate.oauth-concurrent").isEqualTo(6);
        // the reference table documents every setting with a default and a meaning
        assertThat(Settings.REFERENCE).containsKeys("port", "bind", "data", "db", "db.user", "db.password",
                "db.pool-size", "log.format", "server-key", "token.access-ttl");
        assertThat(Settings.REFERENCE.values()).allSatisfy(spec -> {
            assertThat(spec).hasSize(2);
            assertThat(spec[1]).isNotBlank();
        });
    }

    /** README's settings table is the reference: every setting, its variable and its default, and no other. */
    @Test
    void whenReadmeListsTheSettingsThenEveryOneWithItsVariableAndDefault() throws java.io.IOException {
        java.nio.file.Path readme = java.nio.file.Path.of("..", "README.md");
        Map<String, String[]> rows = new java.util.LinkedHashMap<>();
        for (String line : java.nio.file.Files.readAllLines(readme)) {
            var m = java.util.regex.Pattern.compile("^\\| `([a-z0-9.-]+)` \\| `(PBXAUTH_[A-Z0-9_]+)` \\| (.+?) \\| .+ \\|$")
                    .matcher(line);
            if (m.matches()) {
                rows.put(m.group(1), new String[] {m.group(2), m.group(3)});
            }
        }
        assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(Settings.REFERENCE.keySet());
        Settings.REFERENCE.forEach((name, spec) -> {
            assertThat(rows.get(name)[0]).as(name).isEqualTo(Settings.envName(name));
            String shown = rows.get(name)[1];
            assertThat(shown).as("README's default of %s", name).isEqualTo(spec[0].isEmpty() ? "—" : "`" + spec[0] + "`");
        });
    }

    @Test
    void whenEnvironmentVariableSetThenItOverridesTheDefault() {
        assertThat(Settings.envName("token.access-ttl")).isEqualTo("PBXAUTH_TOKEN_ACCESS_TTL");
        Settings s = load(Map.of("PBXAUTH_TOKEN_ACCESS_TTL", "1800s", "PBXAUTH_DB_POOL_SIZE", "7",
                "PBXAUTH_LOG_FORMAT", "json", "PBXAUTH_RATE_LIMITS", "off", "OTHER_PORT", "1"), Map.of());
        assertThat(s.accessTokenTtl()).isEqualTo(Duration.ofMinutes(30));
        assertThat(s.dbPoolSize()).isEqualTo(7);
        assertThat(s.logFormat()).isEqualTo("json");
        assertThat(s.rateLimits()).isFalse();
        assertThat(s.port()).isEqualTo(8080);
    }

    @Test
    void whenYamlFileHasNestedAndDottedKeysThenBothAreRead() throws IOException {
        Path file = yaml("""
                port: 9090
                token:
                  access-ttl: 1200s
                  refresh-idle-ttl: 7d
                token.refresh-grace: 2s
                argon2:
                  memory-kib: 8192
                db.pool-size: 5
                rate:
                  oauth-per-second: 50
                log.format: json
                """);
        Settings s = load(Map.of(), Map.of("config", file.toString()));
        assertThat(s.port()).isEqualTo(9090);
        assertThat(s.accessTokenTtl()).isEqualTo(Duration.ofMinutes(20));
        assertThat(s.refreshIdleTtl()).isEqualTo(Duration.ofDays(7));
        assertThat(s.refreshGrace()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.argon2MemoryKiB()).isEqualTo(8192);
        assertThat(s.dbPoolSize()).isEqualTo(5);
        assertThat(s.rateOauthPerSecond()).isEqualTo(50);
        assertThat(s.logFormat()).isEqualTo("json");

        // the file may also be named by PBXAUTH_CONFIG
        assertThat(load(Map.of("PBXAUTH_CONFIG", file.toString()), Map.of()).port()).isEqualTo(9090);
    }

    @Test
    void whenASettingComesFromSeveralSourcesThenDefaultFileEnvironmentOverridesWinInThatOrder() throws IOException {
        Path file = yaml("""
                token:
                  access-ttl: 600s
                db.pool-size: 3
                purge.batch: 500
                """);
        Map<String, String> env = Map.of("PBXAUTH_DB_POOL_SIZE", "4", "PBXAUTH_PURGE_BATCH", "600");
        Settings s = load(env, Map.of("config", file.toString(), "purge.batch", "700"));
        assertThat(s.argon2Iterations()).as("default only").isEqualTo(2);
        assertThat(s.accessTokenTtl()).as("file over default").isEqualTo(Duration.ofMinutes(10));
        assertThat(s.dbPoolSize()).as("environment over file").isEqualTo(4);
        assertThat(s.purgeBatch()).as("override over environment").isEqualTo(700);
    }

    @Test
    void whenAValueIsBadThenTheMessageNamesTheSetting() throws IOException {
        assertRefused(Map.of(), Map.of("port", "abc"), "port");
        assertRefused(Map.of(), Map.of("port", "70000"), "port");
        assertRefused(Map.of(), Map.of("token.access-ttl", "-5"), "token.access-ttl");
        assertRefused(Map.of("PBXAUTH_TOKEN_ACCESS_TTL", "soon"), Map.of(), "token.access-ttl");
        assertRefused(Map.of(), Map.of("db", "mysql://x"), "db");
        assertRefused(Map.of(), Map.of("tls.cert", yaml("not a cert").toString()), "tls.cert");
        assertRefused(Map.of(), Map.of("log.format", "xml"), "log.format");
        assertRefused(Map.of(), Map.of("rate-limits", "maybe"), "rate-limits");
        assertRefused(Map.of(), Map.of("no.such-setting", "1"), "no.such-setting");
        Path unknownKey = yaml("""
                token:
                  access-tll: 60s
                """);
        assertRefused(Map.of(), Map.of("config", unknownKey.toString()), "token.access-tll");
        Path badValue = yaml("port: eighty\n");
        assertRefused(Map.of(), Map.of("config", badValue.toString()), "port");
        assertRefused(Map.of(), Map.of("config", yaml("port: [1, 2\n").toString()), "config");
        assertRefused(Map.of(), Map.of("config", dir.resolve("missing.yaml").toString()), "config");
    }

    private static void assertRefused(Map<String, String> env, Map<String, String> overrides, String setting) {
        assertThatThrownBy(() -> load(env, overrides))
                .as("settings %s / %s", env, overrides)
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("'" + setting + "'")
                .hasMessageContaining(Settings.envName(setting));
    }

    @Test
    void whenServeGetsABadSettingThenExitCode2AndNothingStarts() {
        Path data = dir.resolve("never-created");
        Result abc = main("serve", "--data", data.toString(), "--port", "abc");
        assertThat(abc.exit()).as("--port abc: %s", abc).isEqualTo(2);
        assertThat(abc.err()).contains("--port");
        Result range = main("serve", "--data", data.toString(), "--port", "70000");
        assertThat(range.exit()).as("--port 70000: %s", range).isEqualTo(2);
        assertThat(range.err()).contains("'port'");
        Result db = main("serve", "--data", data.toString(), "--port", "0", "--db", "mysql://x");
        assertThat(db.exit()).as("--db mysql://x: %s", db).isEqualTo(2);
        assertThat(db.err()).contains("'db'");
        assertThat(data).as("nothing started: no data folder, no key, no database").doesNotExist();
    }

    private record Result(int exit, String out, String err) {}

    /**
     * Main.run with its output captured (picocli writes through System.out and System.err), on a
     * thread of its own: a server that started after all would block, so it gets 30 s.
     */
    private static synchronized Result main(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "settings-test-main");
            t.setDaemon(true);
            return t;
        });
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            Future<Integer> exit = runner.submit(() -> Main.run(args));
            return new Result(exit.get(30, TimeUnit.SECONDS), out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8));
        } catch (TimeoutException e) {
            throw new AssertionError("pbx-auth " + String.join(" ", args) + " did not return within 30 s: it started");
        } catch (Exception e) {
            throw new AssertionError("pbx-auth " + String.join(" ", args) + " failed", e);
        } finally {
            runner.shutdownNow();
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
