package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pbxauth.AuthorizeClient.CALLBACK;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.minidev.json.JSONValue;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The login and consent pages in a real browser: headless Chromium driven over chromedriver's
 * W3C WebDriver protocol (plain JSON over HTTP, no Selenium). It proves what an HTTP client
 * cannot: the forms work as rendered, and the pages' Content-Security-Policy lets the browser
 * follow the final redirect to the app.
 */
class AuthorizePageBrowserTest {
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir Path data;
    @TempDir Path profile;

    @Test
    void whenAUserSignsInAndAllowsInChromiumThenTheBrowserLandsOnTheRedirectUrlWithCodeAndState() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMEDRIVER), "skipped: " + CHROMEDRIVER + " is absent; install "
                + "it with `apt-get install -y chromium chromium-driver` (CI does) to run this browser test");
        String verifier = AuthorizationCodeFlowTest.VERIFIER;
        try (TestServer server = TestServer.start(data); WebDriver chrome = WebDriver.start(CHROMEDRIVER, profile)) {
            String state = "browser-state 42";
            chrome.navigate("http://localhost:" + server.port() + "/oauth/authorize?" + TestServer.encode(
                    AuthorizationCodeFlowTest.request(Map.of("state", state,
                            "code_challenge", AuthorizeClient.s256(verifier), "code_challenge_method", "S256"))));
            chrome.find("#login").sendKeys("user_name");
            chrome.find("#password").sendKeys("user_password");
            chrome.find("button[type=submit]").click();
            chrome.find("#allow").click();

            // Nothing listens on 8099: the page fails to load, but the URL is the one we redirected to.
            URI landed = URI.create(chrome.waitForUrl(CALLBACK, Duration.ofSeconds(20)));
            Map<String, String> params = AuthorizeClient.query(landed);
            assertThat(AuthorizeClient.base(landed)).isEqualTo(CALLBACK);
            assertThat(params.get("code")).matches("[A-Za-z0-9]{30}");
            assertThat(params.get("state")).isEqualTo(state);

            AuthorizeClient app = new AuthorizeClient(server, "localhost");
            OAuthAssert.assertSeedTokens(app.exchange(Map.of("code", params.get("code"), "redirect_uri", CALLBACK,
                    "code_verifier", verifier)));
        }
    }

    /** A chromedriver process and one headless Chromium session, spoken to in W3C WebDriver JSON. */
    static final class WebDriver implements AutoCloseable {
        private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
        private final Process process;
        /** Ends chromedriver and its browser even when the test JVM dies mid-test (an Error, a killed fork). */
        private final Thread reaper;
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        private final String base;
        private String session;

        private WebDriver(Process process, int port) {
            this.process = process;
            this.base = "http://127.0.0.1:" + port;
            this.reaper = new Thread(() -> {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }, "chromedriver-reaper");
            Runtime.getRuntime().addShutdownHook(reaper);
        }

        static WebDriver start(Path chromedriver, Path profile) throws IOException, InterruptedException {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Process p = new ProcessBuilder(chromedriver.toString(), "--port=" + port)
                    .redirectErrorStream(true).redirectOutput(profile.resolve("chromedriver.log").toFile())
                    .start();
            WebDriver driver = new WebDriver(p, port);
            try {
                driver.awaitReady();
                driver.openSession(profile);
                return driver;
            } catch (InterruptedException | RuntimeException e) {
                driver.close();
                throw e;
            }
        }

        private void awaitReady() throws InterruptedException {
            Instant deadline = Instant.now().plusSeconds(20);
            while (Instant.now().isBefore(deadline)) {
                try {
                    Map<String, Object> status = call("GET", "/status", null);
                    if (Boolean.TRUE.equals(((Map<?, ?>) status.get("value")).get("ready"))) {
                        return;
                    }
                } catch (IllegalStateException notYet) {
                    // not listening yet
                }
                Thread.sleep(100);
            }
            throw new IllegalStateException("chromedriver did not become ready within 20 s");
        }

        private void openSession(Path profile) {
            List<String> args = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--window-size=1100,900",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--user-data-dir=" + profile.toAbsolutePath());
            Map<String, Object> caps = Map.of("capabilities", Map.of("alwaysMatch", Map.of(
                    "browserName", "chrome", "pageLoadStrategy", "normal",
                    "goog:chromeOptions", Map.of("args", args))));
            Map<?, ?> value = (Map<?, ?>) call("POST", "/session", caps).get("value");
            session = (String) value.get("sessionId");
            // Wait up to 10 s for an element to appear after each navigation.
            call("POST", "/session/" + session + "/timeouts", Map.of("implicit", 10_000, "pageLoad", 30_000));
        }

        void navigate(String url) {
            call("POST", "/session/" + session + "/url", Map.of("url", url));
        }

        Element find(String css) {
            Map<?, ?> value = (Map<?, ?>) call("POST", "/session/" + session + "/element",
                    Map.of("using", "css selector", "value", css)).get("value");
            return new Element((String) value.get(ELEMENT));
        }

        /** The page as the browser draws it, as a PNG in {@code file} (for a person to look at). */
        void screenshot(Path file) throws IOException {
            String png = (String) call("GET", "/session/" + session + "/screenshot", null).get("value");
            Files.createDirectories(file.getParent());
            Files.write(file, java.util.Base64.getDecoder().decode(png));
        }

        /** The text of the element {@code css} selects. */
        String text(String css) {
            Map<?, ?> value = (Map<?, ?>) call("POST", "/session/" + session + "/element",
                    Map.of("using", "css selector", "value", css)).get("value");
            return (String) call("GET", "/session/" + session + "/element/" + value.get(ELEMENT) + "/text", null)
                    .get("value");
        }

        String url() {
            return (String) call("GET", "/session/" + session + "/url", null).get("value");
        }

        /** Polls the current URL until it starts with {@code prefix}; the last URL seen otherwise fails the test. */
        String waitForUrl(String prefix, Duration timeout) throws InterruptedException {
            Instant deadline = Instant.now().plus(timeout);
            String url = "";
            while (Instant.now().isBefore(deadline)) {
                url = (String) call("GET", "/session/" + session + "/url", null).get("value");
                if (url.startsWith(prefix)) {
                    return url;
                }
                Thread.sleep(100);
            }
            throw new AssertionError("the browser did not reach " + prefix + "; it is at " + url);
        }

        final class Element {
            private final String id;

            Element(String id) {
                this.id = id;
            }

            void sendKeys(String text) {
                call("POST", "/session/" + session + "/element/" + id + "/value", Map.of("text", text));
            }

            void click() {
                call("POST", "/session/" + session + "/element/" + id + "/click", Map.of());
            }
        }

        private Map<String, Object> call(String method, String path, Object body) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
            b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                    : b.header("Content-Type", "application/json")
                            .method(method, HttpRequest.BodyPublishers.ofString(JSONValue.toJSONString(body)));
            HttpResponse<String> r;
            try {
                r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new IllegalStateException("chromedriver " + method + " " + path + ": " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (r.statusCode() != 200) {
                throw new AssertionError("chromedriver " + method + " " + path + " answered " + r.statusCode() + ": "
                        + r.body());
            }
            return Json.object(r.body());
        }

        @Override
        public void close() {
            try {
                if (session != null) {
                    call("DELETE", "/session/" + session, null);
                }
            } catch (RuntimeException | AssertionError e) {
                // the processes are ended below either way
            } finally {
                process.descendants().forEach(ProcessHandle::destroy);
                process.destroy();
                try {
                    if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    process.destroyForcibly();
                }
                try {
                    Runtime.getRuntime().removeShutdownHook(reaper);
                } catch (IllegalStateException jvmExiting) {
                    // the hook runs anyway
                }
            }
        }
    }
}
