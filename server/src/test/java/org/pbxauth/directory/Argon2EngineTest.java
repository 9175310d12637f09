package org.pbxauth.directory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.pbxauth.secrets.Secret;

/**
 * The Argon2id engines give the same bytes. libsodium is on every machine the CI runs on
 * (.ci/run installs libsodium23); on a machine without it its tests are skipped, and the server
 * uses the next engine.
 */
class Argon2EngineTest {
    private static final PasswordHasher.Cost OWASP = PasswordHasher.Cost.OWASP;

    /**
     * libsodium as the server loads it. Skipped only on a machine without the library file; where
     * the file is, a failure to load it is a failure of this test.
     */
    private static SodiumArgon2 sodium() {
        assumeTrue(libsodiumInstalled(), "libsodium.so.23 is not installed here (.ci/run installs libsodium23)");
        return SodiumArgon2.load();
    }

    private static boolean libsodiumInstalled() {
        try (Stream<Path> dirs = Files.list(Path.of("/usr/lib"))) {
            return Files.exists(Path.of("/usr/lib/libsodium.so.23"))
                    || dirs.anyMatch(dir -> Files.exists(dir.resolve("libsodium.so.23")));
        } catch (IOException | RuntimeException noUsrLib) {
            return false;
        }
    }

    @Test
    void libsodiumIsTheEngineWhereItLoads() {
        sodium();
        assertEquals("libsodium", PasswordHasher.engine());
    }

    @Test
    void libsodiumGivesDebiansArgon2CliBytesAtOwaspParameters() {
        // printf user_password | argon2 0123456789abcdef -id -t 2 -k 19456 -p 1 -l 32
        byte[] expected = HexFormat.of().parseHex("f1bec0141d340be150b87134e8824ed99d224f087ece3e3792fdcb501bc884fc");
        byte[] salt = "0123456789abcdef".getBytes(StandardCharsets.UTF_8);
        byte[] password = "user_password".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(expected, sodium().hash(password, salt, OWASP, 32));
        assertArrayEquals(expected, Argon2Engine.derive(password, salt, OWASP, 32));
        assertArrayEquals(expected, Argon2Engine.bouncyCastle(password, salt, OWASP, 32));
    }

    @Test
    void libsodiumAgreesWithBouncyCastleOnRandomInputs() {
        SodiumArgon2 sodium = sodium();
        Random random = new Random(20261128);
        for (int i = 0; i < 40; i++) {
            byte[] password = new byte[random.nextInt(0, 80)]; // empty, NUL bytes, non-UTF-8: all bytes
            random.nextBytes(password);
            byte[] salt = new byte[16];
            random.nextBytes(salt);
            PasswordHasher.Cost cost = new PasswordHasher.Cost(8 + random.nextInt(0, 256), 1 + random.nextInt(0, 3), 1);
            int length = 16 + random.nextInt(0, 49);
            assertTrue(sodium.takes(salt.length, cost, length));
            assertArrayEquals(Argon2Engine.bouncyCastle(password, salt, cost, length),
                    sodium.hash(password, salt, cost, length), "case " + i);
        }
    }

    @Test
    void whatLibsodiumDoesNotTakeIsHashedByAnotherEngineWithTheSameResult() {
        SodiumArgon2 sodium = sodium();
        byte[] password = "pässwörd".getBytes(StandardCharsets.UTF_8);
        PasswordHasher.Cost twoLanes = new PasswordHasher.Cost(64, 2, 2);
        byte[] salt16 = new byte[16];
        byte[] salt8 = new byte[8];
        byte[] salt32 = new byte[32];
        assertFalse(sodium.takes(16, twoLanes, 32));
        assertFalse(sodium.takes(8, OWASP, 32));
        assertFalse(sodium.takes(32, OWASP, 32));
        PasswordHasher.Cost small = new PasswordHasher.Cost(64, 2, 1);
        assertArrayEquals(Argon2Engine.bouncyCastle(password, salt16, twoLanes, 32),
                Argon2Engine.derive(password, salt16, twoLanes, 32));
        assertArrayEquals(Argon2Engine.bouncyCastle(password, salt8, small, 32),
                Argon2Engine.derive(password, salt8, small, 32));
        assertArrayEquals(Argon2Engine.bouncyCastle(password, salt32, small, 64),
                Argon2Engine.derive(password, salt32, small, 64));
    }

    @Test
    void aStoredHashVerifiesWhicheverEngineMadeIt() {
        sodium();
        PasswordHasher hasher = new PasswordHasher(new PasswordHasher.Cost(256, 2, 1));
        String made = hasher.hash(Secret.of("correct horse"));
        assertTrue(hasher.verify(Secret.of("correct horse"), made));
        assertFalse(hasher.verify(Secret.of("correct hors"), made));
        // The same password hashed by Bouncy Castle alone, as a server without libsodium stores it.
        byte[] salt = "saltsaltsaltsalt".getBytes(StandardCharsets.UTF_8);
        byte[] bc = Argon2Engine.bouncyCastle("correct horse".getBytes(StandardCharsets.UTF_8), salt,
                new PasswordHasher.Cost(256, 2, 1), 32);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        String stored = "$argon2id$v=19$m=256,t=2,p=1$" + b64.encodeToString(salt) + "$" + b64.encodeToString(bc);
        assertTrue(hasher.verify(Secret.of("correct horse"), stored));
    }
}
