package org.pbxauth.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pbxauth.TestServer;

/**
 * The two example programs run as an app runs them: their source alone with the SDK's classes on
 * the class path, in a JVM of their own — Java 17 when the machine has one (the SDK's promise),
 * against the real server.
 */
class ExamplesServerTest {
    private static final Path EXAMPLES = Path.of("src/examples/java/org/pbxauth/client/examples");

    @TempDir
    Path data;

    @Test
    void whenTheTrustedAppExampleRunsThenItCallsTheApiAsItsOwner() throws Exception {
        try (LiveServer s = LiveServer.start(data, java.time.Clock.systemUTC(), Map.of())) {
            Process p = run("TrustedAppExample.java", Map.of("PBX_BASE_URL", s.base.toString(),
                    "PBX_APP_ID", TestServer.TRUSTED_APP, "PBX_APP_SECRET", TestServer.TRUSTED_APP_SECRET));
            List<String> out = lines(p, 100);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(String.join("\n", out)).isZero();
            assertThat(out).contains("acting as user_name (user 2, access call_api)");
            assertThat(out).anyMatch(l -> l.startsWith("GET cdr: HTTP "));
        }
    }

    @Test
    void whenThePasswordAppsLoginIsEndedOnTheServerThenTheExampleLogsInAgainAndKeepsPolling() throws Exception {
        try (LiveServer s = LiveServer.start(data, java.time.Clock.systemUTC(), Map.of())) {
            Process p = run("PasswordAppExample.java", Map.of("PBX_BASE_URL", s.base.toString(),
                    "PBX_APP_ID", TestServer.PASSWORD_APP, "PBX_APP_SECRET", TestServer.PASSWORD_APP_SECRET,
                    "PBX_USER", "user_name", "PBX_PASSWORD", "user_password",
                    "PBX_POLLS", "4", "PBX_POLL_SECONDS", "1"));
            BufferedReader reader = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            List<String> out = new ArrayList<>();
            String line;
            while ((line = reader.readLine()) != null) {
                out.add(line);
                if (line.equals("poll 1: user_name")) {
                    // mid-run, the user's sessions end: the refresh token the example holds is revoked
                    s.services().lifecycle().revokeSessions(s.user("user_name"));
                }
            }
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(String.join("\n", out)).isZero();
            assertThat(out).containsSubsequence("logged in (password), token for 3600 s", "poll 1: user_name",
                    "401 on GET /api/ver1.0/user/: new token, sent once more", "refresh refused: invalid_grant",
                    "logged in (password), token for 3600 s", "poll 2: user_name", "poll 4: user_name");
            assertThat(String.join("\n", out)).doesNotContain(TestServer.PASSWORD_APP_SECRET).doesNotContain("user_password");
        }
    }

    /** {@code java -cp target/classes <example>.java}: the source launcher, no build of the app's own. */
    private static Process run(String example, Map<String, String> env) throws IOException {
        List<String> command = List.of(java17().toString(), "-cp", Path.of("target/classes").toAbsolutePath().toString(),
                EXAMPLES.resolve(example).toAbsolutePath().toString());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        return pb.start();
    }

    private static List<String> lines(Process p, int max) throws IOException {
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null && out.size() < max) {
                out.add(line);
            }
        }
        return out;
    }

    /** A Java 17 of the machine (Debian's openjdk-17 here), else the JVM running the tests. */
    static Path java17() throws IOException {
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> dirs = Files.list(jvms)) {
                var found = dirs.filter(d -> d.getFileName().toString().contains("17"))
                        .map(d -> d.resolve("bin/java")).filter(Files::isExecutable).sorted().findFirst();
                if (found.isPresent()) {
                    return found.get();
                }
            }
        }
        return Path.of(ProcessHandle.current().info().command().orElse("java"));
    }
}
