package org.pbxauth.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.pbxauth.apps.AccessLevel;
import org.pbxauth.secrets.TokenHash;
import org.pbxauth.tokens.LiveLogin;
import org.pbxauth.tokens.TokenFamily;
import org.pbxauth.tokens.TokenKind;
import org.pbxauth.tokens.TokenRecord;
import org.pbxauth.tokens.TokenRepository;
import org.pbxauth.tokens.TokenWithUser;

/** Tokens and their families in SQL, keyed by the token's {@link TokenHash}. */
public final class JdbiTokenRepository implements TokenRepository {
    private static final String TOKEN_COLUMNS = "t.hash, t.kind, t.family_id, t.tenant_id, t.user_id, t.app_id, "
            + "t.access, t.issued_at, t.expires_at, t.spent_at";

    /**
     * A token with its revocation: COALESCE, because a token counts as revoked from the earlier of
     * its own and its family's revocation. Columns 1-11, as {@link #token} reads them.
     */
    private static final String TOKEN_WITH_REVOCATION = "SELECT " + TOKEN_COLUMNS
            + ", COALESCE(t.revoked_at, f.revoked_at) AS revoked_at";
    private static final String FROM_TOKEN_AND_FAMILY = " FROM tokens t JOIN token_families f ON f.id = t.family_id";

    private static final String INSERT_FAMILY = "INSERT INTO token_families (tenant_id, user_id, app_id, access, "
            + "created_at, last_used_at, address) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id";
    private static final String INSERT_TOKEN = "INSERT INTO tokens (hash, kind, family_id, tenant_id, user_id, app_id, "
            + "access, issued_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String FAMILY = "SELECT id, tenant_id, user_id, app_id, access, created_at, revoked_at, "
            + "address FROM token_families WHERE id = ?";
    private static final String MARK_SPENT = "UPDATE tokens SET spent_at = ? WHERE hash = ? AND spent_at IS NULL";

    private final Jdbi jdbi;
    private final Jdbi reads;
    private final GroupCommit grants;
    private final KeptStatements kept;
    /** The token to rotate, locked (a row lock on PostgreSQL; SQLite's writer holds the write lock). */
    private final String lockToken;
    private final RowQuery<TokenRecord> byHash;
    private final RowQuery<TokenWithUser> withUserByHash;
    /** SQLite: the rows of the tokens in use, good while nothing at all was committed since they were read. */
    private final KeptRows<TokenWithUser> recent;

    public JdbiTokenRepository(Database database) {
        this.jdbi = database.jdbi();
        this.reads = database.readJdbi();
        this.grants = database.groupCommit();
        this.kept = database.keptStatements();
        this.recent = new KeptRows<>(database);
        this.lockToken = "SELECT " + TOKEN_COLUMNS + ", t.revoked_at FROM tokens t WHERE t.hash = ?"
                + database.lockRows();
        this.byHash = new RowQuery<>(database, TOKEN_WITH_REVOCATION + FROM_TOKEN_AND_FAMILY + " WHERE t.hash = ?",
                JdbiTokenRepository::token);
        // Inner joins: a deleted user or app takes its families and tokens with it (ON DELETE CASCADE).
        this.withUserByHash = new RowQuery<>(database, TOKEN_WITH_REVOCATION + ", " + JdbiUserRepository.U_COLUMNS
                + ", a.client_id, a.api_limit_per_hour" + FROM_TOKEN_AND_FAMILY
                + " JOIN users u ON u.id = t.user_id AND u.tenant_id = t.tenant_id "
                + "JOIN apps a ON a.id = t.app_id AND a.tenant_id = t.tenant_id AND a.disabled_at IS NULL "
                + "WHERE t.hash = ?",
                rs -> new TokenWithUser(token(rs), JdbiUserRepository.map(rs, 11),
                        rs.getString(12 + JdbiUserRepository.COLUMN_COUNT), NullableLong.at(rs, 13 + JdbiUserRepository.COLUMN_COUNT)));
    }

    /*
     * The grants' writes, in the group commit's transactions, in plain JDBC on statements kept
     * prepared (KeptStatements): on SQLite the one writer runs every grant's statements itself,
     * and JDBI's machinery and a fresh prepare per statement bounded client_credentials and
     * refresh (BENCHMARKS.md).
     */

    @Override
    public long createFamily(TokenFamily f, List<TokenRecord> tokens) {
        return grants.inTransaction(h -> jdbc(() -> {
            long familyId = kept.with(h.getConnection(), INSERT_FAMILY, st -> {
                st.setLong(1, f.tenantId());
                st.setLong(2, f.userId());
                st.setLong(3, f.appId());
                st.setString(4, f.access().name());
                st.setLong(5, Millis.of(f.createdAt()));
                st.setLong(6, Millis.of(f.createdAt()));
                st.setString(7, f.address());
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            insert(kept, h.getConnection(), familyId, tokens);
            return familyId;
        }));
    }

    @Override
    public Optional<TokenRecord> find(TokenHash hash) {
        return byHash.find(hash.key());
    }

    /**
     * Every API call and introspection reads its token's row with the user's and the app's; on
     * SQLite the join was most of such a request's cost (BENCHMARKS.md), so the row is kept
     * while nothing was committed since it was read (KeptRows).
     */
    @Override
    public Optional<TokenWithUser> findWithUser(TokenHash hash) {
        return recent.find(hash.key(), withUserByHash::find);
    }

    @Override
    public <T> T withLockedToken(TokenHash hash, Function<LockedToken, T> work) {
        return grants.inTransaction(h -> jdbc(() -> {
            Connection c = h.getConnection();
            Optional<TokenRecord> token = kept.with(c, lockToken, st -> RowQuery.one(st, JdbiTokenRepository::token, hash.key()));
            Optional<TokenFamily> family = token.isEmpty() ? Optional.empty()
                    : kept.with(c, FAMILY, st -> RowQuery.one(st, JdbiTokenRepository::family, token.get().familyId()));
            return work.apply(new Locked(h, kept, hash, token, family));
        }));
    }

    @Override
    public Optional<TokenFamily> family(long familyId) {
        return reads.withHandle(h -> h.createQuery(FAMILY.replace("?", ":id")).bind("id", familyId)
                .map((rs, ctx) -> family(rs)).findOne());
    }

    @Override
    public List<LiveLogin> liveLogins(long tenantId, Long userId, Long appId, long beforeId, Instant now, int limit) {
        return reads.withHandle(h -> {
            var q = h.createQuery("SELECT f.id, f.user_id, f.app_id, a.client_id, a.name, f.created_at, "
                    + "f.last_used_at, f.address FROM token_families f JOIN apps a ON a.id = f.app_id "
                    + "WHERE f.tenant_id = :t AND f.id < :before AND f.revoked_at IS NULL"
                    + (userId == null ? "" : " AND f.user_id = :u") + (appId == null ? "" : " AND f.app_id = :a")
                    + " AND EXISTS (SELECT 1 FROM tokens t WHERE t.family_id = f.id AND t.revoked_at IS NULL "
                    + "AND t.spent_at IS NULL AND t.expires_at > :now) ORDER BY f.id DESC LIMIT " + limit)
                    .bind("t", tenantId).bind("before", beforeId).bind("now", Millis.of(now));
            if (userId != null) {
                q.bind("u", userId);
            }
            if (appId != null) {
                q.bind("a", appId);
            }
            return q.map((rs, ctx) -> new LiveLogin(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4),
                    rs.getString(5), Millis.instant(rs.getLong(6)), Millis.instantOrNull(NullableLong.at(rs, 7)),
                    rs.getString(8))).list();
        });
    }

    @Override
    public void recordUse(Map<Long, Long> families, Map<Long, Long> apps) {
        jdbi.useTransaction(h -> {
            var f = h.prepareBatch("UPDATE token_families SET last_used_at = :at "
                    + "WHERE id = :id AND (last_used_at IS NULL OR last_used_at < :at)");
            families.forEach((id, at) -> f.bind("id", id).bind("at", at).add());
            if (!families.isEmpty()) {
                f.execute();
            }
            var a = h.prepareBatch("UPDATE apps SET last_used_at = :at "
                    + "WHERE id = :id AND (last_used_at IS NULL OR last_used_at < :at)");
            apps.forEach((id, at) -> a.bind("id", id).bind("at", at).add());
            if (!apps.isEmpty()) {
                a.execute();
            }
        });
    }

    @Override
    public boolean revokeFamily(long familyId, Instant at) {
        return jdbi.withHandle(h -> revokeFamily(h, familyId, at)) > 0;
    }

    @Override
    public boolean revokeToken(TokenHash hash, Instant at) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE tokens SET revoked_at = :r WHERE hash = :h AND revoked_at IS NULL")
                .bind("r", Millis.of(at)).bind("h", hash.key()).execute()) > 0;
    }

    @Override
    public int revokeFamiliesOfUser(long tenantId, long userId, Instant at) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE token_families SET revoked_at = :r "
                        + "WHERE tenant_id = :t AND user_id = :u AND revoked_at IS NULL")
                .bind("r", Millis.of(at)).bind("t", tenantId).bind("u", userId).execute());
    }

    @Override
    public int revokeFamiliesOfApp(long appId, Instant at) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE token_families SET revoked_at = :r "
                        + "WHERE app_id = :a AND revoked_at IS NULL")
                .bind("r", Millis.of(at)).bind("a", appId).execute());
    }

    @Override
    public int revokeFamiliesOfUserAndApp(long tenantId, long userId, long appId, Instant at) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE token_families SET revoked_at = :r "
                        + "WHERE tenant_id = :t AND user_id = :u AND app_id = :a AND revoked_at IS NULL")
                .bind("r", Millis.of(at)).bind("t", tenantId).bind("u", userId).bind("a", appId).execute());
    }

    @Override
    public int purgeExpired(Instant before, int batch) {
        return jdbi.inTransaction(h -> {
            List<String> hashes = h.createQuery("SELECT hash FROM tokens WHERE expires_at < :b ORDER BY expires_at "
                            + "LIMIT " + batch)
                    .bind("b", Millis.of(before)).mapTo(String.class).list();
            if (!hashes.isEmpty()) {
                h.createUpdate("DELETE FROM tokens WHERE hash IN (<hashes>)").bindList("hashes", hashes).execute();
            }
            // A family with no token left can never be used again; its row only costs space.
            h.createUpdate("DELETE FROM token_families WHERE id IN (SELECT f.id FROM token_families f "
                            + "WHERE f.created_at < :b AND NOT EXISTS (SELECT 1 FROM tokens t WHERE t.family_id = f.id) "
                            + "LIMIT " + batch + ")")
                    .bind("b", Millis.of(before)).execute();
            return hashes.size();
        });
    }

    private static int revokeFamily(Handle h, long familyId, Instant at) {
        return h.createUpdate("UPDATE token_families SET revoked_at = :r WHERE id = :f AND revoked_at IS NULL")
                .bind("r", Millis.of(at)).bind("f", familyId).execute();
    }

    private static void insert(KeptStatements kept, Connection c, long familyId, List<TokenRecord> tokens)
            throws SQLException {
        kept.with(c, INSERT_TOKEN, st -> {
            for (TokenRecord t : tokens) {
                st.setString(1, t.hash().key());
                st.setString(2, t.kind().name());
                st.setLong(3, familyId);
                st.setLong(4, t.tenantId());
                st.setLong(5, t.userId());
                st.setLong(6, t.appId());
                st.setString(7, t.access().name());
                st.setLong(8, Millis.of(t.issuedAt()));
                st.setLong(9, Millis.of(t.expiresAt()));
                st.addBatch();
            }
            return st.executeBatch();
        });
    }

    /** A JDBC step of a grant's write; its SQLException becomes the store's (the cause kept, for Constraints). */
    private interface JdbcStep<T> {
        T run() throws SQLException;
    }

    private static <T> T jdbc(JdbcStep<T> step) {
        try {
            return step.run();
        } catch (SQLException e) {
            throw new StoreException("a grant's write failed: " + e.getMessage(), e);
        }
    }

    private record Locked(Handle h, KeptStatements kept, TokenHash hash, Optional<TokenRecord> token,
                          Optional<TokenFamily> family) implements LockedToken {
        @Override
        public void markSpent(Instant at) {
            jdbc(() -> kept.with(h.getConnection(), MARK_SPENT, st -> {
                st.setLong(1, Millis.of(at));
                st.setString(2, hash.key());
                return st.executeUpdate();
            }));
        }

        @Override
        public void addTokens(List<TokenRecord> tokens) {
            jdbc(() -> {
                insert(kept, h.getConnection(), family.orElseThrow().id(), tokens);
                return null;
            });
        }

        @Override
        public void revokeFamily(Instant at) {
            JdbiTokenRepository.revokeFamily(h, family.orElseThrow().id(), at);
        }
    }

    /**
     * Columns by position: {@link #TOKEN_COLUMNS} (1-10, spent_at last), then revoked_at (11).
     * A label is looked up on every call, which showed in the profiles of the API path.
     */
    private static TokenRecord token(ResultSet rs) throws SQLException {
        return new TokenRecord(new TokenHash(rs.getString(1)), TokenKind.valueOf(rs.getString(2)),
                rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6),
                AccessLevel.valueOf(rs.getString(7)), Millis.instant(rs.getLong(8)),
                Millis.instant(rs.getLong(9)), Millis.instantOrNull(NullableLong.at(rs, 11)),
                Millis.instantOrNull(NullableLong.at(rs, 10)));
    }

    /** The columns of {@link #FAMILY}, by position. */
    private static TokenFamily family(ResultSet rs) throws SQLException {
        return new TokenFamily(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                AccessLevel.valueOf(rs.getString(5)), Millis.instant(rs.getLong(6)),
                Millis.instantOrNull(NullableLong.at(rs, 7)), rs.getString(8));
    }
}
