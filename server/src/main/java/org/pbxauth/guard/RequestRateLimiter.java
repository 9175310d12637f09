package org.pbxauth.guard;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The vendor's per-address limits on {@code /oauth/*} and the login page: at most
 * {@code perSecond} requests a second (a token bucket, so short bursts of that size pass) and
 * {@code concurrent} requests in flight. Counted per node: these limits protect each node's own
 * capacity, and a load balancer spreads one address over several nodes only by design.
 */
public final class RequestRateLimiter {
    private final int perSecond;
    private final int concurrent;
    private final Cache<String, Bucket> buckets;
    /** Requests in flight under these limits, of every address (a gauge of the metrics). */
    private final AtomicInteger inFlight = new AtomicInteger();

    public RequestRateLimiter(int perSecond, int concurrent) {
        this.perSecond = perSecond;
        this.concurrent = concurrent;
        this.buckets = Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(Duration.ofMinutes(1)).build();
    }

    /** A permit to run now, to be closed when the request ends; empty with the seconds to wait when refused. */
    public Permit acquire(String address) {
        Bucket b = buckets.get(address, k -> new Bucket(perSecond));
        if (!b.take(perSecond)) {
            return Permit.refused(1);
        }
        if (b.inFlight.incrementAndGet() > concurrent) {
            b.inFlight.decrementAndGet();
            return Permit.refused(1);
        }
        inFlight.incrementAndGet();
        return new Permit(true, 0, b.inFlight, inFlight);
    }

    /** Requests of all addresses holding a permit now. */
    public int inFlight() {
        return inFlight.get();
    }

    /** One request's permission; {@link #close} gives back its concurrency slot. */
    public record Permit(boolean granted, int retryAfterSeconds, AtomicInteger address, AtomicInteger all)
            implements AutoCloseable {
        static Permit refused(int retryAfter) {
            return new Permit(false, retryAfter, null, null);
        }

        @Override
        public void close() {
            if (granted) {
                address.decrementAndGet();
                all.decrementAndGet();
            }
        }
    }

    private static final class Bucket {
        final AtomicInteger inFlight = new AtomicInteger();
        private double tokens;
        private long refilledAt = System.nanoTime();

        Bucket(int capacity) {
            this.tokens = capacity;
        }

        synchronized boolean take(int perSecond) {
            long now = System.nanoTime();
            tokens = Math.min(perSecond, tokens + (now - refilledAt) / 1e9 * perSecond);
            refilledAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }
    }
}
