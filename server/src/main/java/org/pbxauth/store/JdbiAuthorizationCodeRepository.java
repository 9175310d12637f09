package org.pbxauth.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.pbxauth.grants.AuthorizationCode;
import org.pbxauth.grants.AuthorizationCodeRepository;
import org.pbxauth.grants.Pkce;
import org.pbxauth.secrets.TokenHash;

/**
 * Authorization codes in SQL, keyed by the code's SHA-256. Use and replay are single UPDATEs
 * guarded by their WHERE clause, so concurrent exchanges are decided by the database's lock (a
 * row's on PostgreSQL, the write lock on SQLite).
 */
public final class JdbiAuthorizationCodeRepository implements AuthorizationCodeRepository {
    private static final String COLUMNS = "hash, tenant_id, app_id, user_id, redirect_uri, redirect_uri_given, scope, "
            + "code_challenge, code_challenge_method, created_at, expires_at, used_at, family_id";

    private final Jdbi jdbi;
    /** Reads outside a write's transaction: read-only connections on SQLite, never waiting for the writer. */
    private final Jdbi reads;

    public JdbiAuthorizationCodeRepository(Database database) {
        this.jdbi = database.jdbi();
        this.reads = database.readJdbi();
    }

    @Override
    public void create(AuthorizationCode c) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO authorization_codes (hash, tenant_id, app_id, user_id, "
                        + "redirect_uri, redirect_uri_given, scope, code_challenge, code_challenge_method, created_at, "
                        + "expires_at) VALUES (:h, :t, :a, :u, :r, :rg, :s, :cc, :cm, :c, :e)")
                .bind("h", c.hash().key()).bind("t", c.tenantId()).bind("a", c.appId()).bind("u", c.userId())
                .bind("r", c.redirectUri()).bind("rg", c.redirectUriGiven()).bind("s", c.scope())
                .bind("cc", c.pkce().map(Pkce::challenge).orElse(null))
                .bind("cm", c.pkce().map(Pkce::method).orElse(null))
                .bind("c", Millis.of(c.createdAt())).bind("e", Millis.of(c.expiresAt()))
                .execute());
    }

    @Override
    public Optional<AuthorizationCode> find(TokenHash hash) {
        return reads.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM authorization_codes WHERE hash = :h")
                .bind("h", hash.key()).map((rs, ctx) -> map(rs)).findOne());
    }

    @Override
    public boolean markUsed(TokenHash hash, Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE authorization_codes SET used_at = :n "
                        + "WHERE hash = :h AND used_at IS NULL AND expires_at > :n")
                .bind("n", Millis.of(now)).bind("h", hash.key()).execute()) == 1;
    }

    /*
     * attachFamily and markReplayed each write the row, then read what the other wrote, in one
     * transaction. The row lock orders them: whichever runs second sees the first one's write,
     * so a replay racing the first exchange still gets that exchange's family revoked.
     */

    @Override
    public boolean attachFamily(TokenHash hash, long familyId) {
        return jdbi.inTransaction(h -> {
            h.createUpdate("UPDATE authorization_codes SET family_id = :f WHERE hash = :h")
                    .bind("f", familyId).bind("h", hash.key()).execute();
            return h.createQuery("SELECT replayed_at FROM authorization_codes WHERE hash = :h")
                    .bind("h", hash.key()).mapTo(Long.class).findOne().isPresent();
        });
    }

    @Override
    public Optional<Long> markReplayed(TokenHash hash, Instant now) {
        return jdbi.inTransaction(h -> {
            h.createUpdate("UPDATE authorization_codes SET replayed_at = COALESCE(replayed_at, :n) WHERE hash = :h")
                    .bind("n", Millis.of(now)).bind("h", hash.key()).execute();
            return h.createQuery("SELECT family_id FROM authorization_codes WHERE hash = :h")
                    .bind("h", hash.key()).mapTo(Long.class).findOne();
        });
    }

    @Override
    public int purgeExpired(Instant before, int batch) {
        // A bounded statement: never one huge delete holding locks on a busy table.
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM authorization_codes WHERE hash IN (SELECT hash "
                        + "FROM authorization_codes WHERE expires_at < :b ORDER BY expires_at LIMIT "
                        + batch + ")")
                .bind("b", Millis.of(before)).execute());
    }

    private static AuthorizationCode map(ResultSet rs) throws SQLException {
        String challenge = rs.getString("code_challenge");
        Optional<Pkce> pkce = challenge == null ? Optional.empty()
                : Optional.of(new Pkce(challenge, rs.getString("code_challenge_method")));
        return new AuthorizationCode(new TokenHash(rs.getString("hash")), rs.getLong("tenant_id"),
                rs.getLong("app_id"), rs.getLong("user_id"), rs.getString("redirect_uri"),
                rs.getBoolean("redirect_uri_given"), rs.getString("scope"), pkce,
                Millis.instant(rs.getLong("created_at")), Millis.instant(rs.getLong("expires_at")),
                Millis.instantOrNull(NullableLong.at(rs, "used_at")), NullableLong.at(rs, "family_id"));
    }
}
