package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pbxauth.GuardCalls.password;
import static org.pbxauth.GuardCalls.storedHash;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5, item 5: users with bcrypt and PBKDF2 hashes from an older system come in through
 * {@code pbx-auth user import}, log in with their passwords, and from their first successful login
 * on are stored as Argon2id. The hashes are made here the way the other systems make them
 * (OpenBSD bcrypt; passlib's {@code $pbkdf2-sha256$} with its adapted base64; Django's
 * {@code pbkdf2_sha256$}).
 */
class LegacyHashImportTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir static Path data;
    @TempDir static Path files;
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(data);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void whenBcryptAndPbkdf2UsersAreImportedThenTheyLogInAndTheirHashesBecomeArgon2id() throws Exception {
        Map<String, String> passwords = new LinkedHashMap<>();
        passwords.put("legacy-bcrypt-2b", "bcrypt Pässword 1");
        passwords.put("legacy-bcrypt-2a", "bcrypt-password-2");
        passwords.put("legacy-passlib", "passlib password 3");
        passwords.put("legacy-django", "django-pässword-4");
        Map<String, String> hashes = new LinkedHashMap<>();
        hashes.put("legacy-bcrypt-2b", bcrypt("2b", passwords.get("legacy-bcrypt-2b")));
        hashes.put("legacy-bcrypt-2a", bcrypt("2a", passwords.get("legacy-bcrypt-2a")));
        hashes.put("legacy-passlib", passlibPbkdf2(passwords.get("legacy-passlib"), 29000));
        hashes.put("legacy-django", djangoPbkdf2(passwords.get("legacy-django"), 600000));
        assertThat(hashes.get("legacy-bcrypt-2b")).startsWith("$2b$10$");
        assertThat(hashes.get("legacy-passlib")).startsWith("$pbkdf2-sha256$29000$");
        assertThat(hashes.get("legacy-django")).startsWith("pbkdf2_sha256$600000$");

        StringBuilder csv = new StringBuilder("login,password_hash,level,admin,timezone\n");
        hashes.forEach((login, hash) -> csv.append(login).append(',').append(hash).append(",extension,false,UTC\n"));
        Path file = files.resolve("legacy.csv");
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        InProcessCli.Result imported = InProcessCli.run(data, "user", "import", "--customer", "Demo PBX", file.toString());
        assertThat(imported.exit()).as("%s", imported).isZero();
        assertThat(imported.out()).contains("imported 4 users");
        hashes.forEach((login, hash) -> assertThat(storedHash(server, login)).as("stored as imported: %s", login)
                .isEqualTo(hash));

        for (String login : hashes.keySet()) {
            // a wrong password is refused and upgrades nothing
            OAuthAssert.assertError(password(server, login, passwords.get(login) + "x", null), 400, "invalid_grant");
            assertThat(storedHash(server, login)).as("after a wrong password: %s", login).isEqualTo(hashes.get(login));

            OAuthAssert.assertSeedTokens(password(server, login, passwords.get(login), null));
            String upgraded = storedHash(server, login);
            assertThat(upgraded).as("after the first login: %s", login).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
            // the new hash holds the same password, and only that one
            OAuthAssert.assertSeedTokens(password(server, login, passwords.get(login), null));
            OAuthAssert.assertError(password(server, login, "not-" + passwords.get(login), null), 400, "invalid_grant");
            assertThat(storedHash(server, login)).as("upgraded once: %s", login).isEqualTo(upgraded);
        }
    }

    @Test
    void whenAnImportedArgon2idHashIsGivenThenItIsKeptAsIs() throws Exception {
        String hash = server.node().services().passwords().hash(org.pbxauth.secrets.Secret.of("argon-import-1"));
        Path file = files.resolve("argon.csv");
        Files.writeString(file, "legacy-argon," + hash + "\n", StandardCharsets.UTF_8);
        InProcessCli.Result r = InProcessCli.run(data, "user", "import", "--customer", "Demo PBX", file.toString());
        assertThat(r.exit()).as("%s", r).isZero();
        OAuthAssert.assertSeedTokens(password(server, "legacy-argon", "argon-import-1", null));
        assertThat(storedHash(server, "legacy-argon")).isEqualTo(hash);
    }

    @Test
    void whenALineIsMalformedThenExit2AndNothingIsImported() throws Exception {
        assertRefused("malformed.csv", List.of(
                "malformed-ok-1," + bcrypt("2b", "fine-password-1"),
                "malformed-ok-2," + passlibPbkdf2("fine-password-2", 1000),
                "malformed-bad-line-without-hash"), "line 3", List.of("malformed-ok-1", "malformed-ok-2"));
        assertRefused("badlogin.csv", List.of(
                "badlogin-ok-1," + bcrypt("2b", "fine-password-1"),
                "bad login!," + bcrypt("2b", "fine-password-2")), "line 2", List.of("badlogin-ok-1"));
    }

    @Test
    void whenAHashFormatIsUnknownThenExit2AndNothingIsImported() throws Exception {
        assertRefused("md5.csv", List.of(
                "unknown-ok-1," + bcrypt("2b", "fine-password-1"),
                "unknown-md5,$1$saltsalt$qjXMvbEw8oaL.CzflDugX/"), "line 2", List.of("unknown-ok-1"));
        assertRefused("plain.csv", List.of(
                "plain-ok-1," + djangoPbkdf2("fine-password-1", 1000),
                "plain-text,just-a-password-in-clear"), "line 2", List.of("plain-ok-1"));
        // a known prefix with a broken body is as unknown as any other text
        assertRefused("broken.csv", List.of(
                "broken-ok-1," + bcrypt("2b", "fine-password-1"),
                "broken-pbkdf2,$pbkdf2-sha256$29000$c2FsdA$not*base64"), "line 2", List.of("broken-ok-1"));
    }

    private static void assertRefused(String name, List<String> lines, String where, List<String> goodLogins)
            throws Exception {
        Path file = files.resolve(name);
        Files.write(file, lines, StandardCharsets.UTF_8);
        InProcessCli.Result r = InProcessCli.run(data, "user", "import", "--customer", "Demo PBX", file.toString());
        assertThat(r.exit()).as("%s: %s", name, r).isEqualTo(2);
        assertThat(r.err()).as("%s names the line", name).contains(where);
        for (String login : goodLogins) {
            assertThat(storedHash(server, login)).as("%s: the good line's user %s", name, login).isNull();
        }
    }

    static String bcrypt(String version, String password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return OpenBSDBCrypt.generate(version, password.toCharArray(), salt, 10);
    }

    /** passlib's pbkdf2_sha256: {@code $pbkdf2-sha256$rounds$ab64(salt)$ab64(dk)}, ab64 = base64 with '.' for '+', no padding. */
    static String passlibPbkdf2(String password, int rounds) throws GeneralSecurityException {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        byte[] dk = pbkdf2(password, salt, rounds, 32);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "$pbkdf2-sha256$" + rounds + "$" + b64.encodeToString(salt).replace('+', '.') + "$"
                + b64.encodeToString(dk).replace('+', '.');
    }

    /** Django's PBKDF2PasswordHasher: {@code pbkdf2_sha256$rounds$salt$base64(dk)}, the salt as text. */
    static String djangoPbkdf2(String password, int rounds) throws GeneralSecurityException {
        String salt = "Zm9vYmFyYmF6cXV4" + RANDOM.nextInt(1000);
        byte[] dk = pbkdf2(password, salt.getBytes(StandardCharsets.UTF_8), rounds, 32);
        return "pbkdf2_sha256$" + rounds + "$" + salt + "$" + Base64.getEncoder().encodeToString(dk);
    }

    private static byte[] pbkdf2(String password, byte[] salt, int rounds, int bytes) throws GeneralSecurityException {
        return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec(password.toCharArray(), salt, rounds, bytes * 8)).getEncoded();
    }
}
