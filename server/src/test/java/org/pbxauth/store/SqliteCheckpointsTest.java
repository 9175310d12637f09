package org.pbxauth.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pbxauth.TestDatabases;

/**
 * The server's own WAL checkpoints (SqliteCheckpoints): the writer has none of its own, and the
 * WAL is still copied back and reset; a reader that holds an old snapshot keeps the WAL from
 * being reset while it reads, and once it is done the overgrown WAL is cut back to nothing.
 */
class SqliteCheckpointsTest {
    private static final long LIMIT = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void whenALongReaderHeldTheWalBackThenItIsCutOnceTheReaderIsDone() throws Exception {
        assumeFalse(TestDatabases.isPostgres(), "SQLite's WAL (runs in the default execution)");
        SqliteFile file = SqliteFile.in(dir, "full", "");
        try (Connection writer = file.dataSource(file.writer()).getConnection();
             Connection reader = file.dataSource(file.reader()).getConnection()) {
            try (Statement st = writer.createStatement()) {
                st.execute("CREATE TABLE filler (id INTEGER PRIMARY KEY, data BLOB NOT NULL)");
                st.execute("INSERT INTO filler (data) VALUES (zeroblob(100))");
            }
            try (SqliteCheckpoints checkpoints = new SqliteCheckpoints(file, LIMIT)) {
                reader.setAutoCommit(false);
                try (Statement st = reader.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM filler")) {
                    assertThat(rs.next()).isTrue(); // the reader's snapshot is now held, until it commits
                }
                write(writer, 3 * LIMIT);
                Thread.sleep(4 * SqliteCheckpoints.INTERVAL_MS);
                assertThat(checkpoints.walBytes()).as("the WAL while an old snapshot is read").isGreaterThan(LIMIT);

                reader.commit(); // the long read ends
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20); // a guard, not a measure
                // both: the checkpoint thread counts its TRUNCATE only after SQLite has cut the file
                while ((checkpoints.walBytes() > 0 || checkpoints.truncations() == 0) && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(checkpoints.walBytes()).as("the WAL once the reader is done").isZero();
                assertThat(checkpoints.truncations()).as("TRUNCATE checkpoints").isPositive();

                // Without a long reader, passive checkpoints copy new pages into the file: nothing
                // else does (the writer's own checkpoints are off, a read-only connection has none).
                long fileBefore = Files.size(file.file);
                write(writer, LIMIT / 2);
                deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (Files.size(file.file) < fileBefore + LIMIT / 2 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(Files.size(file.file)).as("the database file after a passive checkpoint")
                        .isGreaterThanOrEqualTo(fileBefore + LIMIT / 2);
            }
            try (Statement st = reader.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM filler")) {
                rs.next();
                assertThat(rs.getLong(1)).as("every committed row, read back after the checkpoints").isGreaterThan(1);
            }
        }
    }

    /** About {@code bytes} of rows, in commits of 64 KiB. */
    private static void write(Connection writer, long bytes) throws Exception {
        try (PreparedStatement insert = writer.prepareStatement("INSERT INTO filler (data) VALUES (zeroblob(4000))")) {
            for (long written = 0; written < bytes; ) {
                writer.setAutoCommit(false);
                for (int i = 0; i < 16; i++, written += 4000) {
                    insert.executeUpdate();
                }
                writer.commit();
                writer.setAutoCommit(true);
            }
        }
    }
}
