package org.pbxauth.client;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pbxauth.Services;
import org.pbxauth.TestServer;
import org.pbxauth.apps.AccessLevel;
import org.pbxauth.apps.AppType;
import org.pbxauth.apps.PbxApp;
import org.pbxauth.directory.PbxUser;
import org.pbxauth.directory.Tenant;

/**
 * The real pbx-auth server (TestServer: demo data, a free port, SQLite or PostgreSQL as the suite
 * runs) and what the SDK's tests read from it: its metrics, and its store through its services.
 */
final class LiveServer implements AutoCloseable {
    private static final Pattern COUNT = Pattern.compile(
            "^pbxauth_http_requests_seconds_count\\{([^}]*)\\} ([0-9.E+]+)$", Pattern.MULTILINE);

    final TestServer server;
    final URI base;

    private LiveServer(TestServer server) {
        this.server = server;
        this.base = URI.create("http://localhost:" + server.port());
    }

    static LiveServer start(Path data, Clock clock, Map<String, String> settings) {
        return new LiveServer(TestServer.start(data, clock, settings));
    }

    Services services() {
        return server.node().services();
    }

    Tenant demo() {
        return services().tenants().findByName("Demo PBX").orElseThrow();
    }

    PbxUser user(String login) {
        return services().users().findByLogin(demo().id(), login).orElseThrow();
    }

    PbxApp app(String clientId) {
        return services().apps().find(demo().id(), clientId).orElseThrow();
    }

    /** A new password_credentials app of access All, owned by the demo admin: App ID and App Secret. */
    String[] newPasswordApp(String name) {
        var registered = services().apps().register(demo().id(), name, AppType.PASSWORD_CREDENTIALS, AccessLevel.ALL,
                List.of(), user("admin"));
        return new String[] {registered.app().clientId(), registered.secret().reveal()};
    }

    /** Requests the server answered on {@code endpoint} (e.g. /oauth/token), by its own metrics. */
    long requests(String endpoint) {
        return sum("endpoint=\"" + endpoint + "\"");
    }

    /** Requests counted with every one of these label texts. */
    long sum(String... labels) {
        HttpResponse<String> r = server.send(HttpRequest.newBuilder(server.uri("/metrics")).GET().build());
        Matcher m = COUNT.matcher(r.body());
        long total = 0;
        next:
        while (m.find()) {
            for (String label : labels) {
                if (!m.group(1).contains(label)) {
                    continue next;
                }
            }
            total += (long) Double.parseDouble(m.group(2));
        }
        return total;
    }

    /** A metric line's value, e.g. {@code pbxauth_tokens_revoked_total{cause="refresh_reuse"}}; 0 when absent. */
    double metric(String nameAndLabels) {
        HttpResponse<String> r = server.send(HttpRequest.newBuilder(server.uri("/metrics")).GET().build());
        for (String line : r.body().split("\n")) {
            if (line.startsWith(nameAndLabels + " ")) {
                return Double.parseDouble(line.substring(nameAndLabels.length() + 1).trim());
            }
        }
        return 0;
    }

    @Override
    public void close() {
        server.close();
    }

    /** A listener that writes down what it is told, as text, to check it carries no secret. */
    static final class Recorder implements PbxAuthListener {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void tokenObtained(String grantType, long expiresIn) {
            events.add("obtained " + grantType + " " + expiresIn);
        }

        @Override
        public void tokenRefreshed(long expiresIn) {
            events.add("refreshed " + expiresIn);
        }

        @Override
        public void refreshRefused(String error) {
            events.add("refused " + error);
        }

        @Override
        public void reauthenticated(String method, String path) {
            events.add("reauthenticated " + method + " " + path);
        }

        @Override
        public void retrying(String method, String path, int status, java.time.Duration wait, int attempt) {
            events.add("retrying " + method + " " + path + " " + status + " " + wait + " " + attempt);
        }

        long count(String prefix) {
            return events.stream().filter(e -> e.startsWith(prefix)).count();
        }
    }
}
