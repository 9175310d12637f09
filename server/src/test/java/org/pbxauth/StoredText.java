package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** What the secret scans read: every stored value, every file of a folder, the console. */
final class StoredText {
    private StoredText() {}

    /** Every value of every table of the server's store, as "table: value", and the store's product name. */
    record Tables(String databaseProduct, List<String> values) {}

    static Tables readEveryTable(TestServer server) {
        try (Connection c = server.node().services().database().reads().getConnection()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = c.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    String schema = rs.getString("TABLE_SCHEM");
                    // PostgreSQL's tables are in public; SQLite has no schemas (and keeps its own tables apart)
                    if (schema == null ? !rs.getString("TABLE_NAME").startsWith("sqlite_") : schema.equalsIgnoreCase("public")) {
                        tables.add(rs.getString("TABLE_NAME"));
                    }
                }
            }
            assertThat(tables).as("tables").isNotEmpty();
            List<String> values = new ArrayList<>();
            for (String table : tables) {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM \"" + table + "\"")) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= columns; i++) {
                            Object v = rs.getObject(i);
                            values.add(table + ": " + (v instanceof byte[] b ? new String(b, StandardCharsets.ISO_8859_1) : v));
                        }
                    }
                }
            }
            return new Tables(c.getMetaData().getDatabaseProductName(), values);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every regular file under {@code folder}, its bytes as ISO-8859-1 so any byte sequence is searchable. */
    static Map<Path, String> files(Path folder) {
        Map<Path, String> files = new LinkedHashMap<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                files.put(p, new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(files).as("files under %s", folder).isNotEmpty();
        return files;
    }

    /** A stream that writes to {@code original} and to {@code capture}: the console, captured as it goes by. */
    static PrintStream tee(OutputStream original, ByteArrayOutputStream capture) {
        return new PrintStream(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                original.write(b);
                synchronized (capture) {
                    capture.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                original.write(b, off, len);
                synchronized (capture) {
                    capture.write(b, off, len);
                }
            }

            @Override
            public void flush() throws IOException {
                original.flush();
            }
        }, true, StandardCharsets.UTF_8);
    }
}
