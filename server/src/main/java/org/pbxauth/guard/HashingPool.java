package org.pbxauth.guard;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Password hashing on a bounded pool of platform threads (by default half the cores): Argon2id
 * is CPU work, and running it on the request threads would let a flood of password grants starve
 * the cheap requests (introspection, refresh, API calls). A request whose hash would wait longer
 * than the budget is shed at once with {@link OverloadedException} instead of queueing: a client
 * told "retry later" now is better served than one answered after its own timeout. The threads
 * run at a lower CPU priority than the request threads ({@link ThreadNiceness}).
 */
public final class HashingPool implements AutoCloseable {
    /** The hashing threads' nice value: the kernel weighs a nice-10 thread at about a tenth of a normal one. */
    static final int HASHING_NICE = 10;

    private final ThreadPoolExecutor executor;
    private final int threads;
    private final long budgetNanos;
    private final AtomicInteger waiting = new AtomicInteger();
    /** Exponentially weighted mean of one hash's duration, nanoseconds. */
    private final AtomicLong meanHashNanos = new AtomicLong(TimeUnit.MILLISECONDS.toNanos(50));

    public HashingPool(int threads, Duration budget) {
        this.threads = threads;
        this.budgetNanos = budget.toNanos();
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(Math.max(16, threads * 64)), r -> {
                    Thread t = new Thread(() -> {
                        ThreadNiceness.lowerCurrentThread(HASHING_NICE);
                        r.run();
                    }, "pbx-auth-hash-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /** Runs {@code work} on the pool, or throws {@link OverloadedException} when it would wait past the budget. */
    public <T> T run(Callable<T> work) {
        long expectedWait = (long) waiting.get() * meanHashNanos.get() / threads;
        if (expectedWait > budgetNanos) {
            throw new OverloadedException();
        }
        long enqueued = System.nanoTime();
        waiting.incrementAndGet();
        Future<T> future;
        try {
            future = executor.submit(() -> {
                long started = System.nanoTime();
                if (started - enqueued > budgetNanos) {
                    throw new OverloadedException(); // waited too long after all: don't burn the CPU on it
                }
                try {
                    return work.call();
                } finally {
                    long took = System.nanoTime() - started;
                    meanHashNanos.updateAndGet(m -> m + (took - m) / 8);
                }
            });
        } catch (RejectedExecutionException e) {
            waiting.decrementAndGet();
            throw new OverloadedException();
        }
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw new OverloadedException();
        } finally {
            waiting.decrementAndGet();
        }
    }

    /** Hashes waiting or running: the queue the metrics show. */
    public int waiting() {
        return waiting.get();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
