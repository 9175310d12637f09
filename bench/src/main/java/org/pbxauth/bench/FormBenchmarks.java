package org.pbxauth.bench;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.pbxauth.http.FormBody;

/** The strict form parser on the bodies of the token endpoint's busiest requests. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class FormBenchmarks {
    /** The seed page's password grant, as curl --data-urlencode sends it. */
    static final byte[] SEED = ("grant_type=password&client_id=a80f1e618ddd4d4584e2bd18fd464194"
            + "&client_secret=a2423941f5be408c998d5f7287570990&username=user_name&password=user_password")
            .getBytes(StandardCharsets.US_ASCII);
    static final byte[] REFRESH = ("grant_type=refresh_token&client_id=a80f1e618ddd4d4584e2bd18fd464194"
            + "&client_secret=a2423941f5be408c998d5f7287570990&refresh_token=L40pLFI9hgoRlp0lFHNAvPUt0K9K0C")
            .getBytes(StandardCharsets.US_ASCII);

    /** The token endpoint's limits (HttpServer: 32 parameters, values up to 4096 characters). */
    private final FormBody form = new FormBody(32, 4096);

    @Benchmark
    public Map<String, String> parseSeedBody() {
        return form.parse(SEED);
    }

    @Benchmark
    public Map<String, String> parseRefreshBody() {
        return form.parse(REFRESH);
    }
}
