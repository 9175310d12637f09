package org.pbxauth.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the SDK promises before any request: safe addresses, masked secrets, PKCE S256, bounded waits. */
class SdkContractTest {
    private static final String SECRET = "a2423941f5be408c998d5f7287570990";

    private static PbxAuth auth(String base) {
        return PbxAuth.builder(URI.create(base)).app("a80f1e618ddd4d4584e2bd18fd464194", SECRET.toCharArray()).build();
    }

    @Test
    void whenTheBaseUrlIsPlainHttpToAnotherHostThenTheBuilderRefusesIt() {
        assertThatThrownBy(() -> auth("http://pbx.example.com")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("https://pbx.example.com");
        assertThatThrownBy(() -> auth("ftp://pbx.example.com")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> auth("https://pbx.example.com/?a=b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PbxAuth.builder(URI.create("https://pbx.example.com")).build())
                .isInstanceOf(IllegalStateException.class);
        assertThat(auth("https://pbx.example.com").base()).isEqualTo(URI.create("https://pbx.example.com/"));
        assertThat(auth("http://localhost:8080").base()).isEqualTo(URI.create("http://localhost:8080/"));
    }

    @Test
    void whenAnythingIsPrintedThenNoSecretShows() {
        PbxAuth auth = auth("https://pbx.example.com");
        TokenSource tokens = auth.password("user_name", "user_password".toCharArray());
        TokenResponse answer = new TokenResponse(Secret.of("access-token-value"), "Bearer", 3600,
                Secret.of("refresh-token-value"), "all");
        AuthorizationRequest request = auth.authorizationRequest(URI.create("https://app.example.com/cb"));
        String printed = auth + " " + tokens + " " + answer + " " + request + " " + Secret.of(SECRET)
                + " " + auth.api(tokens) + " " + RetryPolicy.defaults();
        assertThat(printed).doesNotContain(SECRET).doesNotContain("user_password").doesNotContain("access-token-value")
                .doesNotContain("refresh-token-value").doesNotContain(request.verifier().revealString()).contains("****");
    }

    @Test
    void whenAnAuthorizationRequestIsMadeThenItCarriesAFreshStateAndAnS256Challenge() throws Exception {
        PbxAuth auth = auth("https://pbx.example.com");
        AuthorizationRequest a = auth.authorizationRequest(URI.create("https://app.example.com/cb?x=1"));
        AuthorizationRequest b = auth.authorizationRequest(URI.create("https://app.example.com/cb?x=1"));
        assertThat(a.uri().toString()).startsWith("https://pbx.example.com/oauth/authorize?");
        Map<String, String> q = query(a.uri());
        assertThat(q).containsEntry("response_type", "code").containsEntry("client_id", "a80f1e618ddd4d4584e2bd18fd464194")
                .containsEntry("redirect_uri", "https://app.example.com/cb?x=1").containsEntry("code_challenge_method", "S256")
                .containsEntry("state", a.state());
        String verifier = a.verifier().revealString();
        // RFC 7636 §4.1: 43 to 128 characters of [A-Z] / [a-z] / [0-9] / "-" / "." / "_" / "~"
        assertThat(verifier).matches("[A-Za-z0-9._~-]{43,128}");
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
        assertThat(q.get("code_challenge")).isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
        assertThat(b.state()).isNotEqualTo(a.state());
        assertThat(b.verifier().revealString()).isNotEqualTo(verifier);
        assertThat(a.stateMatches(a.state())).isTrue();
        assertThat(a.stateMatches(b.state())).isFalse();
        assertThat(a.stateMatches(null)).isFalse();
    }

    @Test
    void whenAnApiPathLeadsAwayFromThePbxThenNoRequestIsSent() {
        PbxAuth auth = auth("https://pbx.example.com");
        PbxApiClient api = auth.api(auth.clientCredentials());
        for (String path : new String[] {"https://evil.example/api/", "//evil.example/api/", "api/ver1.0/user/", ""}) {
            assertThatThrownBy(() -> api.get(path)).as(path).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void whenTheServerAsksForAWaitThenThePolicyWaitsThatLongPlusJitterOrNotAtAll() {
        RetryPolicy p = RetryPolicy.defaults().withJitter(Duration.ofMillis(500)).withMaxWait(Duration.ofSeconds(60));
        for (int i = 0; i < 200; i++) {
            assertThat(p.waitFor(Optional.of(Duration.ofSeconds(5)), 1).orElseThrow())
                    .isBetween(Duration.ofSeconds(5), Duration.ofMillis(5500));
        }
        assertThat(p.waitFor(Optional.of(Duration.ofSeconds(61)), 1)).as("longer than maxWait").isEmpty();
        RetryPolicy exact = p.withJitter(Duration.ZERO);
        assertThat(exact.waitFor(Optional.empty(), 1)).hasValue(Duration.ofSeconds(1));
        assertThat(exact.waitFor(Optional.empty(), 3)).as("no Retry-After: exponential").hasValue(Duration.ofSeconds(4));
        assertThat(exact.waitFor(Optional.empty(), 30)).as("bounded by maxWait").isEmpty();
        assertThatThrownBy(() -> RetryPolicy.defaults().withMaxRetries(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> out = new HashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }
}
