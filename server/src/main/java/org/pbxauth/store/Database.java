package org.pbxauth.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.util.DriverDataSource;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.pbxauth.config.Settings;
import org.pbxauth.config.SettingsException;

/**
 * The store of a process: its connection pools and JDBI handle, with the schema migrated on
 * open. On SQLite, {@link #jdbi()} runs on the one writing connection and {@link #reads()} is a
 * pool of read-only connections for the request path's reads; on PostgreSQL both are one pool.
 */
public final class Database implements AutoCloseable {
    /** Groups in flight at once on PostgreSQL; each holds one pooled connection while it writes. */
    private static final int POSTGRES_WRITERS = 4;

    private final HikariDataSource writes;
    private final HikariDataSource reads;
    /** Unpooled connections without the request path's timeouts: migrations, db copy. */
    private final DataSource admin;
    private final Jdbi jdbi;
    private final Jdbi readJdbi;
    private final boolean postgres;
    private final GroupCommit grants;
    private final KeptStatements kept;
    /** SQLite only; PostgreSQL checkpoints its WAL itself. */
    private final SqliteCheckpoints checkpoints;
    /** SQLite only: whether anything was committed since (the token cache's check). */
    private final SqliteDataVersion dataVersion;

    private Database(HikariDataSource writes, HikariDataSource reads, DataSource admin, boolean postgres,
                     SqliteCheckpoints checkpoints, SqliteDataVersion dataVersion) {
        this.dataVersion = dataVersion;
        this.writes = writes;
        this.reads = reads;
        this.admin = admin;
        this.postgres = postgres;
        this.checkpoints = checkpoints;
        this.jdbi = Jdbi.create(writes);
        this.jdbi.define("lockRows", lockRows());
        this.readJdbi = reads == writes ? jdbi : Jdbi.create(reads);
        this.kept = new KeptStatements(!postgres);
        this.grants = postgres ? new GroupCommit(jdbi, POSTGRES_WRITERS)
                : new GroupCommit(jdbi, 1, SqliteCheckpoints::betweenGroups);
    }

    /**
     * Migrates the schema on connections of its own, outside the pools: a migration may run longer
     * than the request path's timeouts allow, and must not need a second pooled connection.
     * Several nodes may start at once on one PostgreSQL: Flyway takes a lock so that one migrates.
     * Each dialect has its folder of migrations: the same versions, the same tables, columns and
     * indexes (SchemaParityTest), in the types each database has.
     */
    private static void migrate(DataSource target, String dialect) {
        Flyway.configure()
                .dataSource(target)
                .locations("classpath:db/migration/" + dialect)
                .load()
                .migrate();
    }

    /** The store the settings name: SQLite in the data folder, or PostgreSQL. */
    public static Database open(Settings settings) {
        if (settings.db().isEmpty()) {
            return sqlite(settings.dataDir(), settings.dbPoolSize(), settings.sqliteSynchronous(), settings.sqliteNativeDir());
        }
        return postgres(settings.db(), settings.dbUser(), settings.dbPassword(), settings.dbPoolSize());
    }

    /** SQLite in {@code dataDir} with the defaults (synchronous=FULL), for tools and tests. */
    public static Database sqlite(Path dataDir, int readers) {
        return sqlite(dataDir, readers, "full", "");
    }

    /**
     * SQLite in {@code <dataDir>/pbx-auth.db}: the file is checked, migrated, then opened by one
     * writing connection (a pool of one, shared by the group commit and every other write) and by
     * {@code readers} read-only connections. A write waits up to 10 s for the writing connection,
     * which the group commit holds for one commit at a time, and as long for the file's write lock
     * when another process (the CLI) holds it.
     */
    public static Database sqlite(Path dataDir, int readers, String synchronous, String nativeDir) {
        SqliteFile file = SqliteFile.in(dataDir, synchronous, nativeDir);
        file.check();
        DataSource admin = file.dataSource(file.admin());
        try {
            migrate(admin, "sqlite");
        } catch (org.flywaydb.core.api.FlywayException e) {
            throw sqliteCause(e).map(file::explain).orElseThrow(() -> e);
        }
        HikariConfig writer = pool(file.dataSource(file.writer()), 1, "pbx-auth-writer", SqliteFile.BUSY_TIMEOUT_MS);
        HikariConfig reader = pool(file.dataSource(file.reader()), readers, "pbx-auth", 700);
        reader.setReadOnly(true); // as they were opened: sqlite-jdbc refuses to change it afterwards
        return new Database(new HikariDataSource(writer), new HikariDataSource(reader), admin, false,
                new SqliteCheckpoints(file, SqliteFile.WAL_SIZE_LIMIT), new SqliteDataVersion(file.dataSource(file.reader())));
    }

    private static Optional<SQLException> sqliteCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.sqlite.SQLiteException s) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** PostgreSQL from a {@code postgresql://user:password@host:port/db?params} URL (or its jdbc: form). */
    public static Database postgres(String url, String user, String password, int maxPoolSize) {
        String u = url.startsWith("jdbc:") ? url.substring(5) : url;
        URI uri;
        try {
            uri = URI.create(u.replaceFirst("^postgres(ql)?://", "postgresql://"));
        } catch (IllegalArgumentException e) {
            throw new SettingsException("db", "is not a valid URL");
        }
        String dbUser = user;
        String dbPassword = password;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            dbUser = dbUser.isEmpty() ? decode(parts[0]) : dbUser;
            dbPassword = dbPassword.isEmpty() && parts.length > 1 ? decode(parts[1]) : dbPassword;
        }
        String jdbc = "jdbc:postgresql://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                + uri.getRawPath() + (uri.getRawQuery() != null ? "?" + uri.getRawQuery() : "");
        DataSource admin = new DriverDataSource(jdbc, "org.postgresql.Driver", new java.util.Properties(), dbUser, dbPassword);
        migrate(admin, "postgresql");
        // Every statement of the request path is a few milliseconds: a database that stops
        // answering mid-query (frozen, partitioned) must fail the request within a second, as
        // a stopped one does, instead of hanging it.
        String requestPath = jdbc + (jdbc.contains("?") ? "&" : "?") + "socketTimeout=1&connectTimeout=1";
        // A request waits at most 700 ms for a connection: a database that is down answers 503
        // within a second instead of hanging.
        HikariDataSource pool = new HikariDataSource(pool(new DriverDataSource(requestPath, "org.postgresql.Driver",
                new java.util.Properties(), dbUser, dbPassword), maxPoolSize, "pbx-auth", 700));
        return new Database(pool, pool, admin, true, null, null);
    }

    private static HikariConfig pool(DataSource connections, int maxPoolSize, String name, long waitMillis) {
        HikariConfig config = new HikariConfig();
        config.setDataSource(connections);
        config.setMaximumPoolSize(maxPoolSize);
        config.setMinimumIdle(Math.min(2, maxPoolSize));
        config.setConnectionTimeout(waitMillis);
        config.setValidationTimeout(500);
        config.setPoolName(name);
        return config;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** JDBI on {@link #reads()}: for a read that is not part of a write's transaction. */
    public Jdbi readJdbi() {
        return readJdbi;
    }

    /** Connections for the request path's reads: read-only ones on SQLite, the one pool on PostgreSQL. */
    public DataSource reads() {
        return reads;
    }

    /** Connections that may write: on SQLite the one writing connection, which every write shares. */
    public DataSource dataSource() {
        return writes;
    }

    /** A connection of its own, outside the pools and their timeouts, for long jobs (db copy). */
    Connection adminConnection() throws java.sql.SQLException {
        return admin.getConnection();
    }

    /**
     * What a query ends with to lock the rows it reads until its transaction ends: a row lock on
     * PostgreSQL; nothing on SQLite, whose one writer holds the write lock from BEGIN IMMEDIATE.
     * JDBI statements write it as {@code <lockRows>}.
     */
    String lockRows() {
        return postgres ? " FOR UPDATE" : "";
    }

    /** The request path's statements, kept prepared on SQLite's connections. */
    KeptStatements keptStatements() {
        return kept;
    }

    /** SQLite's commit counter, or null on PostgreSQL (other nodes write unseen: nothing is cached there). */
    SqliteDataVersion dataVersion() {
        return dataVersion;
    }

    /** Where the grants' writes are committed together (GroupCommit). */
    GroupCommit groupCommit() {
        return grants;
    }

    /** True when the database answers a trivial query within a second (readiness). */
    public boolean isAnswering() {
        try (var c = reads.getConnection(); var st = c.createStatement()) {
            st.setQueryTimeout(1);
            st.execute("SELECT 1");
            return true;
        } catch (java.sql.SQLException | RuntimeException e) {
            return false;
        }
    }

    /** Reports the pool's connections, waits and timeouts to the metrics registry. */
    public void bindMetrics(io.micrometer.core.instrument.MeterRegistry registry) {
        var metrics = new com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory(registry);
        writes.setMetricsTrackerFactory(metrics);
        if (reads != writes) {
            reads.setMetricsTrackerFactory(metrics);
        }
    }

    public boolean isPostgres() {
        return postgres;
    }

    @Override
    public void close() {
        grants.close();
        if (checkpoints != null) {
            checkpoints.close();
        }
        if (dataVersion != null) {
            dataVersion.close();
        }
        reads.close(); // the same pool as writes on PostgreSQL: closing twice is nothing
        writes.close(); // on SQLite the last connection to close checkpoints the WAL into the file
    }
}
