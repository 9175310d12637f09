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
 * A real pbx-auth server for a test: its own H2 file in {@code dataDir}, the demo data, a free
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
        Settings settings = Settings.load(Map.of(), all);
        try (Services s = Services.open(settings, clock)) {
            DemoData.ensure(s);
        }
        return new TestServer(Node.start(settings, clock), dataDir);
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
