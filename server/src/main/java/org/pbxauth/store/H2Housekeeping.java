package org.pbxauth.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Once a second, the two jobs of H2's own background thread, which WRITE_DELAY=0 (every commit in
 * the file before its answer leaves) switches off: force the file to the disk, and rewrite the
 * sparsest chunks.
 *
 * <p><b>The sync.</b> A commit written to the file survives a killed process, but until the disk
 * is asked to keep it (fsync) a power cut or a kernel crash could take it back (Linux holds dirty
 * pages up to 30 s). With this, at most about a second of answered writes is lost to a power cut.
 * H2's RETENTION_TIME (how long after a chunk died H2 waits before writing over its space; 45 s)
 * stays at its default: 10 s would be as safe with this sync, but client_credentials was slower
 * with it in five of six alternating runs (BENCHMARKS.md).
 *
 * <p><b>The chunks.</b> Each commit writes a new chunk holding a copy of every page it changed,
 * and a chunk's space comes free only once none of its pages is live. A page that stops changing
 * (a full leaf of a sequential index, the leaf of a token nobody touches again) keeps its whole
 * chunk, so without rewriting the file grows with everything ever written until the purge deletes
 * those rows, a day after they expire (BENCHMARKS.md, the file). H2's own routine for this
 * ({@link MVStore#compact}: the live pages of the sparsest chunks move to a new one) runs here at
 * most {@value #MOST_BYTES_MOVED} bytes a second, and only while less than
 * {@value #LIVE_PERCENT_WANTED}% of the chunks' space is live. It reaches H2's store below JDBC
 * (JdbcConnection, SessionLocal, MVStore: public classes of H2, not its documented API), and
 * H2HousekeepingTest fails if an H2 upgrade moves them.
 */
final class H2Housekeeping implements AutoCloseable {
    private static final Duration INTERVAL = Duration.ofSeconds(1);
    static final int LIVE_PERCENT_WANTED = 50;
    static final int MOST_BYTES_MOVED = 1 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(H2Housekeeping.class);

    private final DataSource pool;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final AtomicLong syncs = new AtomicLong();
    private final AtomicLong compactions = new AtomicLong();
    private final Thread thread;

    H2Housekeeping(DataSource pool) {
        this.pool = pool;
        this.thread = Thread.ofVirtual().name("pbx-auth-h2-housekeeping").start(this::run);
    }

    private void run() {
        while (!waitInterval()) {
            compact();
            sync();
        }
        sync(); // what the last second wrote, before the pool closes
    }

    private void sync() {
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            st.execute("CHECKPOINT SYNC"); // H2: fsync of the file (FileChannel.force)
            syncs.incrementAndGet();
        } catch (SQLException | RuntimeException e) {
            LOG.warn("syncing the H2 file to the disk failed; trying again in a second", e);
        }
    }

    /** One round of chunk rewriting. */
    private void compact() {
        try (Connection c = pool.getConnection()) {
            // The server's connections are embedded ones; one through AUTO_SERVER (another process
            // opened the file first) has no store here to compact, and that process keeps it.
            if (c.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session) {
                MVStore store = session.getDatabase().getStore().getMvStore();
                if (store.compact(LIVE_PERCENT_WANTED, MOST_BYTES_MOVED)) {
                    compactions.incrementAndGet();
                }
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("rewriting sparse H2 chunks failed; trying again in a second", e);
        }
    }

    /** True when closing. Never interrupted: an interrupt during a file write closes H2's channel. */
    private boolean waitInterval() {
        try {
            return closing.await(INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** Syncs done so far (tests). */
    long syncs() {
        return syncs.get();
    }

    /** Rounds that rewrote chunks so far (tests). */
    long compactions() {
        return compactions.get();
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
