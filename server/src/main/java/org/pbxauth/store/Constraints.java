package org.pbxauth.store;

import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** Reads what a failed statement means from its error code, never from message text. */
final class Constraints {
    private Constraints() {}

    /**
     * A unique or primary-key violation: SQLSTATE 23505 on PostgreSQL; on SQLite, whose driver
     * sets no SQLSTATE, the extended result codes SQLITE_CONSTRAINT_UNIQUE and _PRIMARYKEY.
     */
    static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException s && (s.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
                    || s.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY)) {
                return true;
            }
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
