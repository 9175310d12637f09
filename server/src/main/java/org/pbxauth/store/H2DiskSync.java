package org.pbxauth.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forces H2's file to the disk once a second. H2 writes each commit to the file before the
 * answer leaves (WRITE_DELAY=0), which a killed process cannot undo, but never asks the disk to
 * keep it: a power cut or a kernel crash could take back every commit the kernel had not written
 * out yet (Linux holds dirty pages up to 30 s). With this, at most about a second of answered
 * writes is lost to a power cut.
 *
 * <p>H2's RETENTION_TIME (how long after a chunk died H2 waits before writing over its space;
 * 45 s, assuming the kernel has flushed by then) stays at its default. With this sync 10 s would
 * be as safe, and the file was 1.07 GB instead of 1.82 GB after 90 s of 1,000 grants/s, but
 * client_credentials was slower with it in five of six alternating runs (means 3.3k and 4.1k
 * req/s), and not with this sync alone (4.2k and 4.2k); BENCHMARKS.md.
 */
final class H2DiskSync implements AutoCloseable {
    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(H2DiskSync.class);

    private final DataSource pool;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final AtomicLong syncs = new AtomicLong();
    private final Thread thread;

    H2DiskSync(DataSource pool) {
        this.pool = pool;
        this.thread = Thread.ofVirtual().name("pbx-auth-h2-sync").start(this::run);
    }

    private void run() {
        while (!waitInterval()) {
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
