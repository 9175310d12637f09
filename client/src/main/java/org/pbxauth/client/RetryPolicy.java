package org.pbxauth.client;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How the SDK waits out a 429 (the hourly limit: until {@code X-RateLimit-Reset}) and a 503 (an
 * overloaded or stopping node: {@code Retry-After}): at most {@link #maxRetries()} retries, none
 * that would wait longer than {@link #maxWait()}, each wait plus a random jitter so a fleet of
 * apps does not come back in the same millisecond. Immutable; the {@code with…} methods make a
 * changed copy.
 */
public final class RetryPolicy {
    /** What waits between tries; {@code Thread::sleep} by default, a recording fake in a test. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final int maxRetries;
    private final Duration maxWait;
    private final Duration jitter;
    private final boolean retryNonIdempotent;
    private final Sleeper sleeper;

    private RetryPolicy(int maxRetries, Duration maxWait, Duration jitter, boolean retryNonIdempotent, Sleeper sleeper) {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative");
        }
        if (maxWait.isNegative() || jitter.isNegative()) {
            throw new IllegalArgumentException("maxWait and jitter must not be negative");
        }
        this.maxRetries = maxRetries;
        this.maxWait = maxWait;
        this.jitter = jitter;
        this.retryNonIdempotent = retryNonIdempotent;
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /** 3 retries, none waiting over 60 s, up to 1 s of jitter, idempotent methods only, real sleep. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(3, Duration.ofSeconds(60), Duration.ofSeconds(1), false, d -> Thread.sleep(d.toMillis()));
    }

    /** No retry: every 429 and 503 goes to the caller at once. */
    public static RetryPolicy none() {
        return defaults().withMaxRetries(0);
    }

    public RetryPolicy withMaxRetries(int n) {
        return new RetryPolicy(n, maxWait, jitter, retryNonIdempotent, sleeper);
    }

    /** The longest wait worth making; an answer asking for more goes to the caller. */
    public RetryPolicy withMaxWait(Duration d) {
        return new RetryPolicy(maxRetries, Objects.requireNonNull(d, "maxWait"), jitter, retryNonIdempotent, sleeper);
    }

    public RetryPolicy withJitter(Duration d) {
        return new RetryPolicy(maxRetries, maxWait, Objects.requireNonNull(d, "jitter"), retryNonIdempotent, sleeper);
    }

    /** Whether POST and PATCH are retried too (only when the caller knows the API call is safe to repeat). */
    public RetryPolicy withRetryNonIdempotent(boolean allow) {
        return new RetryPolicy(maxRetries, maxWait, jitter, allow, sleeper);
    }

    public RetryPolicy withSleeper(Sleeper s) {
        return new RetryPolicy(maxRetries, maxWait, jitter, retryNonIdempotent, s);
    }

    public int maxRetries() {
        return maxRetries;
    }

    public Duration maxWait() {
        return maxWait;
    }

    public Duration jitter() {
        return jitter;
    }

    public boolean retryNonIdempotent() {
        return retryNonIdempotent;
    }

    /**
     * The wait before retry number {@code attempt}: what the server asked for, else an
     * exponential 1, 2, 4 … s; plus jitter; empty when that is more than {@link #maxWait()}.
     */
    Optional<Duration> waitFor(Optional<Duration> asked, int attempt) {
        Duration base = asked.orElseGet(() -> Duration.ofSeconds(1L << Math.min(attempt - 1, 20)));
        if (base.compareTo(maxWait) > 0) {
            return Optional.empty();
        }
        long jitterMillis = jitter.toMillis() == 0 ? 0 : ThreadLocalRandom.current().nextLong(jitter.toMillis() + 1);
        return Optional.of(base.plusMillis(jitterMillis));
    }

    void sleep(Duration d) {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PbxAuthException("interrupted", "the thread was interrupted while waiting to retry", 0, e);
        }
    }

    @Override
    public String toString() {
        return "RetryPolicy[maxRetries=" + maxRetries + ", maxWait=" + maxWait + ", jitter=" + jitter
                + ", retryNonIdempotent=" + retryNonIdempotent + "]";
    }
}
