package org.pbxauth;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.pbxauth.config.Settings;

/**
 * A real pbx-auth server for a test: its own SQLite file in {@code dataDir}, the demo data, a free
 * port, and a JDK HttpClient pointed at it. Host headers are set per request (surefire allows
 * the restricted {@code Host} header), so both demo customers are reachable on 127.0.0.1.
 */
public final class TestServer implements AutoCloseable {
    public static final String PASSWORD_APP = "a80f1e618ddd4d4584e2bd18fd464194";
    public static final String PASSWORD_APP_SECRET = "a2423941f5be408c998d5f7287570990";
    public static final String TRUSTED_APP = "b1d5781111d84f7b3fe45a0852e59758";
    public static final String TRUSTED_APP_SECRET = "c4ca4238a0b923820dcc509a6f75849b";
    public static final String PUBLIC_APP = "d3d9446802a44259755d38e6d163e820";
    public static final String PUBLIC_APP_SECRET = "6512bd43d9caa6e02c990b0a82652dca";
    public static final String OTHER_APP = "e4da3b7fbbce2345d7772b0674a318d5";
    public static final String OTHER_APP_SECRET = "1679091c5a880faf6fb5e6087eb1b2dc";
    public static final String OTHER_HOST = "pbx2.localhost";

    private final Node node;
    private final Path dataDir;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestServer(Node node, Path dataDir) {
        this.node = node;
        this.dataDir = dataDir;
    }

    /** A server with demo data on a free port, with the system clock. */
    public static TestServer start(Path dataDir) {
        return start(dataDir, Clock.systemUTC(), Map.of());
    }

    /** A server with demo data, the given clock and setting overrides (by setting name). */
    public static TestServer start(Path dataDir, Clock clock, Map<String, String> overrides) {
        Map<String, String> all = new LinkedHashMap<>(overrides);
        all.put("data", dataDir.toString());
        all.putIfAbsent("port", "0");
        all.putIfAbsent("bind", "127.0.0.1");
        // Tests send bursts from one address: the vendor limits (20/s per address) are tested on their own.
        all.putIfAbsent("rate-limits", "off");
        TestDatabases.configure(all, dataDir); // SQLite in the folder, or a PostgreSQL database of its own
        Settings settings = Settings.load(Map.of(), all);
        try (Services s = Services.open(settings, clock)) {
            DemoData.ensure(s);
        }
        return new TestServer(Node.start(settings, clock), dataDir);
    }

    /**
     * A server with demo data whose settings also read these environment variables (PBXAUTH_…);
     * unlike {@link #start(Path, Clock, Map)} it leaves {@code rate-limits} to them and to {@code overrides}.
     */
    public static TestServer startWithEnvironment(Path dataDir, Clock clock, Map<String, String> env,
                                                  Map<String, String> overrides) {
        Map<String, String> all = new LinkedHashMap<>(overrides);
        all.put("data", dataDir.toString());
        all.putIfAbsent("port", "0");
        all.putIfAbsent("bind", "127.0.0.1");
        TestDatabases.configure(all, dataDir);
        Settings settings = Settings.load(env, all);
        try (Services s = Services.open(settings, clock)) {
            DemoData.ensure(s);
        }
        return new TestServer(Node.start(settings, clock), dataDir);
    }

    /**
     * A TestServer around a node the test started itself (several nodes on one store, settings of
     * its own); closing it closes the node.
     */
    public static TestServer of(Node node, Path dataDir) {
        return new TestServer(node, dataDir);
    }

    public int port() {
        return node.port();
    }

    public Path dataDir() {
        return dataDir;
    }

    public Node node() {
        return node;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    /** POST a form (name/value pairs, url-encoded here) to {@code path} on the demo customer. */
    public HttpResponse<String> postForm(String path, Map<String, String> form) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form))).build());
    }

    /** The seed's password grant for {@code user}/{@code password} with the demo password app. */
    public HttpResponse<String> passwordGrant(String user, String password) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", PASSWORD_APP);
        form.put("client_secret", PASSWORD_APP_SECRET);
        form.put("username", user);
        form.put("password", password);
        return postForm("/oauth/token", form);
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpClient client() {
        return client;
    }

    /** The demo customer's own hostname (the other is {@link #OTHER_HOST}). */
    public static final String DEMO_HOST = "localhost";

    /**
     * Any request, byte for byte: {@code method} on {@code path} (query included) with the Host
     * header {@code host} (null: the default, 127.0.0.1:port), extra headers as name/value pairs,
     * and {@code body} (null: none). No Content-Type is added unless given in {@code headers}.
     */
    public HttpResponse<String> request(String method, String path, String host, byte[] body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path))
                .version(HttpClient.Version.HTTP_1_1)
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (host != null) {
            b.header("Host", host);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b.build());
    }

    /** POST /oauth/token with a raw form body, on {@code host}, with an optional Authorization header. */
    public HttpResponse<String> token(String host, String formBody, String authorization) {
        byte[] body = formBody.getBytes(StandardCharsets.UTF_8);
        return authorization == null
                ? request("POST", "/oauth/token", host, body, "Content-Type", "application/x-www-form-urlencoded")
                : request("POST", "/oauth/token", host, body, "Content-Type", "application/x-www-form-urlencoded",
                        "Authorization", authorization);
    }

    /** GET /api/ver1.0/user/ on {@code host} with this Authorization header (null: none). */
    public HttpResponse<String> user(String host, String authorization) {
        return authorization == null
                ? request("GET", "/api/ver1.0/user/", host, null)
                : request("GET", "/api/ver1.0/user/", host, null, "Authorization", authorization);
    }

    /** A password-grant login that must succeed: its parsed 200 answer. */
    public Map<String, Object> login(String host, String clientId, String clientSecret, String user, String password) {
        HttpResponse<String> r = token(host, encode(form("grant_type", "password", "client_id", clientId,
                "client_secret", clientSecret, "username", user, "password", password)), null);
        if (r.statusCode() != 200) {
            throw new AssertionError("login of " + user + " on " + host + " answered " + r.statusCode() + " " + r.body());
        }
        return Json.object(r.body());
    }

    /** The access token of a successful login. */
    public String accessToken(String host, String clientId, String clientSecret, String user, String password) {
        return (String) login(host, clientId, clientSecret, user, password).get("access_token");
    }

    /** An ordered form from name/value pairs. */
    public static Map<String, String> form(String... nameValues) {
        Map<String, String> form = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            form.put(nameValues[i], nameValues[i + 1]);
        }
        return form;
    }

    /**
     * One request written byte for byte on a fresh socket (for what HttpClient refuses to send:
     * a bad Host, a bad request line, conflicting lengths); the whole answer as ISO-8859-1 text.
     */
    public String raw(byte[] request) {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            socket.shutdownOutput();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The status code of a raw HTTP/1.x answer. */
    public static int rawStatus(String response) {
        if (!response.startsWith("HTTP/1.")) {
            throw new AssertionError("not an HTTP answer: " + response);
        }
        return Integer.parseInt(response.substring(9, 12));
    }

    /** RFC 6749 §2.3.1: id and secret form-urlencoded, joined by ':', then Base64. */
    public static String basic(String clientId, String clientSecret) {
        String pair = enc(clientId) + ":" + enc(clientSecret);
        return "Basic " + java.util.Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    public static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        node.close();
    }
}
