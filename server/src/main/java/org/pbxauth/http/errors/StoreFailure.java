package org.pbxauth.http.errors;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/** Tells a database that does not answer from other failures, by exception type and SQLSTATE class. */
final class StoreFailure {
    private StoreFailure() {}

    /** SQLSTATE class 08 (connection exception), 57P (PostgreSQL shutting down), or the pool's timeout. */
    static boolean isUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    static String summary(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
