package org.pbxauth.directory;

import de.mkammerer.argon2.Argon2Advanced;
import de.mkammerer.argon2.Argon2Factory;
import java.security.MessageDigest;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raw Argon2id (version 1.3). The reference C implementation through argon2-jvm where its
 * bundled library loads: it hashes off the Java heap, so the 19 MiB of every hash costs no
 * garbage collection, and measured faster than Bouncy Castle (BENCHMARKS.md). Bouncy Castle,
 * pure Java, otherwise — and for hash lengths other than 32 bytes. Both give the same bytes:
 * the native engine is used only after it reproduced Bouncy Castle's output at start.
 */
final class Argon2Engine {
    private static final Logger log = LoggerFactory.getLogger(Argon2Engine.class);
    private static final int NATIVE_LENGTH = 32; // argon2-jvm's rawHash length
    private static final Argon2Advanced NATIVE = loadNative();

    private Argon2Engine() {}

    static byte[] derive(byte[] password, byte[] salt, PasswordHasher.Cost cost, int length) {
        if (NATIVE != null && length == NATIVE_LENGTH) {
            return NATIVE.rawHash(cost.iterations(), cost.memoryKiB(), cost.parallelism(), password, salt);
        }
        return bouncyCastle(password, salt, cost, length);
    }

    static String name() {
        return NATIVE != null ? "argon2 C reference (argon2-jvm)" : "Bouncy Castle";
    }

    private static byte[] bouncyCastle(byte[] password, byte[] salt, PasswordHasher.Cost cost, int length) {
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt)
                .withMemoryAsKB(cost.memoryKiB())
                .withIterations(cost.iterations())
                .withParallelism(cost.parallelism())
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(params);
        byte[] out = new byte[length];
        generator.generateBytes(password, out);
        return out;
    }

    private static Argon2Advanced loadNative() {
        try {
            Argon2Advanced candidate = Argon2Factory.createAdvanced(Argon2Factory.Argon2Types.ARGON2id);
            byte[] password = "pbx-auth engine check".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            byte[] salt = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            PasswordHasher.Cost small = new PasswordHasher.Cost(64, 1, 1);
            byte[] expected = bouncyCastle(password, salt, small, NATIVE_LENGTH);
            byte[] actual = candidate.rawHash(small.iterations(), small.memoryKiB(), small.parallelism(), password, salt);
            if (MessageDigest.isEqual(expected, actual)) {
                return candidate;
            }
            log.warn("the native Argon2id gave other bytes than Bouncy Castle: using Bouncy Castle");
        } catch (Throwable e) { // a missing or incompatible native library is a reason to fall back, not to fail
            log.info("native Argon2id unavailable ({}): using Bouncy Castle", e.toString());
        }
        return null;
    }
}
