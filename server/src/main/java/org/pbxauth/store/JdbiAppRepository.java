package org.pbxauth.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.pbxauth.apps.AccessLevel;
import org.pbxauth.apps.AppException;
import org.pbxauth.apps.AppRepository;
import org.pbxauth.apps.AppType;
import org.pbxauth.apps.PreviousSecret;
import org.pbxauth.apps.PbxApp;

/** Apps in SQL; redirect URLs are stored space-separated, as the registration form takes them. */
public final class JdbiAppRepository implements AppRepository {
    private static final String COLUMNS =
            "id, tenant_id, client_id, name, type, access, redirect_uris, owner_user_id, secret_hash, created_at, "
            + "disabled_at, api_limit_per_hour, version";

    private final Jdbi jdbi;
    /** Reads outside a write's transaction: read-only connections on SQLite, never waiting for the writer. */
    private final Jdbi reads;
    private final Clock clock;
    private final RowQuery<PbxApp> byClientId;
    private final RowQuery<PbxApp> byId;
    /** SQLite: the apps that authenticate, good while nothing at all was committed since they were read. */
    private final KeptRows<PbxApp> recent;

    public JdbiAppRepository(Database database, Clock clock) {
        this.jdbi = database.jdbi();
        this.reads = database.readJdbi();
        this.clock = clock;
        this.byClientId = new RowQuery<>(database, "SELECT " + COLUMNS + " FROM apps WHERE client_id = ?",
                JdbiAppRepository::map);
        this.byId = new RowQuery<>(database, "SELECT " + COLUMNS + " FROM apps WHERE tenant_id = ? AND id = ?",
                JdbiAppRepository::map);
        this.recent = new KeptRows<>(database);
    }

    @Override
    public Optional<PbxApp> findByClientId(String clientId) {
        // Every app-facing OAuth request authenticates its app by App ID: on SQLite this read was
        // a seventh of an introspection's cost (BENCHMARKS.md), so the row is kept (KeptRows).
        return recent.find(clientId, byClientId::find);
    }

    @Override
    public Optional<PbxApp> findById(long tenantId, long appId) {
        return byId.find(tenantId, appId);
    }

    @Override
    public boolean update(PbxApp current, PbxApp changed) {
        // One statement, as JdbiUserRepository.update: a change committed since current was read fails the WHERE.
        // disabled keeps the time it was disabled at; enabled clears it
        String disabledAt = changed.disabled() ? "COALESCE(disabled_at, " + clock.millis() + ")" : "NULL";
        return jdbi.withHandle(h -> h.createUpdate("UPDATE apps SET name = :n, redirect_uris = :r, disabled_at = "
                        + disabledAt + ", api_limit_per_hour = :l, version = version + 1 "
                        + "WHERE tenant_id = :t AND id = :i AND version = :v")
                .bind("n", changed.name()).bind("r", String.join(" ", changed.redirectUris()))
                .bind("l", changed.apiLimitPerHour()).bind("t", current.tenantId())
                .bind("i", current.id()).bind("v", current.version()).execute()) == 1;
    }

    @Override
    public void setDisabled(long tenantId, long appId, Instant at) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE apps SET disabled_at = :d, version = version + 1 WHERE tenant_id = :t AND id = :i")
                .bind("d", at == null ? null : at.toEpochMilli()).bind("t", tenantId).bind("i", appId).execute());
    }

    @Override
    public void setApiLimit(long tenantId, long appId, Long perHour) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE apps SET api_limit_per_hour = :l, version = version + 1 WHERE tenant_id = :t AND id = :i")
                .bind("l", perHour).bind("t", tenantId).bind("i", appId).execute());
    }

    @Override
    public void updateDetails(long tenantId, long appId, String name, List<String> redirectUris) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE apps SET name = :n, redirect_uris = :r, version = version + 1 WHERE tenant_id = :t AND id = :i")
                .bind("n", name).bind("r", String.join(" ", redirectUris)).bind("t", tenantId).bind("i", appId)
                .execute());
    }

    @Override
    public java.util.Map<Long, Instant> lastUsed(long tenantId) {
        java.util.Map<Long, Instant> out = new java.util.HashMap<>();
        reads.useHandle(h -> h.createQuery("SELECT id, last_used_at FROM apps WHERE tenant_id = :t "
                        + "AND last_used_at IS NOT NULL").bind("t", tenantId)
                .map((rs, ctx) -> Map.entry(rs.getLong(1), Instant.ofEpochMilli(rs.getLong(2))))
                .forEach(e -> out.put(e.getKey(), e.getValue())));
        return out;
    }

    @Override
    public void updateSecretHash(long tenantId, long appId, String secretHash) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE apps SET secret_hash = :s, version = version + 1 WHERE tenant_id = :t AND id = :i")
                .bind("s", secretHash).bind("t", tenantId).bind("i", appId).execute());
    }

    @Override
    public Optional<PreviousSecret> previousSecret(long tenantId, long appId) {
        return reads.withHandle(h -> h.createQuery("SELECT secret_hash, valid_until FROM app_previous_secrets "
                        + "WHERE tenant_id = :t AND app_id = :i")
                .bind("t", tenantId).bind("i", appId)
                .map((rs, ctx) -> new PreviousSecret(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2))))
                .findOne());
    }

    @Override
    public void rotateSecret(long tenantId, long appId, String secretHash, PreviousSecret previous) {
        jdbi.useTransaction(h -> {
            h.createUpdate("UPDATE apps SET secret_hash = :s, version = version + 1 WHERE tenant_id = :t AND id = :i")
                    .bind("s", secretHash).bind("t", tenantId).bind("i", appId).execute();
            h.createUpdate("DELETE FROM app_previous_secrets WHERE app_id = :i").bind("i", appId).execute();
            h.createUpdate("INSERT INTO app_previous_secrets (app_id, tenant_id, secret_hash, valid_until) "
                            + "VALUES (:i, :t, :s, :u)")
                    .bind("i", appId).bind("t", tenantId).bind("s", previous.secretHash())
                    .bind("u", previous.validUntil().toEpochMilli()).execute();
        });
    }

    @Override
    public void endPreviousSecret(long tenantId, long appId) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM app_previous_secrets WHERE tenant_id = :t AND app_id = :i")
                .bind("t", tenantId).bind("i", appId).execute());
    }

    @Override
    public boolean delete(long tenantId, long appId) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM apps WHERE tenant_id = :t AND id = :i")
                .bind("t", tenantId).bind("i", appId).execute()) > 0;
    }

    @Override
    public List<PbxApp> list(long tenantId) {
        return reads.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM apps WHERE tenant_id = :t ORDER BY id")
                .bind("t", tenantId).map((rs, ctx) -> map(rs)).list());
    }

    @Override
    public PbxApp create(PbxApp a) {
        try {
            long now = clock.millis();
            long id = jdbi.withHandle(h -> h.createUpdate("INSERT INTO apps (tenant_id, client_id, secret_hash, name, "
                            + "type, access, redirect_uris, owner_user_id, created_at) "
                            + "VALUES (:t, :c, :s, :n, :ty, :a, :r, :o, :at)")
                    .bind("t", a.tenantId()).bind("c", a.clientId()).bind("s", a.secretHash()).bind("n", a.name())
                    .bind("ty", a.type().name()).bind("a", a.access().name())
                    .bind("r", String.join(" ", a.redirectUris())).bind("o", a.ownerUserId())
                    .bind("at", now)
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
            return new PbxApp(id, a.tenantId(), a.clientId(), a.name(), a.type(), a.access(), a.redirectUris(),
                    a.ownerUserId(), a.secretHash(), Instant.ofEpochMilli(now));
        } catch (RuntimeException e) {
            if (Constraints.isUniqueViolation(e)) {
                throw AppException.conflict("the App ID " + a.clientId() + " is taken");
            }
            throw e;
        }
    }

    /** Columns by position, in the order of {@link #COLUMNS}: a label is looked up per call, which showed in profiles. */
    private static PbxApp map(ResultSet rs) throws SQLException {
        String uris = rs.getString(7);
        List<String> redirectUris = uris.isBlank() ? List.of() : Arrays.asList(uris.split(" "));
        return new PbxApp(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                AppType.valueOf(rs.getString(5)), AccessLevel.valueOf(rs.getString(6)), redirectUris,
                rs.getLong(8), rs.getString(9), Instant.ofEpochMilli(rs.getLong(10)), NullableLong.at(rs, 11) != null,
                NullableLong.at(rs, 12), rs.getLong(13));
    }
}
