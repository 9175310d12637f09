package org.pbxauth.store;

import java.sql.SQLException;

/** Reads what a failed statement means from its SQLSTATE, never from message text. */
final class Constraints {
    private Constraints() {}

    /** SQLSTATE 23505, unique violation, on H2 and PostgreSQL alike. */
    static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
