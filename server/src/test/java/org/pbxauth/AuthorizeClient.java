package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser stand-in for the authorization pages: its own cookie jar, no automatic redirects
 * (the test follows each one), and forms filled in from the hidden fields of the page.
 */
final class AuthorizeClient {
    static final String CALLBACK = "http://localhost:8099/callback";
    private static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">");
    private static final Pattern ACTION = Pattern.compile("<form method=\"post\" action=\"([^\"]+)\">");

    /** Where requests go: the test server on 127.0.0.1, or a proxy's https URL. */
    private final String base;
    /** The Host header to send, or null for the URL's own. */
    private final String host;
    final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient http;

    /** A browser talking to {@code host} (the Host header; the port is added). */
    AuthorizeClient(TestServer server, String host) {
        this.base = "http://127.0.0.1:" + server.port();
        this.host = host + ":" + server.port();
        this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** A browser talking to {@code base} (https://host:port, e.g. a TLS proxy), trusting {@code tls}. */
    AuthorizeClient(String base, javax.net.ssl.SSLContext tls) {
        this.base = base;
        this.host = null;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
                .sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private HttpRequest.Builder to(String pathAndQuery) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery));
        return host == null ? b : b.header("Host", host);
    }

    HttpResponse<String> get(String pathAndQuery) {
        return send(to(pathAndQuery).GET().build());
    }

    HttpResponse<String> post(String path, Map<String, String> form) {
        return send(to(path)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(TestServer.encode(form))).build());
    }

    /** Submits the form of {@code page}: its action and hidden fields, plus {@code fields}. */
    HttpResponse<String> submit(HttpResponse<String> page, Map<String, String> fields) {
        Map<String, String> form = hiddenFields(page.body());
        form.putAll(fields);
        return post(formAction(page.body()), form);
    }

    /** GET /oauth/authorize with these parameters, in order. */
    HttpResponse<String> authorize(Map<String, String> params) {
        return get("/oauth/authorize?" + TestServer.encode(params));
    }

    /** The whole flow: authorize, log in if asked, allow if asked; the final redirect's Location. */
    URI authorizeAndAllow(Map<String, String> params, String login, String password) {
        HttpResponse<String> r = authorize(params);
        if (r.statusCode() == 200 && r.body().contains("name=\"password\"")) {
            r = submit(r, Map.of("login", login, "password", password));
        }
        if (r.statusCode() == 200 && r.body().contains("value=\"allow\"")) {
            r = submit(r, Map.of("decision", "allow"));
        }
        assertThat(r.statusCode()).as("final answer of the flow: %s", r.body()).isIn(302, 303);
        return URI.create(r.headers().firstValue("Location").orElseThrow());
    }

    /** POST /oauth/token on this client's host with the demo public app's credentials plus {@code params}. */
    HttpResponse<String> exchange(Map<String, String> params) {
        return exchange(TestServer.PUBLIC_APP, TestServer.PUBLIC_APP_SECRET, params);
    }

    HttpResponse<String> exchange(String clientId, String secret, Map<String, String> params) {
        Map<String, String> form = new LinkedHashMap<>(params);
        form.putIfAbsent("grant_type", "authorization_code");
        form.put("client_id", clientId);
        form.put("client_secret", secret);
        return post("/oauth/token", form);
    }

    /** GET /api/ver1.0/user/ with this access token. */
    HttpResponse<String> apiUser(String accessToken) {
        return send(to("/api/ver1.0/user/")
                .header("Authorization", "Bearer " + accessToken).GET().build());
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

    static Map<String, String> hiddenFields(String html) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = HIDDEN.matcher(html);
        while (m.find()) {
            out.put(m.group(1), unescape(m.group(2)));
        }
        return out;
    }

    static String formAction(String html) {
        Matcher m = ACTION.matcher(html);
        assertThat(m.find()).as("a POST form in %s", html).isTrue();
        return unescape(m.group(1));
    }

    /** The decoded query parameters of a URL (each name once). */
    static Map<String, String> query(URI uri) {
        Map<String, String> out = new LinkedHashMap<>();
        String q = uri.getRawQuery();
        if (q == null) {
            return out;
        }
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            assertThat(out.put(name, value)).as("parameter %s once in %s", name, uri).isNull();
        }
        return out;
    }

    /** The URL without its query: where a redirect goes. */
    static String base(URI uri) {
        String s = uri.toString();
        int q = s.indexOf('?');
        return q < 0 ? s : s.substring(0, q);
    }

    /** RFC 7636 §4.2: BASE64URL-ENCODE(SHA256(ASCII(code_verifier))). */
    static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String unescape(String s) {
        return s.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&");
    }
}
