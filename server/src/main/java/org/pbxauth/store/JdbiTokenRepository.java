package org.pbxauth.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.pbxauth.apps.AccessLevel;
import org.pbxauth.secrets.TokenHash;
import org.pbxauth.tokens.TokenFamily;
import org.pbxauth.tokens.TokenKind;
import org.pbxauth.tokens.TokenRecord;
import org.pbxauth.tokens.TokenRepository;

/** Tokens and their families in SQL, keyed by the token's SHA-256. */
public final class JdbiTokenRepository implements TokenRepository {
    private final Jdbi jdbi;

    public JdbiTokenRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public long createFamily(TokenFamily f, List<TokenRecord> tokens) {
        return jdbi.inTransaction(h -> {
            long familyId = h.createUpdate("INSERT INTO token_families (tenant_id, user_id, app_id, access, created_at) "
                            + "VALUES (:t, :u, :a, :ac, :c)")
                    .bind("t", f.tenantId()).bind("u", f.userId()).bind("a", f.appId())
                    .bind("ac", f.access().name()).bind("c", Millis.of(f.createdAt()))
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            var batch = h.prepareBatch("INSERT INTO tokens (hash, kind, family_id, tenant_id, user_id, app_id, access, "
                    + "issued_at, expires_at) VALUES (:h, :k, :f, :t, :u, :a, :ac, :i, :e)");
            for (TokenRecord t : tokens) {
                batch.bind("h", t.hash().hex()).bind("k", t.kind().name()).bind("f", familyId)
                        .bind("t", t.tenantId()).bind("u", t.userId()).bind("a", t.appId())
                        .bind("ac", t.access().name()).bind("i", Millis.of(t.issuedAt()))
                        .bind("e", Millis.of(t.expiresAt())).add();
            }
            batch.execute();
            return familyId;
        });
    }

    @Override
    public Optional<TokenRecord> find(TokenHash hash) {
        // COALESCE: a token counts as revoked from the earlier of its own and its family's revocation.
        return jdbi.withHandle(h -> h.createQuery("SELECT t.hash, t.kind, t.family_id, t.tenant_id, t.user_id, "
                        + "t.app_id, t.access, t.issued_at, t.expires_at, "
                        + "COALESCE(t.revoked_at, f.revoked_at) AS revoked_at "
                        + "FROM tokens t JOIN token_families f ON f.id = t.family_id WHERE t.hash = :h")
                .bind("h", hash.hex()).map((rs, ctx) -> map(rs)).findOne());
    }

    @Override
    public boolean revokeFamily(long familyId, Instant at) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE token_families SET revoked_at = :r "
                        + "WHERE id = :f AND revoked_at IS NULL")
                .bind("r", Millis.of(at)).bind("f", familyId).execute()) > 0;
    }

    @Override
    public int revokeFamiliesOfUser(long tenantId, long userId, Instant at) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE token_families SET revoked_at = :r "
                        + "WHERE tenant_id = :t AND user_id = :u AND revoked_at IS NULL")
                .bind("r", Millis.of(at)).bind("t", tenantId).bind("u", userId).execute());
    }

    private static TokenRecord map(ResultSet rs) throws SQLException {
        return new TokenRecord(new TokenHash(rs.getString("hash")), TokenKind.valueOf(rs.getString("kind")),
                rs.getLong("family_id"), rs.getLong("tenant_id"), rs.getLong("user_id"), rs.getLong("app_id"),
                AccessLevel.valueOf(rs.getString("access")), Millis.instant(rs.getLong("issued_at")),
                Millis.instant(rs.getLong("expires_at")), Millis.instantOrNull(rs.getObject("revoked_at", Long.class)));
    }
}
