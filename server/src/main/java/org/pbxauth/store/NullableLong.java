package org.pbxauth.store;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A BIGINT column that may be NULL, read as a {@code Long}. {@code getObject(column, Long.class)}
 * is not portable: sqlite-jdbc refuses a NULL with "Bad value for type Long".
 */
final class NullableLong {
    private NullableLong() {}

    static Long at(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    static Long at(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
