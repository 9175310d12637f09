package org.pbxauth.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A read of at most one row by its key, in plain JDBC, for the few queries every request runs
 * (a bearer token, its user, the calling app). Profiled under wrk (BENCHMARKS.md), JDBI's
 * per-statement machinery (statement context, configuration lookups, cleanables, argument
 * binding by type) cost more CPU than the database's own index lookup; everything else stays on
 * JDBI. On SQLite the statement stays prepared on each read connection ({@link KeptStatements}).
 */
final class RowQuery<T> {
    /** Reads the current row, its columns by position in the order the query lists them. */
    interface Mapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    private final DataSource pool;
    private final KeptStatements statements;
    private final String sql;
    private final Mapper<T> mapper;

    RowQuery(Database database, String sql, Mapper<T> mapper) {
        this.pool = database.reads();
        this.statements = database.keptStatements();
        this.sql = sql;
        this.mapper = mapper;
    }

    /** The row whose {@code ?} parameters are {@code keys}, in order (Long or String). */
    Optional<T> find(Object... keys) {
        try (Connection c = pool.getConnection()) {
            return statements.with(c, sql, st -> one(st, mapper, keys));
        } catch (SQLException e) {
            throw new StoreException("query failed: " + sql, e);
        }
    }

    /** The one row {@code st} finds with {@code keys}, mapped; its result set closed. */
    static <T> Optional<T> one(PreparedStatement st, Mapper<T> mapper, Object... keys) throws SQLException {
        for (int i = 0; i < keys.length; i++) {
            st.setObject(i + 1, keys[i]);
        }
        try (ResultSet rs = st.executeQuery()) {
            return rs.next() ? Optional.of(mapper.map(rs)) : Optional.empty();
        }
    }
}
