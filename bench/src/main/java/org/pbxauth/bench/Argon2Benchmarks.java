package org.pbxauth.bench;

import com.password4j.Argon2Function;
import com.password4j.types.Argon2;
import de.mkammerer.argon2.Argon2Advanced;
import de.mkammerer.argon2.Argon2Factory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.pbxauth.directory.PasswordHasher;
import org.pbxauth.directory.SodiumArgon2;
import org.pbxauth.secrets.Secret;

/**
 * One Argon2id hash at the server's parameters (OWASP: m=19456 KiB, t=2, p=1, 32 bytes) by each
 * implementation at hand: Bouncy Castle (pure Java, the server's last resort), password4j (pure
 * Java), argon2-jvm (the C reference library through JNA), libsodium (the server's own
 * {@link SodiumArgon2}, its first choice), and the server's whole
 * {@link PasswordHasher#verify} with whichever engine it picked. Compare with the C reference
 * timed by bench/run ({@code argon2} CLI). Setup checks that all of them compute the same bytes,
 * so no one wins by hashing something else.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@State(Scope.Thread)
public class Argon2Benchmarks {
    @Param("19456")
    public int memoryKiB;
    @Param("2")
    public int iterations;
    @Param("1")
    public int parallelism;

    private static final int HASH_BYTES = 32;
    private final byte[] password = "user_password".getBytes(StandardCharsets.UTF_8);
    private final byte[] salt = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");

    private Argon2Function password4j;
    private Argon2Advanced argon2Jvm;
    private SodiumArgon2 sodium;
    private PasswordHasher.Cost cost;
    private PasswordHasher server;
    private String storedHash;

    @Setup
    public void setUp() {
        password4j = Argon2Function.getInstance(memoryKiB, iterations, parallelism, HASH_BYTES, Argon2.ID, 19);
        argon2Jvm = Argon2Factory.createAdvanced(Argon2Factory.Argon2Types.ARGON2id);
        sodium = SodiumArgon2.load();
        cost = new PasswordHasher.Cost(memoryKiB, iterations, parallelism);
        server = new PasswordHasher(new PasswordHasher.Cost(memoryKiB, iterations, parallelism));
        storedHash = server.hash(Secret.of("user_password"));

        byte[] reference = bouncyCastle();
        check("password4j", reference, password4j());
        check("argon2-jvm", reference, argon2Jvm());
        check("libsodium", reference, libsodium());
        if (!server.verify(Secret.of("user_password"), storedHash)) {
            throw new IllegalStateException("PasswordHasher does not verify its own hash");
        }
    }

    private static void check(String name, byte[] expected, byte[] actual) {
        if (!Arrays.equals(expected, actual)) {
            throw new IllegalStateException(name + " computes another Argon2id than Bouncy Castle: "
                    + HexFormat.of().formatHex(actual) + " != " + HexFormat.of().formatHex(expected));
        }
    }

    /** Bouncy Castle exactly as PasswordHasher derives. */
    @Benchmark
    public byte[] bouncyCastle() {
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt)
                .withMemoryAsKB(memoryKiB)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(params);
        byte[] out = new byte[HASH_BYTES];
        generator.generateBytes(password, out);
        return out;
    }

    /** The server's whole password check: PHC parsing, its Argon2id engine, constant-time compare. */
    @Benchmark
    public boolean serverPasswordHasherVerify() {
        return server.verify(Secret.of("user_password"), storedHash);
    }

    @Benchmark
    public byte[] password4j() {
        return password4j.hash(password, salt).getBytes();
    }

    @Benchmark
    public byte[] argon2Jvm() {
        return argon2Jvm.rawHash(iterations, memoryKiB, parallelism, password, salt);
    }

    /** The server's libsodium binding (one lane and a 16-byte salt: crypto_pwhash's fixed choices, and the server's). */
    @Benchmark
    public byte[] libsodium() {
        return sodium.hash(password, salt, cost, HASH_BYTES);
    }
}
