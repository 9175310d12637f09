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
import org.pbxauth.secrets.TokenHash;

/** Minting a token (30 characters from SecureRandom) and hashing one (SHA-256, hex): every grant does both. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class TokenBenchmarks {
    private RandomTokens random;
    private Secret token;

    @Setup
    public void setUp() {
        random = new RandomTokens(); // the server's: a default SecureRandom
        token = random.token();
    }

    @Benchmark
    public Secret mintToken() {
        return random.token();
    }

    @Benchmark
    public TokenHash hashToken() {
        return TokenHash.of(token);
    }

    /** What a grant pays per token it hands out. */
    @Benchmark
    public TokenHash mintAndHashToken() {
        return TokenHash.of(random.token());
    }
}
