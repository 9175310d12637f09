package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.pbxauth.http.errors.JsonErrorHandler;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4, items 4 and 5: the real server as a process of its own ({@code pbx-auth demo}),
 * killed with SIGKILL under load (nothing it answered 200 for is lost) and stopped with SIGTERM
 * (requests in flight are finished, the process exits). On SQLite the store is the data folder; in
 * the postgres execution the process is pointed at a database of its own with {@code --db}.
 */
class KillTest {
    private static final String LOGIN_FORM = TestServer.encode(TestServer.form("grant_type", "password",
            "client_id", TestServer.PASSWORD_APP, "client_secret", TestServer.PASSWORD_APP_SECRET,
            "username", "user_name", "password", "user_password"));

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void whenKilledUnderLoadThenEveryTokenItAnswered200ForStillWorksAfterRestart(@TempDir Path dir) throws Exception {
        int port = freePort();
        Process first = start(dir, port, "first");
        List<String> tokens = new ArrayList<>();
        Map<String, AtomicInteger> outcomes;
        try {
            awaitReady(first, port, dir, "first");
            ConcurrentLinkedQueue<String> collected = new ConcurrentLinkedQueue<>();
            Consumer<HttpResponse<String>> collect = r -> {
                if (r.statusCode() == 200) {
                    collected.add((String) Json.object(r.body()).get("access_token"));
                }
            };
            // password grants (a hash each, a few a second) and client_credentials grants (hundreds
            // a second, through the group commit): both kinds of write in flight at the kill
            Senders logins = new Senders(2, "kill-test-login", first, () -> loginRequest(port), collect);
            String trusted = TestServer.encode(TestServer.form("grant_type", "client_credentials",
                    "client_id", TestServer.TRUSTED_APP, "client_secret", TestServer.TRUSTED_APP_SECRET));
            Senders grants = new Senders(6, "kill-test-grant", first, () -> formRequest(port, trusted), collect, logins.outcomes);
            outcomes = logins.outcomes;
            Thread.sleep(3_000);
            first.destroyForcibly(); // SIGKILL, with the senders still sending
            assertThat(first.waitFor(15, TimeUnit.SECONDS)).as("the killed process ended").isTrue();
            for (Senders senders : List.of(logins, grants)) {
                for (Thread sender : senders.stop(15_000)) {
                    assertThat(sender.isAlive()).as("%s ended", sender.getName()).isFalse();
                }
            }
            tokens.addAll(collected);
        } finally {
            first.destroyForcibly();
            first.waitFor(15, TimeUnit.SECONDS);
        }
        System.out.println("KillTest outcomes under load: " + outcomes + ", tokens collected: " + tokens.size());
        assertThat(tokens).as("tokens answered 200 before the kill (outcomes %s)", outcomes).isNotEmpty();
        assertThat(outcomes).as("requests cut by the kill: it came while they were in flight")
                .containsKey("io-error");

        int port2 = freePort();
        Process second = start(dir, port2, "second");
        try {
            awaitReady(second, port2, dir, "second");
            List<String> lost = new ArrayList<>();
            for (String token : tokens) {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port2 + "/api/ver1.0/user/"))
                        .timeout(Duration.ofSeconds(30)).header("Host", "localhost")
                        .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    lost.add(token.substring(0, 6) + "…: " + r.statusCode() + " " + r.body());
                }
            }
            assertThat(lost).as("tokens answered 200 before the SIGKILL that no longer work (of %d)", tokens.size())
                    .isEmpty();
        } finally {
            second.destroyForcibly();
            second.waitFor(15, TimeUnit.SECONDS);
        }
    }

    @Test
    void whenTerminatedWithRequestsInFlightThenTheyCompleteAndTheProcessExits(@TempDir Path dir) throws Exception {
        int port = freePort();
        Process server = start(dir, port, "graceful");
        try {
            awaitReady(server, port, dir, "graceful");
            byte[] body = LOGIN_FORM.getBytes(StandardCharsets.UTF_8);
            String head = "POST /oauth/token HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length + "\r\n\r\n";
            // three requests in flight: headers and most of the body sent, the handler waiting for the rest
            List<Socket> inFlight = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
                    socket.setSoTimeout(20_000);
                    OutputStream out = socket.getOutputStream();
                    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
                    out.write(body, 0, body.length - 5);
                    out.flush();
                    inFlight.add(socket);
                }
                // Jetty cuts connections idle for more than 1 s once it is stopping (its shutdown idle
                // timeout): the rest of each body follows well within that.
                Thread.sleep(300);
                long t0 = System.nanoTime();
                server.destroy(); // SIGTERM
                Thread.sleep(250);
                assertThat(server.isAlive()).as("the process waits for its requests in flight").isTrue();
                for (Socket socket : inFlight) {
                    socket.getOutputStream().write(body, body.length - 5, 5);
                    socket.getOutputStream().flush();
                }
                for (int i = 0; i < inFlight.size(); i++) {
                    String answer = readAnswer(inFlight.get(i).getInputStream());
                    assertThat(answer).as("answer %d to a request in flight at SIGTERM", i + 1).startsWith("HTTP/1.1 200");
                    assertThat(answer).as("answer %d", i + 1).contains("\"access_token\"");
                }
                assertThat(server.waitFor(15, TimeUnit.SECONDS)).as("the process exits within 15 s of SIGTERM").isTrue();
                System.out.println("KillTest graceful stop took " + (System.nanoTime() - t0) / 1_000_000 + " ms, exit "
                        + server.exitValue());
                assertThat(server.exitValue()).as("exit code after SIGTERM").isIn(0, 143);
                // and it no longer accepts
                assertThat(canConnect(port)).as("port still accepting after the exit").isFalse();
                // plain log lines by default, audit lines among them
                assertThat(Files.readAllLines(dir.resolve("graceful.err"))).as("plain log of the process")
                        .anySatisfy(l -> assertThat(l).contains("token issued grant=password").doesNotStartWith("{"));
            } finally {
                for (Socket socket : inFlight) {
                    socket.close();
                }
            }
        } finally {
            server.destroyForcibly();
            server.waitFor(15, TimeUnit.SECONDS);
        }
    }

    /**
     * The JVM runs its shutdown hooks side by side, with the libraries' own (the earlier H2 store
     * registered one that closed the database): before the server took SIGTERM itself, a grant in
     * flight at the signal could meet a closed store and get a 500 or 503. Every request the server started must get its 200; one
     * that came on an open connection after the signal is not started and gets Jetty's 503 (nothing
     * of it done, retry); the others are refused or cut, as for any stopped server.
     */
    @Test
    void whenTerminatedUnderLoadThenNoRequestGetsAServerError(@TempDir Path dir) throws Exception {
        int port = freePort();
        Process server = start(dir, port, "busy");
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        try {
            awaitReady(server, port, dir, "busy");
            String form = TestServer.encode(TestServer.form("grant_type", "client_credentials",
                    "client_id", TestServer.TRUSTED_APP, "client_secret", TestServer.TRUSTED_APP_SECRET));
            Senders senders = new Senders(8, "kill-test-busy", server, () -> formRequest(port, form), r -> {
                boolean notStarted = r.statusCode() == 503 && r.body().contains(JsonErrorHandler.STOPPING)
                        && r.headers().firstValue("Retry-After").isPresent();
                if (r.statusCode() != 200 && !notStarted) {
                    failures.add(r.statusCode() + " " + r.body());
                }
            });
            Map<String, AtomicInteger> outcomes = senders.outcomes;
            Thread.sleep(2_000);
            server.destroy(); // SIGTERM, with the senders still sending
            assertThat(server.waitFor(15, TimeUnit.SECONDS)).as("the process exits within 15 s of SIGTERM").isTrue();
            senders.stop(25_000);
            System.out.println("KillTest outcomes at SIGTERM under load: " + outcomes + ", exit " + server.exitValue() + " " + failures);
            assertThat(outcomes.get("200")).as("grants answered before the signal (outcomes %s)", outcomes).isNotNull();
            assertThat(failures).as("answers other than 200 around SIGTERM (outcomes %s)", outcomes).isEmpty();
            assertThat(Files.readString(dir.resolve("busy.err"))).as("the server's log").doesNotContain(" ERROR ");
        } finally {
            server.destroyForcibly();
            server.waitFor(15, TimeUnit.SECONDS);
        }
    }

    @Test
    void whenLogFormatIsJsonThenEveryLogLineIsOneJsonObjectAndNoSecret(@TempDir Path dir) throws Exception {
        int port = freePort();
        Process server = start(dir, port, "json", Map.of("PBXAUTH_LOG_FORMAT", "json"));
        try {
            awaitReady(server, port, dir, "json");
            HttpResponse<String> ok = client.send(loginRequest(port), HttpResponse.BodyHandlers.ofString());
            assertThat(ok.statusCode()).as("login: %s", ok.body()).isEqualTo(200);
            String wrong = LOGIN_FORM.replace("user_password", "Wr0ng-Json-Passw0rd");
            HttpResponse<String> refused = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/oauth/token"))
                    .timeout(Duration.ofSeconds(20)).header("Host", "localhost")
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(wrong)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).as("wrong password: %s", refused.body()).isEqualTo(400);
            server.destroy();
            assertThat(server.waitFor(15, TimeUnit.SECONDS)).as("exit within 15 s of SIGTERM").isTrue();

            String accessToken = (String) Json.object(ok.body()).get("access_token");
            // the JVM's own warnings (not logging) are the only other lines a process may print
            List<String> lines = Files.readAllLines(dir.resolve("json.err")).stream()
                    .filter(l -> !l.isBlank() && !l.startsWith("WARNING: "))
                    .toList();
            assertThat(lines).as("log lines").isNotEmpty();
            for (String line : lines) {
                assertThat(Json.object(line)).as("log line %s", line).containsKeys("level", "loggerName");
                assertThat(line).doesNotContain("user_password").doesNotContain("Wr0ng-Json-Passw0rd")
                        .doesNotContain(TestServer.PASSWORD_APP_SECRET).doesNotContain(accessToken);
            }
            assertThat(lines).as("audit lines in JSON")
                    .anySatisfy(l -> assertThat(l).contains("pbxauth.audit").contains("token issued grant=password"))
                    .anySatisfy(l -> assertThat(l).contains("pbxauth.audit").contains("outcome=invalid_grant"));
        } finally {
            server.destroyForcibly();
            server.waitFor(15, TimeUnit.SECONDS);
        }
    }

    /** Reads one HTTP/1.1 answer with a Content-Length (Jetty's for a small JSON body); bounded by the socket timeout. */
    private static String readAnswer(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int contentLength = -1;
        int headerEnd = -1;
        byte[] buf = new byte[4096];
        while (b.length() < 1_000_000) {
            int n = in.read(buf);
            if (n < 0) {
                break;
            }
            b.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
            if (headerEnd < 0) {
                headerEnd = b.indexOf("\r\n\r\n");
                if (headerEnd >= 0) {
                    var m = java.util.regex.Pattern.compile("(?im)^content-length:\\s*(\\d+)").matcher(b.substring(0, headerEnd));
                    contentLength = m.find() ? Integer.parseInt(m.group(1)) : -1;
                }
            }
            if (headerEnd >= 0 && contentLength >= 0 && b.length() >= headerEnd + 4 + contentLength) {
                break;
            }
        }
        return b.toString();
    }

    private HttpRequest loginRequest(int port) {
        return formRequest(port, LOGIN_FORM);
    }

    private static HttpRequest formRequest(int port, String form) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/oauth/token"))
                .timeout(Duration.ofSeconds(20))
                .header("Host", "localhost")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
    }

    /**
     * Threads that each send one request after another to the server process until stopped or
     * until the process has ended, counting the answers by status (and "io-error").
     */
    private final class Senders {
        final Map<String, AtomicInteger> outcomes;
        private final AtomicBoolean stop = new AtomicBoolean();
        private final List<Thread> threads = new ArrayList<>();

        Senders(int n, String name, Process server, Supplier<HttpRequest> request, Consumer<HttpResponse<String>> onAnswer) {
            this(n, name, server, request, onAnswer, new ConcurrentHashMap<>());
        }

        /** Senders that count into {@code outcomes}, which other senders may share. */
        Senders(int n, String name, Process server, Supplier<HttpRequest> request, Consumer<HttpResponse<String>> onAnswer,
                Map<String, AtomicInteger> outcomes) {
            this.outcomes = outcomes;
            for (int t = 0; t < n; t++) {
                Thread sender = new Thread(() -> {
                    while (!stop.get()) {
                        try {
                            HttpResponse<String> r = client.send(request.get(), HttpResponse.BodyHandlers.ofString());
                            count(Integer.toString(r.statusCode()));
                            onAnswer.accept(r);
                        } catch (IOException e) {
                            count("io-error");
                            if (!server.isAlive()) {
                                return;
                            }
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }, name + "-" + t);
                sender.setDaemon(true);
                sender.start();
                threads.add(sender);
            }
        }

        private void count(String outcome) {
            outcomes.computeIfAbsent(outcome, k -> new AtomicInteger()).incrementAndGet();
        }

        /** Stops the senders and waits up to {@code millis} for each; returns them, for checks. */
        List<Thread> stop(long millis) throws InterruptedException {
            stop.set(true);
            for (Thread sender : threads) {
                sender.join(millis);
            }
            return threads;
        }
    }

    /** {@code pbx-auth demo} in a JVM of its own on 127.0.0.1:port, on the store of {@code dir}. */
    private static Process start(Path dir, int port, String name) throws IOException {
        return start(dir, port, name, Map.of());
    }

    /** The same, with {@code env} added to a PBXAUTH_-free environment. */
    private static Process start(Path dir, int port, String name, Map<String, String> env) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp", System.getProperty("java.class.path"),
                "org.pbxauth.Main", "demo",
                "--data", dir.toString(),
                "--port", Integer.toString(port),
                "--bind", "127.0.0.1"));
        if (TestDatabases.isPostgres()) {
            cmd.add("--db");
            cmd.add(TestDatabases.databaseFor(dir));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("PBXAUTH_"));
        pb.environment().put("PBXAUTH_RATE_LIMITS", "off"); // four senders from one address: no 429s wanted
        pb.environment().putAll(env);
        pb.redirectOutput(dir.resolve(name + ".out").toFile());
        pb.redirectError(dir.resolve(name + ".err").toFile());
        return pb.start();
    }

    private void awaitReady(Process process, int port, Path dir, String name) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the " + name + " server exited with " + process.exitValue() + ": "
                        + Files.readString(dir.resolve(name + ".err")));
            }
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the " + name + " server was not ready within 90 s: " + Files.readString(dir.resolve(name + ".err")));
    }

    private static boolean canConnect(int port) {
        try (Socket s = new Socket()) {
            s.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
