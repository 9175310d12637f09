package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded SQLite store at the edges: a start on a folder or file the server cannot use
 * ends with one line saying what is wrong (and no server answering 500s); the CLI works on the
 * file of a running server and waits for the write lock instead of failing.
 */
class SqliteStoreTest {
    @TempDir
    Path dir;

    @BeforeEach
    void onlyOnSqlite() {
        assumeFalse(TestDatabases.isPostgres(), "the SQLite file (runs in the default execution)");
    }

    @Test
    void whenTheDataFolderCannotBeCreatedThenTheStartEndsWithOneLine() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "not a folder");
        InProcessCli.Result r = serve(file.resolve("data"));
        assertRefusal(r, "cannot create the data folder");
    }

    @Test
    void whenTheDataFolderIsReadOnlyThenTheStartEndsWithOneLine() throws Exception {
        assumeTrue(!"root".equals(System.getProperty("user.name")), "root writes into a read-only folder anyway");
        Path data = Files.createDirectory(dir.resolve("data"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assertRefusal(serve(data), "writable");
        } finally {
            Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void whenTheDatabaseFileIsNotADatabaseThenTheStartEndsWithOneLine() throws Exception {
        Path data = Files.createDirectory(dir.resolve("data"));
        byte[] garbage = new byte[64 * 1024];
        new Random(7).nextBytes(garbage);
        Files.write(data.resolve("pbx-auth.db"), garbage);
        assertRefusal(serve(data), "is not a SQLite database, or is damaged");
        assertThat(Files.readAllBytes(data.resolve("pbx-auth.db"))).as("the file is left as it was").isEqualTo(garbage);
    }

    @Test
    void whenPagesOfTheDatabaseAreDamagedThenTheStartEndsWithOneLine() throws Exception {
        Path data = Files.createDirectory(dir.resolve("data"));
        try (TestServer server = TestServer.start(data)) {
            OAuthAssert.assertSeedTokens(server.passwordGrant("user_name", "user_password"));
        }
        Path db = data.resolve("pbx-auth.db");
        long pages = Files.size(db) / 4096;
        assertThat(pages).as("pages of the demo store").isGreaterThan(8);
        try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
            byte[] garbage = new byte[4096];
            Random random = new Random(11);
            for (long page = pages / 2; page < pages; page++) { // the header and the schema (page 1) stay whole
                random.nextBytes(garbage);
                f.seek(page * 4096);
                f.write(garbage);
            }
        }
        assertRefusal(serve(data), "damaged");
    }

    @Test
    void whenOnlyAnOldH2DatabaseIsThereThenTheStartSaysWhatToDo() throws Exception {
        Path data = Files.createDirectory(dir.resolve("data"));
        Files.writeString(data.resolve("pbx-auth.mv.db"), "H:2,block:3");
        InProcessCli.Result r = serve(data);
        assertRefusal(r, "pbx-auth.mv.db");
        assertThat(r.err()).contains("cannot read").contains("move pbx-auth.mv.db away");
        assertThat(data.resolve("pbx-auth.db")).as("no new store beside the old one").doesNotExist();
    }

    @Test
    void whenAStoreIsMadeThenOnlyItsOwnerMayReadItsFiles() throws Exception {
        Path data = Files.createDirectory(dir.resolve("data"));
        try (TestServer server = TestServer.start(data)) {
            OAuthAssert.assertSeedTokens(server.passwordGrant("user_name", "user_password"));
            for (String name : List.of("pbx-auth.db", "pbx-auth.db-wal", "pbx-auth.db-shm")) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(name))))
                        .as("permissions of %s (password hashes, hashed secrets)", name).isEqualTo("rw-------");
            }
        }
    }

    @Test
    void whenTheServerHoldsTheWriteLockThenTheCliWaitsForItInsteadOfFailing() throws Exception {
        Path data = Files.createDirectory(dir.resolve("data"));
        try (TestServer server = TestServer.start(data);
             Connection holder = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("pbx-auth.db"))) {
            try (Statement st = holder.createStatement()) {
                st.execute("BEGIN IMMEDIATE"); // what the server's writer holds during a commit, here for 2 s
            }
            CompletableFuture<InProcessCli.Result> cli = CompletableFuture.supplyAsync(() ->
                    InProcessCli.run(data, "customer", "add", "Waiting PBX", "--hostname", "waiting.localhost"));
            Thread.sleep(2_000);
            assertThat(cli).as("the CLI waits while another connection holds the write lock").isNotDone();
            try (Statement st = holder.createStatement()) {
                st.execute("ROLLBACK");
            }
            InProcessCli.Result added = cli.get(30, TimeUnit.SECONDS);
            assertThat(added.exit()).as("%s", added).isZero();
            InProcessCli.Result list = InProcessCli.run(data, "customer", "list");
            assertThat(list.out()).contains("Waiting PBX").contains("waiting.localhost");
            // and the running server writes on: the CLI's write did not disturb it
            OAuthAssert.assertSeedTokens(server.passwordGrant("user_name", "user_password"));
        }
    }

    /** {@code pbx-auth serve} on {@code data}, which must end by itself (a guard of a minute, not a measure). */
    private static InProcessCli.Result serve(Path data) {
        return assertTimeoutPreemptively(Duration.ofMinutes(1),
                () -> InProcessCli.run(data, "serve", "--port", "0", "--bind", "127.0.0.1"));
    }

    private static void assertRefusal(InProcessCli.Result r, String says) {
        assertThat(r.exit()).as("exit code of a refused start: %s", r).isNotZero();
        List<String> lines = r.err().lines().filter(l -> l.startsWith("pbx-auth: ")).toList();
        assertThat(lines).as("the start's complaint, in one line: %s", r).hasSize(1);
        assertThat(lines.get(0)).contains(says);
        assertThat(r.err()).as("no stack trace").doesNotContain("\tat ");
    }
}
