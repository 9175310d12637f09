package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;
import org.pbxauth.grants.OAuthError;
import org.pbxauth.http.FormBody;

/**
 * Issue 5, item 7: Jazzer fuzzes the token request parser. Whatever the bytes, {@link FormBody#parse}
 * either returns parameters within its caps (at most 32, names of 1 to 64 characters, values of at
 * most 4096, no control characters) that survive being encoded and parsed again, or refuses with
 * {@code invalid_request}; it never throws anything else. The token endpoint itself is fuzzed by
 * {@link TokenEndpointFuzzTest} (Jazzer fuzzes one test per JVM, hence two classes).
 *
 * <p>How it runs:
 * <ul>
 *   <li>{@code ./mvnw test}: excluded (tag {@code jazzer}) from the SQLite and PostgreSQL executions;
 *   <li>{@code ./mvnw verify}: the surefire execution {@code fuzz} (phase integration-test) fuzzes
 *       each fuzz test class in a JVM of its own with {@code JAZZER_FUZZ=1} for its
 *       {@code maxDuration} (20 s each); the generated corpus and any crashing input go to
 *       {@code server/target/jazzer} (system property {@code jazzer.internal.basedir});
 *   <li>a long round on demand, one hour per class (libFuzzer's flag given last wins over the
 *       annotation's 20 s):
 *       <pre>./mvnw -pl server test-compile surefire:test@fuzz -Djazzer.internal.arg.0=fuzz \
 *     -Djazzer.internal.arg.1=-max_total_time=3600</pre>
 *       add {@code -Dtest=FormBodyFuzzTest} (or {@code TokenEndpointFuzzTest}) for one of them;
 *   <li>without {@code JAZZER_FUZZ} (from an IDE, say) a fuzz test runs in regression mode: its
 *       seeds only (the empty input, and the files of {@code FormBodyFuzzTestInputs} if made).
 * </ul>
 */
class FormBodyFuzzTest {
    private static final FormBody FORM = new FormBody(32, 4096);

    @FuzzTest(maxDuration = "20s")
    @DictionaryEntries({"grant_type=password", "&", "=", "+", "%", "%2", "%25", "%C3%A9", "%E2%82%AC", "%F0%9F%98%80",
            "%C0%AF", "%ED%A0%80", "%FF", "%00", "%7F", "%1F", "client_id=", "client_secret=", "username=", "password=",
            "refresh_token=", "code_verifier=", "scope=all", "=&="})
    void whenArbitraryBytesAreParsedThenParametersWithinTheCapsOrInvalidRequest(byte[] body) {
        Map<String, String> params;
        try {
            params = FORM.parse(body);
        } catch (OAuthError e) {
            assertThat(e.code()).as("the refusal of %s", new String(body, StandardCharsets.ISO_8859_1))
                    .isEqualTo("invalid_request");
            assertThat(e.status()).isEqualTo(400);
            return;
        }
        assertThat(params.size()).isLessThanOrEqualTo(32);
        params.forEach((name, value) -> {
            assertThat(name).isNotEmpty();
            assertThat(name.length()).isLessThanOrEqualTo(64);
            assertThat(value.length()).isLessThanOrEqualTo(4096);
            assertThat((name + value).chars()).noneMatch(c -> c < 0x20 || c == 0x7f);
        });
        // what was accepted means the same when encoded again
        String again = params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        assertThat(FORM.parse(again.getBytes(StandardCharsets.US_ASCII))).containsExactlyEntriesOf(params);
    }
}
