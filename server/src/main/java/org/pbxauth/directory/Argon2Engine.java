package org.pbxauth.directory;

import de.mkammerer.argon2.Argon2Advanced;
import de.mkammerer.argon2.Argon2Factory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raw Argon2id (version 1.3) from the fastest implementation that loads here and agrees with
 * Bouncy Castle at start:
 * <ol>
 * <li>libsodium ({@link SodiumArgon2}), the system's library: its loop is chosen for the CPU,
 *     2–3 times the reference C's speed (BENCHMARKS.md); one lane and 16-byte salts only;</li>
 * <li>without libsodium, the reference C through argon2-jvm (the system's libargon2 when there
 *     is one, else the one argon2-jvm bundles): 32-byte outputs only;</li>
 * <li>Bouncy Castle, pure Java, for whatever the loaded native engine does not take (imported
 *     hashes with other lanes, salts or lengths) or when none loads.</li>
 * </ol>
 * The C engines hash off the Java heap, so the 19 MiB of a hash costs no garbage collection.
 * One native library at most is loaded: each maps its code and tables into the process.
 */
final class Argon2Engine {
    private static final Logger log = LoggerFactory.getLogger(Argon2Engine.class);
    private static final int REFERENCE_LENGTH = 32; // argon2-jvm's rawHash length
    private static final SodiumArgon2 SODIUM = loadSodium();
    private static final Argon2Advanced REFERENCE = SODIUM == null ? loadReference() : null;

    private Argon2Engine() {}

    static byte[] derive(byte[] password, byte[] salt, PasswordHasher.Cost cost, int length) {
        if (SODIUM != null && SODIUM.takes(salt.length, cost, length)) {
            return SODIUM.hash(password, salt, cost, length);
        }
        if (REFERENCE != null && length == REFERENCE_LENGTH) {
            return REFERENCE.rawHash(cost.iterations(), cost.memoryKiB(), cost.parallelism(), password, salt);
        }
        return bouncyCastle(password, salt, cost, length);
    }

    static String name() {
        if (SODIUM != null) {
            return "libsodium";
        }
        return REFERENCE != null ? "argon2 C reference (argon2-jvm)" : "Bouncy Castle";
    }

    static byte[] bouncyCastle(byte[] password, byte[] salt, PasswordHasher.Cost cost, int length) {
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

    /** A native engine is used only after it gave Bouncy Castle's bytes for this small hash. */
    private interface Check {
        byte[] hash(byte[] password, byte[] salt, PasswordHasher.Cost cost, int length);
    }

    private static boolean agrees(String engine, Check check) {
        byte[] password = "pbx-auth engine check".getBytes(StandardCharsets.UTF_8);
        byte[] salt = "0123456789abcdef".getBytes(StandardCharsets.UTF_8);
        PasswordHasher.Cost small = new PasswordHasher.Cost(64, 2, 1);
        if (MessageDigest.isEqual(bouncyCastle(password, salt, small, REFERENCE_LENGTH),
                check.hash(password, salt, small, REFERENCE_LENGTH))) {
            return true;
        }
        log.warn("{} gave other Argon2id bytes than Bouncy Castle: not using it", engine);
        return false;
    }

    private static SodiumArgon2 loadSodium() {
        try {
            SodiumArgon2 candidate = SodiumArgon2.load();
            return agrees("libsodium", candidate::hash) ? candidate : null;
        } catch (Throwable e) { // a missing or incompatible native library is a reason to fall back, not to fail
            log.info("libsodium unavailable ({}): trying the reference C", e.toString());
            return null;
        }
    }

    private static Argon2Advanced loadReference() {
        try {
            Argon2Advanced candidate = Argon2Factory.createAdvanced(Argon2Factory.Argon2Types.ARGON2id);
            if (agrees("argon2-jvm", (password, salt, cost, length) -> candidate.rawHash(
                    cost.iterations(), cost.memoryKiB(), cost.parallelism(), password, salt))) {
                return candidate;
            }
        } catch (Throwable e) {
            log.info("native Argon2id unavailable ({}): using Bouncy Castle", e.toString());
        }
        return null;
    }
}
