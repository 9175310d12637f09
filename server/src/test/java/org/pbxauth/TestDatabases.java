package org.pbxauth;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Map;

/**
 * Which store the integration suite runs on, from the system property {@code pbxauth.test.db}:
 * {@code sqlite} (default), {@code embedded} (a real PostgreSQL 17 the suite starts itself from
 * Maven Central binaries), or {@code postgresql://user:password@host:port/db} (an existing
 * server, on which each test server gets a database of its own).
 */
public final class TestDatabases {
    public static final String MODE = System.getProperty("pbxauth.test.db", "sqlite").trim();

    private static EmbeddedPostgres embedded;

    private TestDatabases() {}

    public static boolean isPostgres() {
        return !MODE.equals("sqlite");
    }

    /** Points {@code overrides} at the store of {@code dataDir}: nothing for SQLite, a database per folder on PostgreSQL. */
    public static void configure(Map<String, String> overrides, Path dataDir) {
        if (isPostgres() && !overrides.containsKey("db")) {
            overrides.put("db", databaseFor(dataDir));
        }
    }

    /** A PostgreSQL database for this data folder, created on first use: the same folder, the same database. */
    public static synchronized String databaseFor(Path dataDir) {
        String name = "t_" + sha1(dataDir.toAbsolutePath().normalize().toString()).substring(0, 20);
        String server = serverUrl();
        try (Connection c = connect(server, "postgres")) {
            boolean exists;
            try (var r = c.createStatement().executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
                exists = r.next();
            }
            if (!exists) {
                c.createStatement().execute("CREATE DATABASE " + name);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the test database " + name + " on " + server, e);
        }
        return server + "/" + name;
    }

    /** {@code postgresql://user[:password]@host:port} of the server the suite uses. */
    public static synchronized String serverUrl() {
        if (MODE.equals("embedded")) {
            return "postgresql://postgres@localhost:" + embedded().getPort();
        }
        if (MODE.startsWith("postgres")) {
            return MODE.replaceFirst("/[^/@]*$", "");
        }
        throw new IllegalStateException("pbxauth.test.db=" + MODE + " is not a PostgreSQL mode");
    }

    /** The embedded PostgreSQL, started on first use and stopped when the test JVM ends. */
    public static synchronized EmbeddedPostgres embedded() {
        if (embedded == null) {
            try {
                embedded = EmbeddedPostgres.builder()
                        .setServerConfig("max_connections", "300")
                        .setServerConfig("fsync", "on")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
            }
            EmbeddedPostgres pg = embedded;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (IOException ignored) {
                    // the JVM is ending; the temporary cluster goes with it
                }
            }));
        }
        return embedded;
    }

    private static Connection connect(String serverUrl, String database) throws SQLException {
        java.net.URI uri = java.net.URI.create(serverUrl);
        String[] user = uri.getUserInfo() == null ? new String[] {"postgres"} : uri.getUserInfo().split(":", 2);
        String jdbc = "jdbc:postgresql://" + uri.getHost() + ":" + (uri.getPort() > 0 ? uri.getPort() : 5432) + "/" + database;
        return DriverManager.getConnection(jdbc, user[0], user.length > 1 ? user[1] : "");
    }

    private static String sha1(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
