package org.pbxauth.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code pbx-auth db copy}: everything of the embedded SQLite store that is still of use, copied
 * into an empty PostgreSQL in one transaction there. The source is opened read-only and read in
 * one transaction, so the copy is one consistent moment of it, and nothing in it changes.
 * Rows keep their ids (a token's family, an app's App ID and hashed secret, the server key's
 * check value), so tokens, apps and logins carry on where they were. Tokens and authorization
 * codes past their expiry are left behind, and the token families that nothing live belongs to.
 */
public final class StoreCopy {
    /** What each table copies, in the order its foreign keys need; {@code :now} is the copy's moment. */
    private static final Map<String, String> TABLES = tables();
    private static final int BATCH = 1_000;

    private StoreCopy() {}

    private static Map<String, String> tables() {
        Map<String, String> t = new LinkedHashMap<>();
        t.put("tenants", "");
        t.put("tenant_hostnames", "");
        t.put("users", "");
        t.put("apps", "");
        t.put("app_previous_secrets", "WHERE valid_until >= :now");
        t.put("token_families", "WHERE id IN (SELECT family_id FROM tokens WHERE expires_at >= :now) "
                + "OR id IN (SELECT family_id FROM authorization_codes WHERE expires_at >= :now)");
        t.put("tokens", "WHERE expires_at >= :now");
        t.put("authorization_codes", "WHERE expires_at >= :now");
        t.put("consents", "");
        t.put("server_facts", "");
        t.put("login_failures", "");
        t.put("known_addresses", "");
        t.put("api_usage", "");
        t.put("web_sessions", "WHERE expires_at >= :now");
        t.put("audit_events", "");
        return t;
    }

    /** Rows copied per table, in copy order. */
    public record Copied(Map<String, Long> rows) {}

    /**
     * Copies the store of {@code dataDir} into {@code target}, a PostgreSQL whose tables must be
     * empty, and checks that each table there holds as many rows as were read.
     */
    public static Copied sqliteToPostgres(Path dataDir, String nativeDir, Database target, Instant now) {
        if (!target.isPostgres()) {
            throw new IllegalArgumentException("db copy copies into PostgreSQL");
        }
        Path source = dataDir.toAbsolutePath().normalize().resolve(SqliteFile.FILE);
        if (!Files.exists(source)) { // before SqliteFile.in, which would make an empty store
            throw new StoreException("there is no SQLite store to copy: " + source + " does not exist", null);
        }
        SqliteFile file = SqliteFile.in(dataDir, "full", nativeDir);
        try (Connection from = file.dataSource(file.reader()).getConnection();
             Connection to = target.adminConnection()) {
            from.setAutoCommit(false); // one read transaction: one snapshot of the whole store
            to.setAutoCommit(false);
            try {
                sameSchema(from, to);
                mustBeEmpty(to);
                Map<String, Long> copied = new LinkedHashMap<>();
                for (var table : TABLES.entrySet()) {
                    copied.put(table.getKey(), copy(from, to, table.getKey(), table.getValue(), now));
                }
                for (var table : copied.entrySet()) {
                    long there = count(to, table.getKey());
                    if (there != table.getValue()) {
                        throw new StoreException("the copy of " + table.getKey() + " holds " + there + " rows, "
                                + table.getValue() + " were read: nothing was copied", null);
                    }
                }
                restartIdentities(to);
                to.commit();
                return new Copied(copied);
            } catch (SQLException | RuntimeException e) {
                to.rollback();
                throw e;
            } finally {
                from.rollback(); // ends the read transaction; it wrote nothing
            }
        } catch (SQLException e) {
            throw new StoreException("the copy failed, and nothing was copied: " + e.getMessage(), e);
        }
    }

    /** Both stores must be at the same schema version: the source is never migrated by a copy. */
    private static void sameSchema(Connection from, Connection to) throws SQLException {
        Set<String> source = versions(from);
        Set<String> target = versions(to);
        if (!source.equals(target)) {
            throw new StoreException("the SQLite store is at schema versions " + source + ", PostgreSQL at " + target
                    + ": start this version of pbx-auth once on the data folder (it migrates the store), then copy", null);
        }
    }

    private static Set<String> versions(Connection c) throws SQLException {
        Set<String> v = new TreeSet<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL")) {
            while (rs.next()) {
                v.add(rs.getString(1));
            }
        }
        return v;
    }

    private static void mustBeEmpty(Connection to) throws SQLException {
        List<String> filled = new ArrayList<>();
        for (String table : TABLES.keySet()) {
            long n = count(to, table);
            if (n > 0) {
                filled.add(table + " (" + n + ")");
            }
        }
        if (!filled.isEmpty()) {
            throw new StoreException("the PostgreSQL database is not empty: " + String.join(", ", filled)
                    + "; db copy fills only an empty one, and copied nothing", null);
        }
    }

    private static long copy(Connection from, Connection to, String table, String where, Instant now) throws SQLException {
        String select = "SELECT * FROM " + table + " " + where.replace(":now", Long.toString(now.toEpochMilli()));
        try (Statement st = from.createStatement(); ResultSet rs = st.executeQuery(select)) {
            ResultSetMetaData source = rs.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= source.getColumnCount(); i++) {
                columns.add(source.getColumnName(i));
            }
            int[] targetTypes = types(to, table, columns);
            String insert = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                    + String.join(", ", java.util.Collections.nCopies(columns.size(), "?")) + ")";
            long rows = 0;
            try (PreparedStatement ins = to.prepareStatement(insert)) {
                while (rs.next()) {
                    for (int i = 0; i < columns.size(); i++) {
                        bind(ins, i + 1, rs, i + 1, targetTypes[i]);
                    }
                    ins.addBatch();
                    if (++rows % BATCH == 0) {
                        ins.executeBatch();
                    }
                }
                ins.executeBatch();
            }
            return rows;
        }
    }

    /** The JDBC type of each column in the target table: SQLite keeps a BOOLEAN as 0 or 1. */
    private static int[] types(Connection to, String table, List<String> columns) throws SQLException {
        try (Statement st = to.createStatement();
             ResultSet rs = st.executeQuery("SELECT " + String.join(", ", columns) + " FROM " + table + " LIMIT 0")) {
            ResultSetMetaData meta = rs.getMetaData();
            int[] types = new int[columns.size()];
            for (int i = 0; i < types.length; i++) {
                types[i] = meta.getColumnType(i + 1);
            }
            return types;
        }
    }

    private static void bind(PreparedStatement ins, int at, ResultSet rs, int column, int type) throws SQLException {
        switch (type) {
            case Types.BOOLEAN, Types.BIT -> {
                long v = rs.getLong(column);
                if (rs.wasNull()) {
                    ins.setNull(at, type);
                } else {
                    ins.setBoolean(at, v != 0);
                }
            }
            case Types.BIGINT, Types.INTEGER, Types.SMALLINT -> {
                long v = rs.getLong(column);
                if (rs.wasNull()) {
                    ins.setNull(at, type);
                } else {
                    ins.setLong(at, v);
                }
            }
            default -> ins.setString(at, rs.getString(column));
        }
    }

    private static long count(Connection c, String table) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The copied rows kept their ids: PostgreSQL's identity columns go on after the highest. */
    private static void restartIdentities(Connection to) throws SQLException {
        for (String table : List.of("tenants", "users", "apps", "token_families", "consents", "audit_events")) {
            try (Statement st = to.createStatement()) {
                st.execute("SELECT setval(pg_get_serial_sequence('" + table + "', 'id'), "
                        + "COALESCE((SELECT MAX(id) FROM " + table + "), 0) + 1, false)");
            }
        }
    }
}
