package org.pbxauth.store;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.pbxauth.audit.AuditEvent;
import org.pbxauth.audit.AuditKind;
import org.pbxauth.audit.AuditQuery;
import org.pbxauth.audit.AuditRepository;
import org.pbxauth.audit.StoredEvent;

/** The audit trail in SQL: one row per event, newest read first by (customer, user, time). */
public final class JdbiAuditRepository implements AuditRepository {
    private static final String COLUMNS = "tenant_id, user_id, actor_id, login, client_id, kind, detail, outcome, address, at";
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
                    + "VALUES (:t, :u, :ac, :l, :c, :k, :d, :o, :a, :at)");
            for (AuditEvent e : events) {
                b.bind("t", e.tenantId()).bind("u", e.userId()).bind("ac", e.actorId()).bind("l", e.login()).bind("c", e.clientId())
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
                .map((rs, ctx) -> event(rs, 0))
                .list());
    }

    @Override
    public List<StoredEvent> search(AuditQuery q) {
        StringBuilder where = new StringBuilder("WHERE tenant_id = :t AND id < :before");
        Map<String, Object> binds = new HashMap<>();
        binds.put("t", q.tenantId());
        binds.put("before", q.beforeId());
        // a user's events: about them, made by them as an administrator, refused sign-ins typing their login
        if (q.userId() != null && q.login() != null) {
            where.append(" AND (user_id = :u OR actor_id = :u OR (user_id IS NULL AND login = :l))");
            binds.put("u", q.userId());
            binds.put("l", q.login());
        } else if (q.userId() != null) {
            where.append(" AND (user_id = :u OR actor_id = :u)");
            binds.put("u", q.userId());
        } else if (q.login() != null) {
            where.append(" AND user_id IS NULL AND login = :l");
            binds.put("l", q.login());
        }
        if (q.clientId() != null) {
            where.append(" AND client_id = :c");
            binds.put("c", q.clientId());
        }
        if (q.kind() != null) {
            where.append(" AND kind = :k");
            binds.put("k", q.kind().name());
        }
        if (q.outcome() != null) {
            where.append(" AND outcome = :o");
            binds.put("o", q.outcome());
        }
        if (q.since() != null) {
            where.append(" AND at >= :since");
            binds.put("since", Millis.of(q.since()));
        }
        if (q.until() != null) {
            where.append(" AND at < :until");
            binds.put("until", Millis.of(q.until()));
        }
        return reads.withHandle(h -> h.createQuery("SELECT id, " + COLUMNS + " FROM audit_events " + where
                        + " ORDER BY id DESC LIMIT " + q.limit())
                .bindMap(binds)
                .map((rs, ctx) -> new StoredEvent(rs.getLong(1), event(rs, 1)))
                .list());
    }

    /** The event in the columns of {@link #COLUMNS}, after the first {@code skip} of the row. */
    private static AuditEvent event(java.sql.ResultSet rs, int skip) throws java.sql.SQLException {
        int c = skip;
        return new AuditEvent(rs.getLong(c + 1), NullableLong.at(rs, c + 2), NullableLong.at(rs, c + 3),
                rs.getString(c + 4), rs.getString(c + 5), AuditKind.valueOf(rs.getString(c + 6)), rs.getString(c + 7),
                rs.getString(c + 8), rs.getString(c + 9), Millis.instant(rs.getLong(c + 10)));
    }

    @Override
    public int purgeBefore(Instant before, int batch) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM audit_events WHERE id IN ("
                        + "SELECT id FROM audit_events WHERE at < :b ORDER BY at LIMIT " + batch + ")")
                .bind("b", Millis.of(before)).execute());
    }
}
