package org.pbxauth;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser stand-in for the PBX web pages over plain HTTP: its own cookie jar, no automatic
 * redirects, a Host of one customer, and the CSRF field of the last page it read.
 */
final class WebClient {
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private final TestServer server;
    private final String host;
    final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient http;
    private String csrf;

    WebClient(TestServer server, String host) {
        this.server = server;
        this.host = host + ":" + server.port();
        this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    HttpResponse<String> get(String pathAndQuery) {
        return remember(send(HttpRequest.newBuilder(server.uri(pathAndQuery)).header("Host", host).GET().build()));
    }

    /** POSTs {@code form} as a browser submits it, with the CSRF field of the last page added unless given. */
    HttpResponse<String> post(String path, Map<String, String> form) {
        Map<String, String> all = new LinkedHashMap<>(form);
        if (csrf != null) {
            all.putIfAbsent("csrf", csrf);
        }
        all.values().removeIf(v -> v == null);
        return remember(send(HttpRequest.newBuilder(server.uri(path)).header("Host", host)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(TestServer.encode(all))).build()));
    }

    /** POSTs {@code form} exactly as given: no CSRF field is added (a forged or a scripted form). */
    HttpResponse<String> postExactly(String path, Map<String, String> form) {
        return remember(send(HttpRequest.newBuilder(server.uri(path)).header("Host", host)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(TestServer.encode(form))).build()));
    }

    /** GET /login, then POST it: the answer to the login form. */
    HttpResponse<String> login(String login, String password) {
        get("/login");
        return post("/login", Map.of("login", login, "password", password));
    }

    /** The value of one of our cookies in the jar (either name form). */
    Optional<String> cookie(String base) {
        return cookies.getCookieStore().getCookies().stream()
                .filter(c -> c.getName().equals(base) || c.getName().equals("__Host-" + base))
                .map(HttpCookie::getValue).findFirst();
    }

    void plantCookie(String name, String value) {
        HttpCookie c = new HttpCookie(name, value);
        c.setPath("/");
        c.setVersion(0);
        cookies.getCookieStore().add(URI.create("http://127.0.0.1:" + server.port() + "/"), c);
    }

    String csrf() {
        return csrf;
    }

    private HttpResponse<String> remember(HttpResponse<String> r) {
        Matcher m = CSRF.matcher(r.body());
        if (m.find()) {
            csrf = m.group(1);
        }
        return r;
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
