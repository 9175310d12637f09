package org.pbxauth.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * The WAL's checkpoints, run by the server instead of SQLite's automatic one, which would run
 * inside a grant's commit and stretch that answer. While grants are written, the group commit's
 * writer runs {@link #betweenGroups} after a group's answers have left; besides, every
 * {@value #INTERVAL_MS} ms, this thread runs a PASSIVE checkpoint on a connection of its own,
 * which copies what the last writes left once they have stopped. After a checkpoint that
 * copied everything, the next commit starts the WAL over from its beginning.
 *
 * <p>sqlite.org/wal.html: "if a database has many concurrent overlapping readers and there is
 * always at least one active reader, then no checkpoints will be able to complete and hence the
 * WAL file will grow without bound." A passive checkpoint never completes under such readers;
 * when the WAL has grown past its limit ({@link SqliteFile#WAL_SIZE_LIMIT}), a TRUNCATE checkpoint waits (at
 * most {@value #TRUNCATE_WAIT_MS} ms, holding new writes back meanwhile) for the readers of old
 * snapshots to finish, then cuts the file to nothing. The request path's reads are a millisecond
 * long, so that wait is short; a reader that holds its snapshot longer only delays the cut.
 */
final class SqliteCheckpoints implements AutoCloseable {
    static final long INTERVAL_MS = 250;
    static final int TRUNCATE_WAIT_MS = 250;
    private static final Logger LOG = LoggerFactory.getLogger(SqliteCheckpoints.class);

    private final SqliteFile file;
    private final long walLimit;
    private final Path wal;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final AtomicLong truncated = new AtomicLong();
    private final Thread thread;

    /** Checkpoints of {@code file}, cutting its WAL when it passes {@code walLimit} bytes. */
    SqliteCheckpoints(SqliteFile file, long walLimit) {
        this.file = file;
        this.walLimit = walLimit;
        this.wal = file.file.resolveSibling(file.file.getFileName() + "-wal");
        this.thread = Thread.ofPlatform().daemon().name("pbx-auth-sqlite-checkpoints").start(this::run);
    }

    private void run() {
        SQLiteConfig config = file.admin();
        config.setBusyTimeout(TRUNCATE_WAIT_MS);
        Connection c = null;
        while (!waitInterval()) {
            try {
                if (c == null) {
                    c = file.dataSource(config).getConnection();
                }
                checkpoint(c, "PASSIVE");
                if (walBytes() > walLimit && checkpoint(c, "TRUNCATE")) {
                    truncated.incrementAndGet();
                }
            } catch (SQLException | RuntimeException e) {
                LOG.warn("a checkpoint of {} failed; trying again shortly: {}", file.file, e.toString());
                close(c);
                c = null;
            }
        }
        close(c);
    }

    /**
     * The checkpoint the group commit's writer runs between two groups under a steady stream of
     * writes. A passive checkpoint from another connection never finishes then: commits come
     * faster than it copies, and the WAL can start over only once a checkpoint has copied all
     * of it. Run by the writer itself, no commit comes in between, and the next one starts the
     * WAL over (once the few readers of the snapshot before have ended: else at the next try).
     */
    static void betweenGroups(org.jdbi.v3.core.Handle writer) {
        try {
            checkpoint(writer.getConnection(), "PASSIVE");
        } catch (SQLException e) {
            throw new StoreException("checkpoint failed", e);
        }
    }

    /** True when the checkpoint finished; false when readers or a writer kept it from it. */
    private static boolean checkpoint(Connection c, String mode) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(" + mode + ")")) {
            // one row: busy (1 when it could not finish), frames in the WAL, frames checkpointed
            return rs.next() && rs.getInt(1) == 0;
        }
    }

    /** The WAL file's size now; 0 when there is none. */
    long walBytes() {
        try {
            return Files.size(wal);
        } catch (IOException e) { // NoSuchFileException: no WAL since the last one closed
            return 0;
        }
    }

    private static void close(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // the connection is of no further use either way
            }
        }
    }

    /** True when closing. */
    private boolean waitInterval() {
        try {
            return closing.await(INTERVAL_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** TRUNCATE checkpoints that cut an overgrown WAL (tests, metrics). */
    long truncations() {
        return truncated.get();
    }

    @Override
    public void close() {
        closing.countDown();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
