package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18's defaults as a server without overrides behaves (SettingsTest reads the values): an audit
 * event is kept 90 days, a web session ends after 30 minutes idle and 12 hours however busy, a
 * rotated App Secret keeps working for 24 hours. Each on an injected clock, either side of it.
 */
class WebDefaultsTest {
    private static final Pattern CLIENT_ID = Pattern.compile("id=\"client_id\">([0-9a-f]{32})<");
    private static final Pattern CLIENT_SECRET = Pattern.compile("id=\"client_secret\">([0-9a-f]{32})<");

    @TempDir Path dir;

    @Test
    void whenNothingIsSetThenEventsSessionsAndOldSecretsLastTheDocumentedTimes() {
        MutableClock clock = new MutableClock();
        try (TestServer server = TestServer.start(dir, clock, Map.of())) {
            // audit.retention 90d: the sign-in's event is kept 90 days, then purged
            WebClient web = new WebClient(server, TestServer.DEMO_HOST);
            web.login("user_name", "user_password");
            var audit = server.node().services().audit();
            audit.flush();
            clock.advance(Duration.ofDays(90).minusMinutes(1));
            assertThat(audit.purge(1000)).as("89 days 23 h 59 min after the sign-in").isZero();
            clock.advance(Duration.ofMinutes(2));
            assertThat(audit.purge(1000)).as("90 days 1 min after the sign-in").isEqualTo(1);

            // web.session-idle 30m
            web.login("user_name", "user_password");
            clock.advance(Duration.ofMinutes(29));
            assertThat(web.get("/account/apps").statusCode()).as("29 min idle").isEqualTo(200);
            clock.advance(Duration.ofMinutes(31));
            assertThat(web.get("/account/apps").statusCode()).as("31 min idle").isEqualTo(303);

            // web.session-max 12h: a page every 25 minutes keeps it from idling, not past 12 h
            web.login("user_name", "user_password");
            for (int i = 1; i <= 29; i++) {
                clock.advance(Duration.ofMinutes(25));
                assertThat(web.get("/account/apps").statusCode()).as("busy, after %d min", 25 * i)
                        .isEqualTo(25 * i < 12 * 60 ? 200 : 303);
            }

            // app.secret-overlap 24h
            WebClient admin = new WebClient(server, TestServer.DEMO_HOST);
            admin.login("admin", "admin_password");
            admin.get("/app/register");
            HttpResponse<String> done = admin.post("/app/register", Map.of("name", "Defaults", "type",
                    "password_credentials", "access", "call_api", "redirect_uris", ""));
            String clientId = WebWorld.group(CLIENT_ID, done.body());
            String old = WebWorld.group(CLIENT_SECRET, done.body());
            admin.get("/account/apps");
            String rotated = WebWorld.group(CLIENT_SECRET, admin.post("/account/apps/" + clientId + "/rotate",
                    Map.of()).body());
            clock.advance(Duration.ofHours(24).minusMinutes(1));
            assertThat(grant(server, clientId, old)).as("the old secret 23 h 59 min after the rotation").isEqualTo(200);
            clock.advance(Duration.ofMinutes(2));
            assertThat(grant(server, clientId, old)).as("the old secret 24 h 01 min after").isEqualTo(401);
            assertThat(grant(server, clientId, rotated)).isEqualTo(200);

        }
    }

    private static int grant(TestServer server, String clientId, String secret) {
        return server.token(TestServer.DEMO_HOST, TestServer.encode(TestServer.form("grant_type", "password",
                "client_id", clientId, "client_secret", secret, "username", "user_name", "password", "user_password")),
                null).statusCode();
    }
}
