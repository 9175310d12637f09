package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PasswordGrantSmokeTest {
    @TempDir Path data;

    @Test
    void whenSeedRequestThenTokensInTheSeedsShape() {
        try (TestServer server = TestServer.start(data)) {
            HttpResponse<String> r = server.passwordGrant("user_name", "user_password");
            assertThat(r.statusCode()).isEqualTo(200);
            Map<String, Object> body = Json.object(r.body());
            assertThat(body).containsOnlyKeys("access_token", "token_type", "expires_in", "refresh_token", "scope");
            assertThat(body.get("scope")).isEqualTo("all");
            assertThat((String) body.get("access_token")).matches("[A-Za-z0-9]{30}");
            assertThat(body.get("token_type")).isEqualTo("Bearer");
            assertThat(((Number) body.get("expires_in")).intValue()).isEqualTo(3600);
            assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
            assertThat(r.headers().firstValue("Pragma")).hasValue("no-cache");
        }
    }
}
