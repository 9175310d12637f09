package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17: {@code pbx-auth demo} (whose passwords the README prints) listens on loopback unless
 * told otherwise; {@code --bind 0.0.0.0} or {@code PBXAUTH_BIND} opens it on purpose; the start
 * line says where. The bound address is read from the kernel's socket table (/proc/net/tcp and
 * tcp6), no traffic to other addresses needed.
 */
class DemoBindTest {
    private static final Pattern LISTENING = Pattern.compile("pbx-auth listening on http://([^:/ ]+):(\\d+) ");

    @TempDir Path dir;

    @Test
    void whenDemoWithoutBindThenOnlyLoopback() throws Exception {
        Bound b = demo("default", List.of(), Map.of());
        assertThat(b.logged()).isEqualTo("127.0.0.1");
        assertThat(b.sockets()).isNotEmpty().allMatch(DemoBindTest::isLoopback);
    }

    @Test
    void whenDemoWithBindOptionOrVariableThenAllAddresses() throws Exception {
        for (Bound b : List.of(demo("option", List.of("--bind", "0.0.0.0"), Map.of()),
                demo("variable", List.of(), Map.of("PBXAUTH_BIND", "0.0.0.0")))) {
            assertThat(b.logged()).isEqualTo("0.0.0.0");
            assertThat(b.sockets()).isNotEmpty().allMatch(DemoBindTest::isAny);
        }
    }

    private record Bound(String logged, List<String> sockets) {}

    /** Starts the demo, reads its start line and its listening sockets, and stops it. */
    private Bound demo(String name, List<String> extra, Map<String, String> env) throws Exception {
        Path data = dir.resolve(name);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), "org.pbxauth.Main", "demo",
                "--data", data.toString(), "--port", "0"));
        cmd.addAll(extra);
        if (TestDatabases.isPostgres()) {
            cmd.add("--db");
            cmd.add(TestDatabases.databaseFor(data));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("PBXAUTH_"));
        pb.environment().putAll(env);
        Path log = dir.resolve(name + ".log");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Process p = pb.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (System.nanoTime() < deadline) {
                Matcher m = LISTENING.matcher(Files.readString(log));
                if (m.find()) {
                    return new Bound(m.group(1), listeningSockets(Integer.parseInt(m.group(2))));
                }
                if (!p.isAlive()) {
                    throw new AssertionError("demo exited with " + p.exitValue() + ": " + Files.readString(log));
                }
                Thread.sleep(100);
            }
            throw new AssertionError("demo did not start within 90 s: " + Files.readString(log));
        } finally {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    /** Local addresses (hex, as the kernel prints them) of the LISTEN sockets on {@code port}. */
    private static List<String> listeningSockets(int port) throws IOException {
        String hexPort = String.format(Locale.ROOT, "%04X", port);
        List<String> out = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path t = Path.of(table);
            if (!Files.exists(t)) {
                continue;
            }
            for (String line : Files.readAllLines(t)) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 3 && f[1].endsWith(":" + hexPort) && f[3].equals("0A")) { // 0A: LISTEN
                    out.add(f[1].substring(0, f[1].indexOf(':')));
                }
            }
        }
        return out;
    }

    /** 127.0.0.1, as IPv4 or as IPv4-mapped IPv6 (the kernel prints each 32-bit word little-endian). */
    private static boolean isLoopback(String hex) {
        return hex.equals("0100007F") || hex.equals("0000000000000000FFFF00000100007F");
    }

    private static boolean isAny(String hex) {
        return hex.chars().allMatch(c -> c == '0');
    }
}
