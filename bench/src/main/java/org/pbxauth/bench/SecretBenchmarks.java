package org.pbxauth.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.pbxauth.secrets.RandomTokens;
import org.pbxauth.secrets.Secret;
import org.pbxauth.secrets.SecretHasher;

/** App-secret verification (HMAC-SHA-256 under the server key): paid by every token and introspection request. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class SecretBenchmarks {
    private SecretHasher hasher;
    private Secret secret;
    private Secret wrong;
    private String stored;

    @Setup
    public void setUp() {
        RandomTokens random = new RandomTokens();
        hasher = new SecretHasher(random.bytes(32));
        secret = Secret.of("a2423941f5be408c998d5f7287570990"); // the demo password app's secret
        wrong = Secret.of("a2423941f5be408c998d5f7287570991");
        stored = hasher.hash(secret);
        if (!hasher.verify(secret, stored) || hasher.verify(wrong, stored)) {
            throw new IllegalStateException("SecretHasher does not verify as expected");
        }
    }

    @Benchmark
    public boolean verifyRightSecret() {
        return hasher.verify(secret, stored);
    }

    @Benchmark
    public boolean verifyWrongSecret() {
        return hasher.verify(wrong, stored);
    }
}
