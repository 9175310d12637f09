package org.pbxauth.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: the writes of grants that arrive together run in one transaction and share one
 * commit, and each caller gets its answer only after that commit. A durable commit is the grant's
 * largest cost: on SQLite (synchronous=FULL) and on PostgreSQL alike it waits for an fsync of the WAL. With 16 connections asking for
 * tokens, a few grants share each commit, and a lone grant is committed at once, as before.
 *
 * <p>A grant that fails inside a group must fail alone, as it would have without the group: when
 * any write of the group throws, the group is rolled back (nothing of it was committed) and each
 * of its writes runs again in a transaction of its own. A failure of the commit itself is not
 * retried: whether it took effect is unknown, as for a single transaction, and each caller sees
 * it. Every write is a function of the handle alone, so running it again is safe. Two groups
 * on PostgreSQL that lock the same two refresh tokens in opposite orders deadlock; PostgreSQL
 * aborts one of them after its deadlock_timeout, and its writes then run alone.
 */
final class GroupCommit implements AutoCloseable {
    /** Writes in one transaction at most: a group waits for its slowest write. */
    private static final int MOST = 64;

    /** The least time between two runs of {@link #betweenGroups} by one writer. */
    static final long BETWEEN_GROUPS_MS = 100;
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

    private final Jdbi jdbi;
    private final Consumer<Handle> betweenGroups;
    private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean closed;
    /** Tells one writer to stop (close()); never run. */
    private static final Pending<Void> STOP = new Pending<>(h -> null);

    /**
     * {@code writers} transactions commit at once: one on SQLite, which has one writing connection
     * and one write lock; several on PostgreSQL, where a write waits for round trips to the server.
     */
    GroupCommit(Jdbi jdbi, int writers) {
        this(jdbi, writers, null);
    }

    /**
     * With {@code betweenGroups}: work of the store's own (SQLite's WAL checkpoint) that a writer
     * runs on its connection after a group's answers are released, at most every
     * {@value #BETWEEN_GROUPS_MS} ms while it writes; the grants that wait meanwhile wait for it.
     */
    GroupCommit(Jdbi jdbi, int writers, Consumer<Handle> betweenGroups) {
        this.jdbi = jdbi;
        this.betweenGroups = betweenGroups;
        for (int i = 0; i < writers; i++) {
            // Platform threads: a commit waits for an fsync inside the database driver, which on
            // SQLite is a native call; a virtual thread would hold one of the few carrier threads
            // that every request shares for all that time.
            this.writers.add(Thread.ofPlatform().daemon().name("pbx-auth-group-commit-" + i).start(this::write));
        }
    }

    /** Runs {@code work} in a transaction shared with concurrent writes; returns once it is committed. */
    <T> T inTransaction(HandleCallback<T, RuntimeException> work) {
        if (closed) {
            throw closedStore();
        }
        Pending<T> pending = new Pending<>(work);
        queue.add(pending);
        if (closed && queue.remove(pending)) { // close() may have drained the queue before the add
            throw closedStore();
        }
        try {
            return pending.done.join();
        } catch (CompletionException e) {
            switch (e.getCause()) {
                case RuntimeException r -> throw r;
                case Error r -> throw r;
                default -> throw e;
            }
        }
    }

    /** Writes waiting for a writer (tests). */
    int waiting() {
        return queue.size();
    }

    private void write() {
        List<Pending<?>> group = new ArrayList<>(MOST);
        long lastBetween = System.nanoTime();
        while (true) {
            Pending<?> first = take();
            if (first == STOP) {
                return;
            }
            group.add(first);
            queue.drainTo(group, MOST - 1);
            while (group.remove(STOP)) {
                queue.add(STOP); // each writer takes one, after the group in hand
            }
            try {
                commit(group);
            } catch (Throwable unexpected) { // no caller may wait forever for a writer that died
                group.forEach(p -> p.done.completeExceptionally(unexpected));
            }
            group.clear();
            if (betweenGroups != null && System.nanoTime() - lastBetween > BETWEEN_GROUPS_MS * 1_000_000) {
                try {
                    jdbi.useHandle(betweenGroups::accept);
                } catch (RuntimeException e) {
                    LOG.warn("the store's work between groups failed; trying again later: {}", e.toString());
                }
                lastBetween = System.nanoTime();
            }
        }
    }

    private Pending<?> take() {
        try {
            return queue.take();
        } catch (InterruptedException e) { // nobody interrupts the writers: close() queues STOP
            Thread.currentThread().interrupt();
            return STOP;
        }
    }

    private void commit(List<Pending<?>> group) {
        if (group.size() == 1) {
            group.get(0).alone(jdbi);
            return;
        }
        boolean allRan;
        try (Handle h = jdbi.open()) {
            h.begin();
            allRan = runAll(h, group);
            if (allRan) {
                h.commit();
            } else {
                h.rollback();
            }
        } catch (RuntimeException | Error commitFailed) {
            group.forEach(p -> p.done.completeExceptionally(commitFailed));
            return;
        }
        if (allRan) {
            group.forEach(Pending::release);
        } else {
            group.forEach(p -> p.alone(jdbi));
        }
    }

    /** False when a write threw: the group is then rolled back and each write runs alone. */
    private static boolean runAll(Handle h, List<Pending<?>> group) {
        try {
            for (Pending<?> p : group) {
                p.run(h);
            }
            return true;
        } catch (RuntimeException | Error oneFailed) {
            return false;
        }
    }

    /** Writes queued before it are committed; writes after it fail at once. */
    @Override
    public void close() {
        closed = true;
        writers.forEach(w -> queue.add(STOP));
        for (Thread w : writers) {
            try {
                w.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        Pending<?> left;
        while ((left = queue.poll()) != null) {
            left.done.completeExceptionally(closedStore());
        }
    }

    private static IllegalStateException closedStore() {
        return new IllegalStateException("the store is closed");
    }

    /** One caller's write: its result is held until the group's commit, then released. */
    private static final class Pending<T> {
        final HandleCallback<T, RuntimeException> work;
        final CompletableFuture<T> done = new CompletableFuture<>();
        T result;

        Pending(HandleCallback<T, RuntimeException> work) {
            this.work = work;
        }

        void run(Handle h) {
            result = work.withHandle(h);
        }

        void release() {
            done.complete(result);
        }

        void alone(Jdbi jdbi) {
            try {
                done.complete(jdbi.inTransaction(work));
            } catch (RuntimeException | Error e) {
                done.completeExceptionally(e);
            }
        }
    }
}
