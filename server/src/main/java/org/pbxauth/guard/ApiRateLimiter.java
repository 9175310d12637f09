package org.pbxauth.guard;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The vendor's hourly API limits: one per customer, shared by all its apps, and an optional one
 * per app, until the clock hour turns. Counts live in the store, so all nodes share them; each
 * node adds its own requests in batches (at least every {@link #flush} call, about a second),
 * so a limit is exact to within the requests all nodes take in one flush interval.
 */
public final class ApiRateLimiter {
    private final UsageRepository usage;
    private final Clock clock;
    private final long perCustomer;
    private final long perApp;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public ApiRateLimiter(UsageRepository usage, Clock clock, long perCustomer, long perApp) {
        this.usage = usage;
        this.clock = clock;
        this.perCustomer = perCustomer;
        this.perApp = perApp;
    }

    /**
     * Counts one request of this app of this customer, and says whether it is within the limits.
     * A refused request counts against neither, so an app over its own limit does not use up
     * its customer's share.
     */
    public Decision take(long customerId, long appId) {
        return take(customerId, null, appId, null);
    }

    /**
     * As {@link #take(long, long)}, under the customer's and the app's own limits where an
     * administrator set them (null: the server's). An app limit of 0 from the settings means
     * none; set on the app, 0 refuses every request.
     */
    public Decision take(long customerId, Long customerLimit, long appId, Long appLimit) {
        long hour = hour();
        Counter customer = counter("customer:" + customerId, hour);
        Decision byCustomer = take(customer, customerLimit != null ? customerLimit : perCustomer);
        long appCap = appLimit != null ? appLimit : perApp;
        if ((appLimit == null && perApp <= 0) || !byCustomer.allowed()) {
            return byCustomer;
        }
        Decision byApp = take(counter("app:" + appId, hour), appCap);
        if (!byApp.allowed()) {
            customer.pending.decrementAndGet();
            return byApp;
        }
        return byApp.remaining() < byCustomer.remaining() ? byApp : byCustomer;
    }

    private Counter counter(String scope, long hour) {
        return counters.compute(scope, (k, old) -> old == null || old.hour != hour ? new Counter(hour) : old);
    }

    private Decision take(Counter c, long limit) {
        long used = c.shared.get() + c.pending.incrementAndGet();
        long reset = (c.hour + 1) * 3600 - clock.instant().getEpochSecond();
        if (used > limit) {
            c.pending.decrementAndGet(); // a refused request does not count against the next ones
            return new Decision(false, limit, 0, reset);
        }
        return new Decision(true, limit, limit - used, reset);
    }

    /** The requests counted this hour for the customer (all nodes, as of the last flush, and this node's since). */
    public long customerUsage(long customerId) {
        return usage("customer:" + customerId);
    }

    /** The requests counted this hour for the app. */
    public long appUsage(long appId) {
        return usage("app:" + appId);
    }

    public long customerDefault() {
        return perCustomer;
    }

    /** The server's per-app limit; 0 for none. */
    public long appDefault() {
        return perApp;
    }

    private long usage(String scope) {
        long hour = hour();
        Counter c = counters.get(scope);
        long pending = c != null && c.hour == hour ? c.pending.get() : 0;
        return usage.used(scope, hour) + pending;
    }

    /** Writes this node's new counts to the store and reads back everyone's totals. */
    public void flush() {
        long hour = hour();
        counters.forEach((scope, c) -> {
            long delta = c.pending.getAndSet(0);
            if (c.hour != hour && delta == 0) {
                counters.remove(scope, c);
                return;
            }
            try {
                c.shared.set(usage.add(scope, c.hour, delta));
            } catch (RuntimeException e) {
                c.pending.addAndGet(delta); // the store is away: keep counting locally, try again later
            }
        });
    }

    public void purge() {
        usage.purgeBefore(hour() - 1);
    }

    private long hour() {
        return clock.instant().getEpochSecond() / 3600;
    }

    /** The answer for one request, with what the X-RateLimit headers show. */
    public record Decision(boolean allowed, long limit, long remaining, long resetSeconds) {}

    private static final class Counter {
        final long hour;
        final AtomicLong shared = new AtomicLong();
        final AtomicLong pending = new AtomicLong();

        Counter(long hour) {
            this.hour = hour;
        }
    }
}
