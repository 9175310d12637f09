package org.pbxauth.store;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.pbxauth.consents.Consent;
import org.pbxauth.consents.ConsentRepository;

/** Consents in SQL: one row per customer, user and app, revoked by setting revoked_at. */
public final class JdbiConsentRepository implements ConsentRepository {
    private final Jdbi jdbi;
    /** Reads outside a write's transaction: read-only connections on SQLite, never waiting for the writer. */
    private final Jdbi reads;

    public JdbiConsentRepository(Database database) {
        this.jdbi = database.jdbi();
        this.reads = database.readJdbi();
    }

    @Override
    public boolean isGranted(long tenantId, long userId, long appId) {
        return reads.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM consents "
                        + "WHERE tenant_id = :t AND user_id = :u AND app_id = :a AND revoked_at IS NULL")
                .bind("t", tenantId).bind("u", userId).bind("a", appId).mapTo(Long.class).one()) > 0;
    }

    @Override
    public void grant(long tenantId, long userId, long appId, Instant at) {
        // Portable upsert: renew a revoked row, else insert; a concurrent insert of the same
        // consent (a double click on Allow) loses on the unique key and is just as good.
        int renewed = jdbi.withHandle(h -> h.createUpdate("UPDATE consents SET granted_at = :g, revoked_at = NULL "
                        + "WHERE tenant_id = :t AND user_id = :u AND app_id = :a AND revoked_at IS NOT NULL")
                .bind("g", Millis.of(at)).bind("t", tenantId).bind("u", userId).bind("a", appId).execute());
        if (renewed > 0) {
            return;
        }
        try {
            jdbi.useHandle(h -> h.createUpdate("INSERT INTO consents (tenant_id, user_id, app_id, granted_at) "
                            + "VALUES (:t, :u, :a, :g)")
                    .bind("t", tenantId).bind("u", userId).bind("a", appId).bind("g", Millis.of(at)).execute());
        } catch (RuntimeException e) {
            if (!Constraints.isUniqueViolation(e)) {
                throw e;
            }
        }
    }

    @Override
    public boolean revoke(long tenantId, long userId, long appId, Instant at) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE consents SET revoked_at = :r "
                        + "WHERE tenant_id = :t AND user_id = :u AND app_id = :a AND revoked_at IS NULL")
                .bind("r", Millis.of(at)).bind("t", tenantId).bind("u", userId).bind("a", appId).execute()) > 0;
    }

    @Override
    public List<Consent> list(long tenantId, long userId) {
        return reads.withHandle(h -> h.createQuery("SELECT tenant_id, user_id, app_id, granted_at, revoked_at "
                        + "FROM consents WHERE tenant_id = :t AND user_id = :u ORDER BY granted_at, id")
                .bind("t", tenantId).bind("u", userId)
                .map((rs, ctx) -> new Consent(rs.getLong("tenant_id"), rs.getLong("user_id"), rs.getLong("app_id"),
                        Millis.instant(rs.getLong("granted_at")),
                        Millis.instantOrNull(NullableLong.at(rs, "revoked_at"))))
                .list());
    }
}
