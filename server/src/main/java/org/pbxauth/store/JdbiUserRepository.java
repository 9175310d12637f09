package org.pbxauth.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.pbxauth.directory.DirectoryException;
import org.pbxauth.directory.NewUser;
import org.pbxauth.directory.PbxUser;
import org.pbxauth.directory.UserLevel;
import org.pbxauth.directory.UserRepository;

/** Users in SQL, always scoped by customer. */
public final class JdbiUserRepository implements UserRepository {
    private static final String COLUMNS = "id, tenant_id, login, level, admin, blocked, timezone, "
            + "extension_id, extension_group_id, password_hash, version";
    /** How many columns {@link #map} reads. */
    static final int COLUMN_COUNT = 11;
    /** {@link #COLUMNS} of the table aliased {@code u}, for a join that reads a user beside its token. */
    static final String U_COLUMNS = "u." + COLUMNS.replace(", ", ", u.");

    private final Jdbi jdbi;
    /** Reads outside a write's transaction: read-only connections on SQLite, never waiting for the writer. */
    private final Jdbi reads;
    private final Clock clock;
    private final RowQuery<PbxUser> byId;

    public JdbiUserRepository(Database database, Clock clock) {
        this.jdbi = database.jdbi();
        this.reads = database.readJdbi();
        this.clock = clock;
        this.byId = new RowQuery<>(database, "SELECT " + COLUMNS + " FROM users WHERE tenant_id = ? AND id = ?",
                rs -> map(rs, 0));
    }

    @Override
    public Optional<PbxUser> findByLogin(long tenantId, String login) {
        return reads.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM users WHERE tenant_id = :t AND login = :l")
                .bind("t", tenantId).bind("l", login).map((rs, ctx) -> map(rs, 0)).findOne());
    }

    @Override
    public Optional<PbxUser> findById(long tenantId, long userId) {
        return byId.find(tenantId, userId);
    }

    @Override
    public boolean extensionInGroup(long tenantId, long groupId, long extensionId) {
        return reads.withHandle(h -> h.createQuery("SELECT 1 FROM users WHERE tenant_id = :t AND extension_group_id = :g"
                        + " AND extension_id = :e LIMIT 1")
                .bind("t", tenantId).bind("g", groupId).bind("e", extensionId).mapTo(Integer.class).findOne().isPresent());
    }

    @Override
    public List<PbxUser> list(long tenantId) {
        return reads.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM users WHERE tenant_id = :t ORDER BY id")
                .bind("t", tenantId).map((rs, ctx) -> map(rs, 0)).list());
    }

    @Override
    public List<PbxUser> page(long tenantId, String query, long afterId, int limit) {
        boolean all = query == null || query.isEmpty();
        // LIKE with our own escape: a '%' or '_' typed in the search box is a character, not a wildcard.
        String pattern = all ? null : "%" + query.toLowerCase(java.util.Locale.ROOT)
                .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return reads.withHandle(h -> {
            var q = h.createQuery("SELECT " + COLUMNS + " FROM users WHERE tenant_id = :t AND id > :a"
                    + (all ? "" : " AND LOWER(login) LIKE :q ESCAPE '\\'") + " ORDER BY id LIMIT " + limit)
                    .bind("t", tenantId).bind("a", afterId);
            if (!all) {
                q.bind("q", pattern);
            }
            return q.map((rs, ctx) -> map(rs, 0)).list();
        });
    }

    @Override
    public java.util.Map<Long, String> logins(long tenantId, java.util.Collection<Long> userIds) {
        java.util.Map<Long, String> out = new java.util.HashMap<>();
        if (userIds.isEmpty()) {
            return out;
        }
        reads.useHandle(h -> h.createQuery("SELECT id, login FROM users WHERE tenant_id = :t AND id IN (<ids>)")
                .bind("t", tenantId).bindList("ids", java.util.List.copyOf(new java.util.HashSet<>(userIds)))
                .map((rs, ctx) -> java.util.Map.entry(rs.getLong(1), rs.getString(2)))
                .forEach(e -> out.put(e.getKey(), e.getValue())));
        return out;
    }

    @Override
    public boolean update(PbxUser current, PbxUser changed) {
        // One statement: the row's lock makes PostgreSQL re-check the version on the newest row,
        // and SQLite has one writer, so a change committed since current was read fails the WHERE.
        return jdbi.withHandle(h -> h.createUpdate("UPDATE users SET level = :l, admin = :a, blocked = :b, timezone = :z, "
                        + "extension_id = :e, extension_group_id = :g, password_hash = :p, version = version + 1 "
                        + "WHERE tenant_id = :t AND id = :i AND version = :v")
                .bind("l", changed.level().name()).bind("a", changed.admin()).bind("b", changed.blocked())
                .bind("z", changed.timezone()).bind("e", changed.extensionId()).bind("g", changed.extensionGroupId())
                .bind("p", changed.passwordHash()).bind("t", current.tenantId()).bind("i", current.id())
                .bind("v", current.version()).execute()) == 1;
    }

    @Override
    public PbxUser create(NewUser u) {
        try {
            long id = jdbi.withHandle(h -> h.createUpdate("INSERT INTO users (tenant_id, login, password_hash, level, "
                            + "admin, blocked, timezone, extension_id, extension_group_id, created_at) "
                            + "VALUES (:t, :l, :p, :lv, :a, FALSE, :tz, :e, :eg, :c)")
                    .bind("t", u.tenantId()).bind("l", u.login()).bind("p", u.passwordHash())
                    .bind("lv", u.level().name()).bind("a", u.admin()).bind("tz", u.timezone())
                    .bind("e", u.extensionId()).bind("eg", u.extensionGroupId()).bind("c", clock.millis())
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
            return new PbxUser(id, u.tenantId(), u.login(), u.level(), u.admin(), false, u.timezone(),
                    u.extensionId(), u.extensionGroupId(), u.passwordHash(), 0);
        } catch (RuntimeException e) {
            if (Constraints.isUniqueViolation(e)) {
                throw DirectoryException.conflict("the login '" + u.login() + "' is taken on this PBX");
            }
            throw e;
        }
    }

    @Override
    public void updatePasswordHash(long tenantId, long userId, String passwordHash) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE users SET password_hash = :p, version = version + 1 WHERE tenant_id = :t AND id = :i")
                .bind("p", passwordHash).bind("t", tenantId).bind("i", userId).execute());
    }

    @Override
    public void setBlocked(long tenantId, long userId, boolean blocked) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE users SET blocked = :b, version = version + 1 WHERE tenant_id = :t AND id = :i")
                .bind("b", blocked).bind("t", tenantId).bind("i", userId).execute());
    }

    @Override
    public boolean delete(long tenantId, long userId) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM users WHERE tenant_id = :t AND id = :i")
                .bind("t", tenantId).bind("i", userId).execute()) > 0;
    }

    /**
     * Columns by position, in the order of {@link #COLUMNS}, after the first {@code skip} columns of
     * the row: a label is looked up per call, which showed in profiles.
     */
    static PbxUser map(ResultSet rs, int skip) throws SQLException {
        int c = skip;
        return new PbxUser(rs.getLong(c + 1), rs.getLong(c + 2), rs.getString(c + 3),
                UserLevel.valueOf(rs.getString(c + 4)), rs.getBoolean(c + 5), rs.getBoolean(c + 6),
                rs.getString(c + 7), NullableLong.at(rs, c + 8),
                NullableLong.at(rs, c + 9), rs.getString(c + 10), rs.getLong(c + 11));
    }
}
