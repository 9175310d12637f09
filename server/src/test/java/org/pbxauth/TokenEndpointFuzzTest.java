package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;

/**
 * Issue 5, item 7: Jazzer fuzzes {@code POST /oauth/token} of a running server (one for the whole
 * run) with fuzzed bodies (raw bytes, or forms of the token endpoint's parameters with fuzzed and
 * valid values), content types, Host, Authorization and query strings, written byte for byte on a
 * socket. Every input gets a well-formed HTTP answer (no reset, no silence), never a 5xx, and an
 * error answer with a body is the JSON error shape. How it runs: see {@link FormBodyFuzzTest}.
 *
 * <p>The server hashes with cheap Argon2id parameters so that the fuzzer's password grants with
 * valid client credentials do not dominate the round; rate limits are off (one client address).
 */
class TokenEndpointFuzzTest {
    private static final List<String> NAMES = List.of("grant_type", "client_id", "client_secret", "username",
            "password", "refresh_token", "code", "redirect_uri", "code_verifier", "scope", "token", "x");
    private static final List<String> VALUES = List.of("password", "refresh_token", "client_credentials",
            "authorization_code", TestServer.PASSWORD_APP, TestServer.PASSWORD_APP_SECRET, TestServer.TRUSTED_APP,
            TestServer.TRUSTED_APP_SECRET, TestServer.PUBLIC_APP, "user_name", "user_password", "all", "",
            AuthorizeClient.CALLBACK);
    private static final List<String> CONTENT_TYPES = List.of("application/x-www-form-urlencoded",
            "application/x-www-form-urlencoded; charset=UTF-8", "application/x-www-form-urlencoded;charset=\"utf-8\"",
            "application/x-www-form-urlencoded; charset=ISO-8859-1", "application/json", "text/plain", "multipart/form-data; boundary=x");
    private static final List<String> HOSTS = List.of("localhost", "127.0.0.1", TestServer.OTHER_HOST, "LOCALHOST.",
            "[::1]", "unknown.example");

    private static TestServer server;
    private static Path data;

    /**
     * Started on the first input, not in {@code @BeforeAll}: Jazzer installs its agent when the fuzz
     * test's arguments are made, and only classes loaded after that are instrumented (coverage of the
     * server's code guides the fuzzer).
     */
    private static synchronized TestServer server() throws IOException {
        if (server == null) {
            data = Files.createTempDirectory("pbx-auth-fuzz");
            server = TestServer.start(data, Clock.systemUTC(), Map.of("argon2.memory-kib", "64", "argon2.iterations", "1"));
        }
        return server;
    }

    @AfterAll
    static void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        if (data != null) {
            try (var files = Files.walk(data)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @FuzzTest(maxDuration = "20s")
    @DictionaryEntries({"grant_type", "password", "client_id", "client_secret", "refresh_token", "Basic ", "Bearer ",
            "%C3%A9", "%FF", "%00", "&", "="})
    void whenAnythingIsPostedToTheTokenEndpointThenAWellFormedAnswerAndNever5xx(FuzzedDataProvider in) throws IOException {
        TestServer server = server();
        // Jazzer's SSRF detector: connections to this server's port on loopback are the test itself
        try (var allowed = BugDetectors.allowNetworkConnections((h, p) -> p == server.port()
                && (h.equals("127.0.0.1") || h.equals("localhost")))) {
            postAnything(in, server);
        }
    }

    private static void postAnything(FuzzedDataProvider in, TestServer server) throws IOException {
        String host = in.consumeBoolean() ? in.pickValue(HOSTS) + ":" + server.port() : headerValue(in.consumeString(60));
        String contentType = in.consumeBoolean() ? in.pickValue(CONTENT_TYPES) : headerValue(in.consumeString(80));
        String authorization = switch (in.consumeInt(0, 3)) {
            case 0 -> null;
            case 1 -> TestServer.basic(in.pickValue(VALUES), in.pickValue(VALUES));
            case 2 -> TestServer.basic(in.consumeString(40), in.consumeString(40));
            default -> headerValue(in.consumeString(100));
        };
        String query = in.consumeInt(0, 7) == 0 ? "?" + in.consumeAsciiString(40).replaceAll("[\\s#]", "") : "";
        byte[] body;
        if (in.consumeBoolean()) {
            StringBuilder form = new StringBuilder();
            int pairs = in.consumeInt(0, 8);
            for (int i = 0; i < pairs; i++) {
                if (i > 0) {
                    form.append('&');
                }
                String name = in.consumeBoolean() ? in.pickValue(NAMES) : in.consumeString(20);
                String value = in.consumeBoolean() ? in.pickValue(VALUES) : in.consumeString(60);
                form.append(TestServer.encode(Map.of(name, value)));
            }
            body = (form + in.consumeString(40)).getBytes(StandardCharsets.UTF_8);
        } else {
            body = in.consumeRemainingAsBytes();
        }

        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(("POST /oauth/token" + query + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: " + contentType
                + "\r\n" + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        request.writeBytes(body);
        String answer = send(request.toByteArray());

        assertThat(answer).as("an HTTP answer to %s", printable(request)).startsWith("HTTP/1.1 ");
        int status = Integer.parseInt(answer.substring(9, 12));
        assertThat(status).as("status for %s: %s", printable(request), answer).isBetween(200, 499);
        int bodyAt = answer.indexOf("\r\n\r\n");
        String responseBody = bodyAt < 0 ? "" : answer.substring(bodyAt + 4);
        if (status >= 400 && !responseBody.isEmpty()) {
            Object error = Json.object(new String(responseBody.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8))
                    .get("error");
            assertThat(error).as("the JSON error shape for %s: %s", printable(request), answer).isInstanceOf(String.class);
        }
    }

    /** The whole answer to one request on a fresh connection, as ISO-8859-1. */
    private static String send(byte[] request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server().port())) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (IOException e) {
                // the server may answer and close before reading it all (a body over the cap): read what it said
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    answer.write(buffer, 0, n);
                }
            } catch (java.net.SocketTimeoutException e) {
                fail("no complete answer within 15 s to " + printable(request) + "; got: " + answer);
            } catch (IOException e) {
                if (answer.size() == 0) {
                    throw e;
                }
            }
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }

    /** A header value that keeps the request's framing: no CR or LF (other bytes are the fuzzer's). */
    private static String headerValue(String s) {
        return s.replace("\r", "").replace("\n", "");
    }

    private static String printable(ByteArrayOutputStream request) {
        return printable(request.toByteArray());
    }

    private static String printable(byte[] request) {
        StringBuilder b = new StringBuilder();
        for (byte x : request) {
            int c = x & 0xff;
            b.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\x%02x", c));
            if (b.length() > 2000) {
                return b.append("…").toString();
            }
        }
        return b.toString();
    }
}
