package org.pbxauth.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * Whether anything was committed to the SQLite file since a moment: {@code PRAGMA data_version}
 * on a connection of its own that never writes. sqlite.org/pragma.html#pragma_data_version: "The
 * integer values returned by two invocations of "PRAGMA data_version" from the same connection
 * will be different if changes were committed to the database by any other connection in the
 * interim" — the server's writer and any other process (the CLI) alike. A value read before a row
 * that is still the value later means the row has not changed: what the token cache relies on.
 */
final class SqliteDataVersion implements AutoCloseable {
    private final DataSource connections;
    private final ReentrantLock lock = new ReentrantLock();
    /** Stands in for a version after a failure: a value no read ever gave, so nothing cached matches. */
    private final AtomicLong unknown = new AtomicLong(Long.MIN_VALUE);
    private Connection connection;
    private PreparedStatement query;

    SqliteDataVersion(DataSource connections) {
        this.connections = connections;
    }

    /** The version now; a fresh value, matching nothing before it, when the file cannot be asked. */
    long current() {
        lock.lock();
        try {
            if (query == null) {
                connection = connections.getConnection();
                query = connection.prepareStatement("PRAGMA data_version");
            }
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? rs.getLong(1) : unknown.incrementAndGet();
            }
        } catch (SQLException e) {
            close();
            return unknown.incrementAndGet();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException ignored) {
            // a connection of no further use
        } finally {
            connection = null;
            query = null;
            lock.unlock();
        }
    }
}
