package org.pbxauth.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A read of at most one row by its key, in plain JDBC, for the few queries every request runs
 * (a bearer token, its user, the calling app). Profiled under wrk (BENCHMARKS.md), JDBI's
 * per-statement machinery (statement context, configuration lookups, cleanables, argument
 * binding by type) cost more CPU than the database's own index lookup; everything else stays on JDBI.
 *
 * <p>On SQLite each connection keeps its prepared statement: sqlite-jdbc has no statement cache,
 * and preparing the token-and-user join (parsing, planning, then reading every column's name
 * over JNI) cost more than running it. The statement is prepared on the pool's physical
 * connection, which one caller at a time holds, so it is never shared while in use. Not on
 * PostgreSQL: its driver caches prepared statements itself, and a statement of the physical
 * connection would hide a broken connection from the pool, which evicts it on the error.
 */
final class RowQuery<T> {
    /** Reads the current row, its columns by position in the order the query lists them. */
    interface Mapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    private final DataSource pool;
    private final String sql;
    private final Mapper<T> mapper;
    private final boolean keepPrepared;
    /** Physical connection → this query prepared on it. */
    private final Map<Connection, PreparedStatement> prepared = new HashMap<>();

    RowQuery(Database database, String sql, Mapper<T> mapper) {
        this.pool = database.reads();
        this.sql = sql;
        this.mapper = mapper;
        this.keepPrepared = !database.isPostgres();
    }

    /** The row whose {@code ?} parameters are {@code keys}, in order (Long or String). */
    Optional<T> find(Object... keys) {
        try (Connection c = pool.getConnection()) {
            if (!keepPrepared) {
                try (PreparedStatement st = c.prepareStatement(sql)) {
                    return run(st, keys);
                }
            }
            return run(preparedOn(c.unwrap(Connection.class)), keys);
        } catch (SQLException e) {
            throw new StoreException("query failed: " + sql, e);
        }
    }

    private PreparedStatement preparedOn(Connection physical) throws SQLException {
        PreparedStatement st;
        synchronized (prepared) {
            st = prepared.get(physical);
        }
        if (st == null || st.isClosed()) {
            st = physical.prepareStatement(sql);
            synchronized (prepared) {
                // a new connection: the pool may have retired others, whose statements went with them
                prepared.keySet().removeIf(RowQuery::isClosed);
                prepared.put(physical, st);
            }
        }
        return st;
    }

    private static boolean isClosed(Connection c) {
        try {
            return c.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    private Optional<T> run(PreparedStatement st, Object[] keys) throws SQLException {
        for (int i = 0; i < keys.length; i++) {
            st.setObject(i + 1, keys[i]);
        }
        // closing the result set resets the statement, which ends SQLite's read transaction
        try (ResultSet rs = st.executeQuery()) {
            return rs.next() ? Optional.of(mapper.map(rs)) : Optional.empty();
        }
    }
}
