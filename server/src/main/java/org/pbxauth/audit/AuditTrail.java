package org.pbxauth.audit;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail in the store. A request hands its event over and goes on; a background job
 * writes what has gathered in one transaction every second, so a burst of logins costs one write
 * per second, not one per login. Each event is also a line of the {@code pbxauth.audit} log,
 * written at once; on a crash the store may miss the last second of events, the log does not.
 * Should the store fall behind by more than {@link #CAPACITY} events, new ones are counted and
 * left to the log alone rather than slowing the logins down.
 */
public final class AuditTrail {
    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);
    static final int CAPACITY = 20_000;
    private static final int WRITE_BATCH = 1_000;

    private final AuditRepository events;
    private final Clock clock;
    private final Duration retention;
    private final BlockingQueue<AuditEvent> waiting = new ArrayBlockingQueue<>(CAPACITY);
    private final AtomicLong dropped = new AtomicLong();

    public AuditTrail(AuditRepository events, Clock clock, Duration retention) {
        this.events = events;
        this.clock = clock;
        this.retention = retention;
    }

    public Clock clock() {
        return clock;
    }

    public void record(AuditEvent event) {
        if (!waiting.offer(event)) {
            dropped.incrementAndGet();
        }
    }

    /** Writes every event waiting; the background job's step, and the last one at shutdown. */
    public synchronized void flush() {
        long lost = dropped.getAndSet(0);
        if (lost > 0) {
            log.warn("{} audit events were written to the log only: the store fell behind", lost);
        }
        List<AuditEvent> batch = new ArrayList<>();
        while (waiting.drainTo(batch, WRITE_BATCH) > 0) {
            try {
                events.append(batch);
            } catch (RuntimeException e) {
                // the log has every one of them; the store misses this batch
                log.warn("{} audit events were written to the log only: {}", batch.size(), e.getMessage());
                return;
            }
            batch.clear();
        }
    }

    /** The user's newest events, those still waiting included. */
    public List<AuditEvent> recent(long tenantId, long userId, String login, int limit) {
        flush();
        return events.recent(tenantId, userId, login, limit);
    }

    /** The customer's events that match, those still waiting included. */
    public List<StoredEvent> search(AuditQuery query) {
        flush();
        return events.search(query);
    }

    /** Deletes events past the retention, {@code batch} at a time; returns how many went. */
    public int purge(int batch) {
        int total = 0;
        int n;
        do {
            n = events.purgeBefore(clock.instant().minus(retention), batch);
            total += n;
        } while (n == batch);
        return total;
    }
}
