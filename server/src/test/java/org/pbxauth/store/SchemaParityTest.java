package org.pbxauth.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pbxauth.TestDatabases;

/**
 * The two folders of migrations (db/migration/sqlite and db/migration/postgresql) build the same
 * schema: the same tables, each with the same columns (and which of them may be NULL), the same
 * primary keys, and the same indexes and unique constraints by their columns. Types differ by
 * dialect (INTEGER and TEXT in SQLite's STRICT tables) and are not compared.
 */
class SchemaParityTest {
    @TempDir
    Path sqliteDir;

    @TempDir
    Path pgFolder;

    @Test
    void whenBothDialectsAreMigratedThenTheirSchemasMatch() throws Exception {
        assumeTrue(TestDatabases.isPostgres(), "needs a PostgreSQL (runs in the postgres execution)");
        Map<String, Table> sqlite;
        Map<String, Table> postgres;
        try (Database db = Database.sqlite(sqliteDir, 2); Connection c = db.adminConnection()) {
            sqlite = sqliteSchema(c);
        }
        try (Database db = Database.postgres(TestDatabases.databaseFor(pgFolder), "", "", 2);
             Connection c = db.adminConnection()) {
            postgres = postgresSchema(c);
        }
        assertThat(sqlite.keySet()).as("tables").isEqualTo(postgres.keySet()).contains("tokens", "users", "api_usage");
        for (String table : postgres.keySet()) {
            assertThat(sqlite.get(table)).as("table %s (SQLite, then PostgreSQL)", table).isEqualTo(postgres.get(table));
        }
    }

    /** Columns as "name" or "name NOT NULL"; keys and indexes as "unique? (columns)". */
    record Table(List<String> columns, String primaryKey, TreeSet<String> indexes) {}

    private static Map<String, Table> sqliteSchema(Connection c) throws SQLException {
        Map<String, Table> tables = new TreeMap<>();
        for (String table : strings(c, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                + "AND name <> 'flyway_schema_history'")) {
            List<String> columns = new ArrayList<>();
            TreeMap<Integer, String> pk = new TreeMap<>();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA table_info(" + table + ")")) {
                while (rs.next()) {
                    boolean key = rs.getInt("pk") > 0;
                    // a primary key's columns are NOT NULL in PostgreSQL whatever the DDL says
                    columns.add(rs.getString("name") + (rs.getInt("notnull") == 1 || key ? " NOT NULL" : ""));
                    if (key) {
                        pk.put(rs.getInt("pk"), rs.getString("name"));
                    }
                }
            }
            TreeSet<String> indexes = new TreeSet<>();
            List<String[]> list = new ArrayList<>();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA index_list(" + table + ")")) {
                while (rs.next()) {
                    list.add(new String[] {rs.getString("name"), rs.getString("unique"), rs.getString("origin")});
                }
            }
            for (String[] index : list) {
                if (!index[2].equals("pk")) {
                    indexes.add(("1".equals(index[1]) ? "unique " : "") + "(" + String.join(", ",
                            strings(c, "SELECT name FROM pragma_index_info('" + index[0] + "') ORDER BY seqno")) + ")");
                }
            }
            tables.put(table, new Table(columns, String.join(", ", pk.values()), indexes));
        }
        return tables;
    }

    private static Map<String, Table> postgresSchema(Connection c) throws SQLException {
        Map<String, Table> tables = new TreeMap<>();
        for (String table : strings(c, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
                + "AND table_type = 'BASE TABLE' AND table_name <> 'flyway_schema_history'")) {
            List<String> columns = strings(c, "SELECT column_name || CASE WHEN is_nullable = 'NO' THEN ' NOT NULL' ELSE '' END "
                    + "FROM information_schema.columns WHERE table_schema = 'public' AND table_name = '" + table
                    + "' ORDER BY ordinal_position");
            String pk = String.join(", ", strings(c, "SELECT a.attname FROM pg_index i "
                    + "JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n) ON true "
                    + "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum "
                    + "WHERE i.indrelid = '" + table + "'::regclass AND i.indisprimary ORDER BY k.n"));
            TreeSet<String> indexes = new TreeSet<>(strings(c, "SELECT CASE WHEN i.indisunique THEN 'unique ' ELSE '' END "
                    + "|| '(' || (SELECT string_agg(a.attname, ', ' ORDER BY k.n) "
                    + "FROM unnest(i.indkey) WITH ORDINALITY AS k(attnum, n) "
                    + "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum) || ')' "
                    + "FROM pg_index i WHERE i.indrelid = '" + table + "'::regclass AND NOT i.indisprimary"));
            tables.put(table, new Table(columns, pk, indexes));
        }
        return tables;
    }

    private static List<String> strings(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
