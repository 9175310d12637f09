package org.pbxauth.store;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.pbxauth.sessions.WebSession;
import org.pbxauth.sessions.WebSessionRepository;

/** Web sessions in SQL, keyed by the SHA-256 of their id. */
public final class JdbiWebSessionRepository implements WebSessionRepository {
    private final Jdbi jdbi;
    /** Reads outside a write's transaction: read-only connections on SQLite. */
    private final Jdbi reads;

    public JdbiWebSessionRepository(Database database) {
        this.jdbi = database.jdbi();
        this.reads = database.readJdbi();
    }

    @Override
    public void create(WebSession s) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO web_sessions (id_hash, tenant_id, user_id, user_stamp, "
                        + "address, created_at, last_seen_at, expires_at) VALUES (:id, :t, :u, :stamp, :a, :c, :seen, :exp)")
                .bind("id", s.idHash()).bind("t", s.tenantId()).bind("u", s.userId()).bind("stamp", s.userStamp())
                .bind("a", s.address()).bind("c", s.createdAt().toEpochMilli())
                .bind("seen", s.lastSeenAt().toEpochMilli()).bind("exp", s.expiresAt().toEpochMilli()).execute());
    }

    @Override
    public Optional<WebSession> find(String idHash) {
        return reads.withHandle(h -> h.createQuery("SELECT id_hash, tenant_id, user_id, user_stamp, address, "
                        + "created_at, last_seen_at, expires_at FROM web_sessions WHERE id_hash = :id")
                .bind("id", idHash)
                .map((rs, ctx) -> new WebSession(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getString(4),
                        rs.getString(5), Instant.ofEpochMilli(rs.getLong(6)), Instant.ofEpochMilli(rs.getLong(7)),
                        Instant.ofEpochMilli(rs.getLong(8))))
                .findOne());
    }

    @Override
    public void touch(String idHash, Instant at) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE web_sessions SET last_seen_at = :at WHERE id_hash = :id")
                .bind("at", at.toEpochMilli()).bind("id", idHash).execute());
    }

    @Override
    public boolean delete(String idHash) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM web_sessions WHERE id_hash = :id")
                .bind("id", idHash).execute()) > 0;
    }

    @Override
    public int deleteAllOf(long tenantId, long userId) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM web_sessions WHERE tenant_id = :t AND user_id = :u")
                .bind("t", tenantId).bind("u", userId).execute());
    }

    @Override
    public int purge(Instant now, Instant idleBefore, int batch) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM web_sessions WHERE id_hash IN (SELECT id_hash FROM "
                        + "web_sessions WHERE expires_at <= :now OR last_seen_at < :idle LIMIT :n)")
                .bind("now", now.toEpochMilli()).bind("idle", idleBefore.toEpochMilli()).bind("n", batch).execute());
    }
}
