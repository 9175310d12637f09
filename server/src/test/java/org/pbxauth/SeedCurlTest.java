package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The seed page's own example, run with curl against a started server: only
 * {@code https://<hostname>} becomes {@code http://<demo host>:<port>}, and {@code -s} is added.
 */
class SeedCurlTest {
    @RegisterExtension static final DemoServer demo = new DemoServer();

    /** The seed's example, argument by argument, as a shell would split it. */
    private static List<String> seedCurl(String hostname) {
        List<String> command = new ArrayList<>(List.of(
                "curl", "-L", "-X", "POST", "http://" + hostname + ":" + demo.server().port() + "/oauth/token",
                "-H", "Content-Type: application/x-www-form-urlencoded",
                "--data-urlencode", "grant_type=password",
                "--data-urlencode", "client_id=a80f1e618ddd4d4584e2bd18fd464194",
                "--data-urlencode", "client_secret=a2423941f5be408c998d5f7287570990",
                "--data-urlencode", "username=user_name",
                "--data-urlencode", "password=user_password"));
        command.add(1, "-s");
        return command;
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            Assumptions.abort("curl is not installed (.ci/run installs it): " + e.getMessage());
            throw e;
        }
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("curl did not finish: " + command);
        }
        assertThat(process.exitValue()).as("curl exit code").isZero();
        return new String(out, StandardCharsets.UTF_8);
    }

    @Test
    void whenSeedCurlRunsAgainst127001ThenTheSeedsResponseShape() throws Exception {
        Map<String, Object> body = OAuthAssert.assertSeedShape(Json.object(run(seedCurl("127.0.0.1"))));
        // and the token is real: it opens the API as user_name
        HttpResponse<String> user = demo.server().user(null, "Bearer " + body.get("access_token"));
        assertThat(user.statusCode()).as(user.body()).isEqualTo(200);
        assertThat(Json.object(user.body()).get("login")).isEqualTo("user_name");
    }

    @Test
    void whenSeedCurlRunsAgainstLocalhostThenTheSeedsResponseShape() throws Exception {
        OAuthAssert.assertSeedShape(Json.object(run(seedCurl("localhost"))));
    }
}
