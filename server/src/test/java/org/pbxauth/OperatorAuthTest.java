package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pbxauth.OperatorClient.Answer;
import org.pbxauth.config.Settings;
import org.pbxauth.config.SettingsException;

/** Who may use the operator API: nobody while it is off, then only HTTP Basic with the operator credential. */
class OperatorAuthTest {
    private static final String CHALLENGE = "Basic realm=\"pbx-auth operator\"";

    @TempDir Path data;

    @Test
    void whenCredentialUnsetThenEveryPathIs404ButTheContractIsServed() {
        try (TestServer server = TestServer.start(data)) {
            OperatorClient ops = new OperatorClient(server);
            ops.get("/customers").problem(404, "not_found");
            ops.post("/customers", Map.of("name", "Nope", "hostnames", List.of("nope.localhost"))).problem(404, "not_found");
            ops.get("/customers/1", "Authorization", "Basic b3BzOng=").problem(404, "not_found");
            ops.delete("/customers/1").problem(404, "not_found");
            assertThat(server.request("GET", "/operator/api/v1/", null, null).statusCode()).isEqualTo(404);
            var contract = server.request("GET", "/operator/api/openapi.json", null, null);
            assertThat(contract.statusCode()).isEqualTo(200);
            assertThat(contract.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
            assertThat(contract.body()).isEqualTo(OperatorContract.INSTANCE.text());
            // and nothing was added behind the 404
            assertThat(server.node().services().tenants().findByName("Nope")).isEmpty();
        }
    }

    @Test
    void whenCredentialWrongOrMissingThen401WithTheBasicChallenge() {
        try (TestServer server = OperatorClient.start(data)) {
            OperatorClient ops = new OperatorClient(server);
            List<String> wrong = List.of(TestServer.basic(OperatorClient.ID, "wrong"), TestServer.basic("other", OperatorClient.SECRET),
                    TestServer.basic(OperatorClient.ID, OperatorClient.SECRET + "x"), TestServer.basic(OperatorClient.ID, ""),
                    TestServer.basic("", ""), "Basic", "Basic !!!", "Basic " + b64("no colon"), "Digest username=\"ops\"",
                    "basic", "Bearer " + OperatorClient.SECRET);
            for (String authorization : wrong) {
                assertRefused(ops.get("/customers", "Authorization", authorization), authorization);
            }
            assertRefused(ops.call("GET", "/customers", null, null, "Authorization", ""), "empty");
            var none = server.request("GET", "/operator/api/v1/customers", null, null);
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue(CHALLENGE);
            // refused before the body is read: no customer appears
            assertRefused(ops.call("POST", "/customers", "application/json", "{\"name\":\"Sneaky\",\"hostnames\":[\"s.localhost\"]}",
                    "Authorization", TestServer.basic(OperatorClient.ID, "wrong")), "post");
            assertThat(server.node().services().tenants().findByName("Sneaky")).isEmpty();
            // the right one, with any Host (the API belongs to no customer), in any case of "Basic"
            assertThat(ops.get("/customers", "Authorization", "basic " + b64(OperatorClient.ID + ":" + OperatorClient.SECRET)).status())
                    .isEqualTo(200);
            var anyHost = server.request("GET", "/operator/api/v1/customers", "nobody.example", null, "Authorization",
                    TestServer.basic(OperatorClient.ID, OperatorClient.SECRET));
            assertThat(anyHost.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void whenACustomerAdministratorsBearerTokenThen401() {
        try (TestServer server = OperatorClient.start(data)) {
            OperatorClient ops = new OperatorClient(server);
            String token = server.accessToken(TestServer.DEMO_HOST, TestServer.PASSWORD_APP, TestServer.PASSWORD_APP_SECRET,
                    "admin", "admin_password");
            // the token works where it belongs
            assertThat(server.user(TestServer.DEMO_HOST, "Bearer " + token).statusCode()).isEqualTo(200);
            assertRefused(ops.get("/customers", "Authorization", "Bearer " + token), "bearer");
            assertRefused(ops.call("DELETE", "/customers/1", null, null, "Authorization", "Bearer " + token), "bearer delete");
            assertThat(server.node().services().tenants().findById(1)).isPresent();
        }
    }

    @Test
    void whenSecretGivenInUpperCaseHexThenTheSameCredential() {
        String upper = OperatorClient.settings().get("operator.secret-sha256").toUpperCase();
        try (TestServer server = TestServer.start(data, Clock.systemUTC(),
                Map.of("operator.client-id", OperatorClient.ID, "operator.secret-sha256", upper))) {
            assertThat(new OperatorClient(server).get("/customers").status()).isEqualTo(200);
        }
    }

    @Test
    void whenTheSettingsAreHalfOrMalformedThenTheServerDoesNotStart() {
        String hash = OperatorClient.settings().get("operator.secret-sha256");
        assertThatThrownBy(() -> Settings.load(Map.of(), Map.of("operator.client-id", "ops")))
                .isInstanceOf(SettingsException.class).hasMessageContaining("operator.client-id").hasMessageContaining("together");
        assertThatThrownBy(() -> Settings.load(Map.of(), Map.of("operator.secret-sha256", hash)))
                .isInstanceOf(SettingsException.class).hasMessageContaining("operator.client-id");
        assertThatThrownBy(() -> Settings.load(Map.of(), Map.of("operator.client-id", "ops", "operator.secret-sha256", "abc")))
                .isInstanceOf(SettingsException.class).hasMessageContaining("operator.secret-sha256").hasMessageContaining("64 hex");
        assertThatThrownBy(() -> Settings.load(Map.of(), Map.of("operator.client-id", "ops",
                "operator.secret-sha256", "secret-in-plain-text-is-not-a-hash-of-it-and-is-refused-here-ok?")))
                .isInstanceOf(SettingsException.class).hasMessageContaining("64 hex");
        assertThatThrownBy(() -> Settings.load(Map.of(), Map.of("operator.client-id", "o:ps", "operator.secret-sha256", hash)))
                .isInstanceOf(SettingsException.class).hasMessageContaining("':'");
        Settings fromEnv = Settings.load(Map.of("PBXAUTH_OPERATOR_CLIENT_ID", "ops", "PBXAUTH_OPERATOR_SECRET_SHA256", hash), Map.of());
        assertThat(fromEnv.operatorClientId()).isEqualTo("ops");
        assertThat(fromEnv.operatorSecretSha256()).isEqualTo(hash);
        assertThat(Settings.defaults().operatorClientId()).isEmpty();
        assertThat(Settings.defaults().operatorSecretSha256()).isEmpty();
    }

    private static void assertRefused(Answer a, String what) {
        assertThat(a.status()).as("%s: %s", what, a.body()).isEqualTo(401);
        a.problem(401, "unauthorized");
        assertThat(a.header("WWW-Authenticate")).as(what).isEqualTo(CHALLENGE);
        assertThat(a.header("Cache-Control")).as(what).contains("no-store");
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
