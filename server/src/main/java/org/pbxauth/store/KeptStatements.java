package org.pbxauth.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The request path's statements, kept prepared on each SQLite connection. sqlite-jdbc caches no
 * statement, and preparing one (parsing and planning, then reading every column's name over JNI)
 * cost more than running it: on the one writing connection it bounded client_credentials and
 * refresh, on the read connections the bearer-token lookup. A statement is kept on the pool's
 * physical connection, which one caller at a time holds, so it is never shared while in use;
 * closing a query's result set resets it, which ends SQLite's read transaction.
 *
 * <p>Not on PostgreSQL: its driver keeps prepared statements itself, and a statement of the
 * physical connection would hide a broken connection from the pool, which evicts it on the error.
 */
final class KeptStatements {
    /** What is done with a statement; it must leave no result set open. */
    interface Work<T> {
        T run(PreparedStatement statement) throws SQLException;
    }

    private final boolean keep;
    /** Physical connection → SQL → the statement prepared on it. */
    private final Map<Connection, Map<String, PreparedStatement>> kept = new HashMap<>();

    KeptStatements(boolean keep) {
        this.keep = keep;
    }

    /** Runs {@code work} with {@code sql} prepared on {@code c}, a pooled connection. */
    <T> T with(Connection c, String sql, Work<T> work) throws SQLException {
        if (!keep) {
            try (PreparedStatement st = c.prepareStatement(sql)) {
                return work.run(st);
            }
        }
        return work.run(preparedOn(c.unwrap(Connection.class), sql));
    }

    private PreparedStatement preparedOn(Connection physical, String sql) throws SQLException {
        Map<String, PreparedStatement> statements;
        synchronized (kept) {
            statements = kept.get(physical);
            if (statements == null) {
                // a new connection: the pool may have retired others, whose statements went with them
                kept.keySet().removeIf(KeptStatements::isClosed);
                statements = new HashMap<>();
                kept.put(physical, statements);
            }
        }
        // only the connection's holder reaches its map; the pool's hand-over orders the holders
        PreparedStatement st = statements.get(sql);
        if (st == null || st.isClosed()) {
            st = physical.prepareStatement(sql);
            statements.put(sql, st);
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
}
