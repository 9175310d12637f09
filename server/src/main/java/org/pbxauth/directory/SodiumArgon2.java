package org.pbxauth.directory;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;

/**
 * Argon2id (version 1.3) by libsodium's {@code crypto_pwhash}, from the system's library (Debian:
 * {@code libsodium23}) through JNA. libsodium picks its block-filling loop for the CPU at run
 * time (AVX-512F, AVX2, SSSE3 or portable C); on the bench machine a hash at OWASP's parameters
 * takes about 19 ms against 40–59 ms for the reference C of Debian's {@code argon2} (BENCHMARKS.md).
 *
 * <p>{@code crypto_pwhash} fixes what the full Argon2id leaves open: one lane, a salt of exactly
 * {@code crypto_pwhash_SALTBYTES} (16), an output of at least {@code crypto_pwhash_BYTES_MIN}
 * (16), memory in bytes. {@link #takes} says which requests fit; every hash this server makes
 * does (p=1, 16-byte salt, 32 bytes), and other imported parameters go to another engine.
 * Public for bench/'s Argon2Benchmarks, which measures this class rather than a copy of it.
 */
public final class SodiumArgon2 {
    /** The functions of libsodium 1.0.18's API this class calls; size_t is a NativeLong on LP64 and ILP32. */
    interface Sodium extends Library {
        int sodium_init();

        int crypto_pwhash_alg_argon2id13();

        NativeLong crypto_pwhash_saltbytes();

        NativeLong crypto_pwhash_bytes_min();

        NativeLong crypto_pwhash_memlimit_max();

        int crypto_pwhash(byte[] out, long outlen, byte[] passwd, long passwdlen, byte[] salt,
                          long opslimit, NativeLong memlimit, int alg);
    }

    private final Sodium sodium;
    private final int argon2id13;
    private final int saltBytes;
    private final long minLength;
    private final long maxMemoryBytes;

    private SodiumArgon2(Sodium sodium) {
        this.sodium = sodium;
        this.argon2id13 = sodium.crypto_pwhash_alg_argon2id13();
        this.saltBytes = Math.toIntExact(sodium.crypto_pwhash_saltbytes().longValue());
        this.minLength = sodium.crypto_pwhash_bytes_min().longValue();
        this.maxMemoryBytes = sodium.crypto_pwhash_memlimit_max().longValue();
    }

    /**
     * Loads the library by its soname first (one dlopen, no search of the file system), then by
     * JNA's own search. Throws {@link UnsatisfiedLinkError} when there is none.
     */
    public static SodiumArgon2 load() {
        Sodium sodium;
        try {
            sodium = Native.load("libsodium.so.23", Sodium.class);
        } catch (UnsatisfiedLinkError notThatName) {
            sodium = Native.load("sodium", Sodium.class);
        }
        // "sodium_init() returns 0 on success, -1 on failure, and 1 if the library had already
        // been initialized" (libsodium's documentation, "Usage").
        if (sodium.sodium_init() < 0) {
            throw new UnsatisfiedLinkError("sodium_init failed");
        }
        return new SodiumArgon2(sodium);
    }

    public boolean takes(int saltLength, PasswordHasher.Cost cost, int length) {
        return cost.parallelism() == 1 && saltLength == saltBytes && length >= minLength
                && cost.memoryKiB() * 1024L <= maxMemoryBytes;
    }

    public byte[] hash(byte[] password, byte[] salt, PasswordHasher.Cost cost, int length) {
        byte[] out = new byte[length];
        int rc = sodium.crypto_pwhash(out, length, password, password.length, salt, cost.iterations(),
                new NativeLong(cost.memoryKiB() * 1024L), argon2id13);
        if (rc != 0) {
            // Only when the memory cannot be had: -1 is crypto_pwhash's one failure after the limits above.
            throw new IllegalStateException("libsodium could not compute Argon2id (out of memory?)");
        }
        return out;
    }
}
