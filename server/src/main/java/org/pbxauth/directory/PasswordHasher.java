package org.pbxauth.directory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import org.pbxauth.secrets.Secret;

/**
 * Argon2id password hashes in the PHC string format ({@code $argon2id$v=19$m=…,t=…,p=…$salt$hash}),
 * so each stored hash carries its own parameters and old hashes verify after the defaults change.
 */
public final class PasswordHasher {
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;

    /** Argon2id cost: memory in KiB, passes, lanes. OWASP's first choice is m=19456, t=2, p=1. */
    public record Cost(int memoryKiB, int iterations, int parallelism) {
        public static final Cost OWASP = new Cost(19 * 1024, 2, 1);

        public Cost {
            if (memoryKiB < 8 * parallelism || iterations < 1 || parallelism < 1) {
                throw new IllegalArgumentException("Argon2id needs m >= 8*p, t >= 1, p >= 1");
            }
        }
    }

    private final Cost cost;
    private final SecureRandom random = new SecureRandom();
    private final CompletableFuture<String> dummyHash;
    /** Argon2id derivations checked against a login (known, unknown or malformed alike): what enumeration tests count. */
    private final java.util.concurrent.atomic.AtomicLong verifications = new java.util.concurrent.atomic.AtomicLong();

    public PasswordHasher(Cost cost) {
        this.cost = cost;
        // An unknown login is checked against this, so it costs one real hash like a known one.
        // Made beside the start-up (a hash is 50 ms of it), waited for by the first unknown login.
        String unguessable = "no user has this password " + random.nextLong();
        this.dummyHash = CompletableFuture.supplyAsync(() -> hash(Secret.of(unguessable)),
                task -> Thread.ofPlatform().daemon().name("pbx-auth-dummy-hash").start(task));
    }

    /** Which Argon2id implementation hashes: libsodium, else the C reference (argon2-jvm), else Bouncy Castle. */
    public static String engine() {
        return Argon2Engine.name();
    }

    public Cost cost() {
        return cost;
    }

    public String hash(Secret password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] out = derive(password, salt, cost, HASH_BYTES);
        return "$argon2id$v=19$m=" + cost.memoryKiB() + ",t=" + cost.iterations() + ",p=" + cost.parallelism()
                + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(out);
    }

    /** True when the password matches; a malformed stored hash never matches. */
    public boolean verify(Secret password, String encoded) {
        if (LegacyHashes.isLegacy(encoded)) {
            try {
                return LegacyHashes.verify(password, encoded);
            } catch (RuntimeException malformed) {
                return false;
            }
        }
        Parsed parsed = Parsed.of(encoded);
        verifications.incrementAndGet();
        if (parsed == null) {
            derive(password, new byte[SALT_BYTES], cost, HASH_BYTES); // same work either way
            return false;
        }
        byte[] actual = derive(password, parsed.salt, parsed.cost, parsed.hash.length);
        return MessageDigest.isEqual(actual, parsed.hash);
    }

    /** Burns the time of one verification, for a login that does not exist; always false. */
    public boolean verifyNothing(Secret password) {
        verify(password, dummyHash.join());
        return false;
    }

    /** How many Argon2id verifications ran since start (an unknown login's included). */
    public long verifications() {
        return verifications.get();
    }

    /** True for a hash this server can verify: Argon2id, or an importable bcrypt or PBKDF2 hash. */
    public static boolean isAcceptedHash(String encoded) {
        return Parsed.of(encoded) != null || LegacyHashes.isWellFormed(encoded);
    }

    /** True when the hash was made with other parameters than today's, or another algorithm, and should be redone. */
    public boolean needsRehash(String encoded) {
        Parsed parsed = Parsed.of(encoded);
        return parsed == null || !parsed.cost.equals(cost);
    }

    private static byte[] derive(Secret password, byte[] salt, Cost cost, int length) {
        return Argon2Engine.derive(password.reveal().getBytes(StandardCharsets.UTF_8), salt, cost, length);
    }

    private record Parsed(Cost cost, byte[] salt, byte[] hash) {
        static Parsed of(String encoded) {
            if (encoded == null) {
                return null;
            }
            String[] parts = encoded.split("\\$");
            // "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
            if (parts.length != 6 || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) {
                return null;
            }
            try {
                int m = 0, t = 0, p = 0;
                for (String kv : parts[3].split(",")) {
                    String[] pair = kv.split("=", 2);
                    int v = Integer.parseInt(pair[1]);
                    switch (pair[0]) {
                        case "m" -> m = v;
                        case "t" -> t = v;
                        case "p" -> p = v;
                        default -> { return null; }
                    }
                }
                byte[] hash = B64D.decode(parts[5]);
                if (hash.length < 16 || hash.length > 64) {
                    return null;
                }
                return new Parsed(new Cost(m, t, p), B64D.decode(parts[4]), hash);
            } catch (RuntimeException e) {
                return null;
            }
        }
    }
}
