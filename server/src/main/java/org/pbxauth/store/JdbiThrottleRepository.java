package org.pbxauth.store;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatements;
import org.pbxauth.guard.ThrottleRepository;

/** Login failure counters and known addresses in SQL (portable upserts: update, else insert). */
public final class JdbiThrottleRepository implements ThrottleRepository {
    private final Jdbi jdbi;

    public JdbiThrottleRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Optional<FailureCount> failures(long tenantId, String login, String address) {
        return jdbi.withHandle(h -> h.createQuery("SELECT failures, last_failure_at, next_allowed_at FROM login_failures "
                        + "WHERE tenant_id = :t AND login = :l AND address = :a")
                .bind("t", tenantId).bind("l", login).bind("a", address)
                .map((rs, ctx) -> new FailureCount(rs.getInt(1), Millis.instant(rs.getLong(2)), Millis.instant(rs.getLong(3))))
                .findOne());
    }

    @Override
    public void saveFailures(long tenantId, String login, String address, FailureCount c) {
        upsert("UPDATE login_failures SET failures = :f, last_failure_at = :lf, next_allowed_at = :n "
                        + "WHERE tenant_id = :t AND login = :l AND address = :a",
                "INSERT INTO login_failures (tenant_id, login, address, failures, last_failure_at, next_allowed_at) "
                        + "VALUES (:t, :l, :a, :f, :lf, :n)",
                tenantId, login, address, c.failures(), Millis.of(c.lastFailureAt()), Millis.of(c.nextAllowedAt()));
    }

    @Override
    public void clearFailures(long tenantId, String login, String address) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM login_failures WHERE tenant_id = :t AND login = :l AND address = :a")
                .bind("t", tenantId).bind("l", login).bind("a", address).execute());
    }

    @Override
    public Optional<Instant> lastSuccess(long tenantId, String login, String address) {
        return jdbi.withHandle(h -> h.createQuery("SELECT last_success_at FROM known_addresses "
                        + "WHERE tenant_id = :t AND login = :l AND address = :a")
                .bind("t", tenantId).bind("l", login).bind("a", address).mapTo(Long.class).findOne()
                .map(Millis::instant));
    }

    @Override
    public void recordSuccess(long tenantId, String login, String address, Instant at) {
        upsert("UPDATE known_addresses SET last_success_at = :lf WHERE tenant_id = :t AND login = :l AND address = :a",
                "INSERT INTO known_addresses (tenant_id, login, address, last_success_at) VALUES (:t, :l, :a, :lf)",
                tenantId, login, address, 0, Millis.of(at), 0);
    }

    @Override
    public int purge(Instant before) {
        long b = Millis.of(before);
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM login_failures WHERE last_failure_at < :b AND next_allowed_at < :b")
                .bind("b", b).execute()
                + h.createUpdate("DELETE FROM known_addresses WHERE last_success_at < :b").bind("b", b).execute());
    }

    private void upsert(String update, String insert, long tenantId,
                        String login, String address, int failures, long lastAt, long nextAllowed) {
        for (int attempt = 0; ; attempt++) {
            try {
                jdbi.useTransaction(h -> {
                    // one binder for both tables: known_addresses has no failure columns
                    h.getConfig(SqlStatements.class).setUnusedBindingAllowed(true);
                    int n = h.createUpdate(update).bind("t", tenantId).bind("l", login).bind("a", address)
                            .bind("f", failures).bind("lf", lastAt).bind("n", nextAllowed).execute();
                    if (n == 0) {
                        h.createUpdate(insert).bind("t", tenantId).bind("l", login).bind("a", address)
                                .bind("f", failures).bind("lf", lastAt).bind("n", nextAllowed).execute();
                    }
                });
                return;
            } catch (RuntimeException e) {
                // two nodes inserted the same first row at once: the other one won, update it now
                if (attempt > 2 || !Constraints.isUniqueViolation(e)) {
                    throw e;
                }
            }
        }
    }
}
