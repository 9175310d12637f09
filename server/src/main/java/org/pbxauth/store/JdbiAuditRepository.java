package org.pbxauth.store;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.pbxauth.audit.AuditEvent;
import org.pbxauth.audit.AuditKind;
import org.pbxauth.audit.AuditRepository;

/** The audit trail in SQL: one row per event, newest read first by (customer, user, time). */
public final class JdbiAuditRepository implements AuditRepository {
    private static final String COLUMNS = "tenant_id, user_id, login, client_id, kind, detail, outcome, address, at";
    private final Jdbi jdbi;
    private final Jdbi reads;

    public JdbiAuditRepository(Database database) {
        this.jdbi = database.jdbi();
        this.reads = database.readJdbi();
    }

    @Override
    public void append(List<AuditEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        jdbi.useTransaction(h -> {
            PreparedBatch b = h.prepareBatch("INSERT INTO audit_events (" + COLUMNS + ") "
                    + "VALUES (:t, :u, :l, :c, :k, :d, :o, :a, :at)");
            for (AuditEvent e : events) {
                b.bind("t", e.tenantId()).bind("u", e.userId()).bind("l", e.login()).bind("c", e.clientId())
                        .bind("k", e.kind().name()).bind("d", e.detail()).bind("o", e.outcome())
                        .bind("a", e.address()).bind("at", Millis.of(e.at())).add();
            }
            b.execute();
        });
    }

    @Override
    public List<AuditEvent> recent(long tenantId, long userId, String login, int limit) {
        return reads.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM audit_events "
                        + "WHERE tenant_id = :t AND (user_id = :u OR (user_id IS NULL AND login = :l)) "
                        + "ORDER BY at DESC, id DESC LIMIT " + limit)
                .bind("t", tenantId).bind("u", userId).bind("l", login)
                .map((rs, ctx) -> new AuditEvent(rs.getLong(1), NullableLong.at(rs, 2), rs.getString(3),
                        rs.getString(4), AuditKind.valueOf(rs.getString(5)), rs.getString(6), rs.getString(7),
                        rs.getString(8), Millis.instant(rs.getLong(9))))
                .list());
    }

    @Override
    public int purgeBefore(Instant before, int batch) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM audit_events WHERE id IN ("
                        + "SELECT id FROM audit_events WHERE at < :b ORDER BY at LIMIT " + batch + ")")
                .bind("b", Millis.of(before)).execute());
    }
}
