package org.pbxauth.store;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.pbxauth.guard.ThrottleRepository;

/** Login failure counters and known addresses in SQL; counters change only under a lock (a row's, or SQLite's write lock). */
public final class JdbiThrottleRepository implements ThrottleRepository {
    private final Jdbi jdbi;
    /** Reads outside a write's transaction: read-only connections on SQLite, never waiting for the writer. */
    private final Jdbi reads;

    public JdbiThrottleRepository(Database database) {
        this.jdbi = database.jdbi();
        this.reads = database.readJdbi();
    }

    @Override
    public FailureCount failures(long tenantId, String login, String address) {
        return reads.withHandle(h -> h.createQuery("SELECT failures, last_failure_at, next_allowed_at FROM login_failures "
                        + "WHERE tenant_id = :t AND login = :l AND address = :a")
                .bind("t", tenantId).bind("l", login).bind("a", address)
                .map((rs, ctx) -> new FailureCount(rs.getInt(1), Millis.instant(rs.getLong(2)), Millis.instant(rs.getLong(3))))
                .findOne().orElse(FailureCount.NONE));
    }

    @Override
    public <T> T withLockedCounter(long tenantId, String login, String address,
                                   Function<FailureCount, Update<T>> work) {
        ensureRow("SELECT 1 FROM login_failures WHERE tenant_id = :t AND login = :l AND address = :a",
                "INSERT INTO login_failures (tenant_id, login, address, failures, last_failure_at, next_allowed_at) "
                        + "VALUES (:t, :l, :a, 0, 0, 0)", tenantId, login, address);
        return jdbi.inTransaction(h -> {
            FailureCount current = h.createQuery("SELECT failures, last_failure_at, next_allowed_at FROM login_failures "
                            + "WHERE tenant_id = :t AND login = :l AND address = :a <lockRows>")
                    .bind("t", tenantId).bind("l", login).bind("a", address)
                    .map((rs, ctx) -> new FailureCount(rs.getInt(1), Millis.instant(rs.getLong(2)),
                            Millis.instant(rs.getLong(3))))
                    .one();
            Update<T> update = work.apply(current);
            if (!update.count().equals(current)) {
                h.createUpdate("UPDATE login_failures SET failures = :f, last_failure_at = :lf, next_allowed_at = :n "
                                + "WHERE tenant_id = :t AND login = :l AND address = :a")
                        .bind("f", update.count().failures()).bind("lf", Millis.of(update.count().lastFailureAt()))
                        .bind("n", Millis.of(update.count().nextAllowedAt()))
                        .bind("t", tenantId).bind("l", login).bind("a", address).execute();
            }
            return update.answer();
        });
    }

    @Override
    public void forgiveOne(long tenantId, String login) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE login_failures SET failures = failures - 1 "
                        + "WHERE tenant_id = :t AND login = :l AND address = :a AND failures > 0")
                .bind("t", tenantId).bind("l", login).bind("a", ANY_ADDRESS).execute());
    }

    @Override
    public void clearFailures(long tenantId, String login, String address) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM login_failures WHERE tenant_id = :t AND login = :l AND address = :a")
                .bind("t", tenantId).bind("l", login).bind("a", address).execute());
    }

    @Override
    public Optional<Instant> lastSuccess(long tenantId, String login, String address) {
        return reads.withHandle(h -> h.createQuery("SELECT last_success_at FROM known_addresses "
                        + "WHERE tenant_id = :t AND login = :l AND address = :a")
                .bind("t", tenantId).bind("l", login).bind("a", address).mapTo(Long.class).findOne()
                .map(Millis::instant));
    }

    @Override
    public void recordSuccess(long tenantId, String login, String address, Instant at) {
        int n = jdbi.withHandle(h -> h.createUpdate("UPDATE known_addresses SET last_success_at = :s "
                        + "WHERE tenant_id = :t AND login = :l AND address = :a")
                .bind("s", Millis.of(at)).bind("t", tenantId).bind("l", login).bind("a", address).execute());
        if (n == 0) {
            insertIgnoringDuplicate(h -> h.createUpdate("INSERT INTO known_addresses (tenant_id, login, address, "
                            + "last_success_at) VALUES (:t, :l, :a, :s)")
                    .bind("s", Millis.of(at)).bind("t", tenantId).bind("l", login).bind("a", address).execute());
        }
    }

    @Override
    public int purge(Instant before) {
        long b = Millis.of(before);
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM login_failures WHERE last_failure_at < :b AND next_allowed_at < :b")
                .bind("b", b).execute()
                + h.createUpdate("DELETE FROM known_addresses WHERE last_success_at < :b").bind("b", b).execute());
    }

    /** Makes sure the row exists, in a transaction of its own: a lost race to insert it is fine. */
    private void ensureRow(String select, String insert, long tenantId, String login, String address) {
        boolean exists = reads.withHandle(h -> h.createQuery(select)
                .bind("t", tenantId).bind("l", login).bind("a", address).mapTo(Integer.class).findOne().isPresent());
        if (!exists) {
            insertIgnoringDuplicate(h -> h.createUpdate(insert)
                    .bind("t", tenantId).bind("l", login).bind("a", address).execute());
        }
    }

    private void insertIgnoringDuplicate(java.util.function.Consumer<Handle> insert) {
        try {
            jdbi.useHandle(insert::accept);
        } catch (RuntimeException e) {
            // a unique violation means another try or node inserted the row first: all we wanted
            if (!Constraints.isUniqueViolation(e)) {
                throw e;
            }
        }
    }
}
