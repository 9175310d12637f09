package org.pbxauth.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.pbxauth.config.Settings;
import org.pbxauth.config.SettingsException;

/** The one connection pool and JDBI handle of a process, with the schema migrated on open. */
public final class Database implements AutoCloseable {
    /** Groups in flight at once on PostgreSQL; each holds one pooled connection while it writes. */
    private static final int POSTGRES_WRITERS = 4;

    private final HikariDataSource pool;
    private final Jdbi jdbi;
    private final boolean postgres;
    private final GroupCommit grants;
    /** H2 only; PostgreSQL syncs its WAL at each commit itself. */
    private final H2Housekeeping housekeeping;

    private Database(HikariDataSource pool, boolean postgres) {
        this.pool = pool;
        this.postgres = postgres;
        this.jdbi = Jdbi.create(pool);
        this.grants = new GroupCommit(jdbi, postgres ? POSTGRES_WRITERS : 1);
        this.housekeeping = postgres ? null : new H2Housekeeping(pool);
    }

    /**
     * Migrates the schema on connections of its own, outside the pool: a migration may run longer
     * than the request path's timeouts allow, and must not need a second pooled connection.
     * Several nodes may start at once on one PostgreSQL: Flyway takes a lock so that one migrates.
     */
    private static void migrate(String jdbcUrl, String user, String password) {
        Flyway.configure()
                .dataSource(jdbcUrl, user, password)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    /** The store the settings name: H2 in the data folder, or PostgreSQL. */
    public static Database open(Settings settings) {
        if (settings.db().isEmpty()) {
            return h2(settings.dataDir(), settings.dbPoolSize());
        }
        return postgres(settings.db(), settings.dbUser(), settings.dbPassword(), settings.dbPoolSize());
    }

    /**
     * H2 in a file under {@code dataDir}. AUTO_SERVER lets the CLI open the same file while the
     * server runs; WRITE_DELAY=0 puts every commit in the file before the answer leaves, so a
     * token answered with 200 survives a kill of the process. QUERY_CACHE_SIZE: each connection
     * keeps the parsed form of the statements it ran; the request path has a few dozen distinct
     * ones, more than H2's default of 8, and re-parsing showed in the profiles. CACHE_SIZE: 16 MiB
     * of pages on the heap (H2's default is 64 MiB, most of the launcher's heap); the request path
     * reads by primary key, and a store of a million tokens answered as fast with it (BENCHMARKS.md).
     * Once a second {@link H2Housekeeping} forces the file to the disk, which H2 itself never does,
     * and rewrites sparse chunks, which H2's background thread would do with a write delay.
     */
    public static Database h2(Path dataDir, int maxPoolSize) {
        String url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("pbx-auth")
                + ";AUTO_SERVER=TRUE;WRITE_DELAY=0;LOCK_TIMEOUT=10000;QUERY_CACHE_SIZE=64;CACHE_SIZE=16384";
        // H2 closes a database with its last connection, and each open starts the AUTO_SERVER
        // listener and takes the file lock again: this connection keeps the one open of the
        // migration for the pool. The migration runs with H2's default write delay, so its few
        // dozen DDL commits are not each a file write; a kill during it leaves an earlier
        // consistent file, as it would at any other moment. Every write after it is durable:
        // WRITE_DELAY 0 is set on the database before the pool (whose URL says it too) opens.
        // Both made the start about 0.2 s shorter (BENCHMARKS.md).
        String migrating = url.replace(";WRITE_DELAY=0", "");
        try (Connection keepOpen = DriverManager.getConnection(migrating, "sa", "")) {
            migrate(migrating, "sa", "");
            try (Statement st = keepOpen.createStatement()) {
                st.execute("SET WRITE_DELAY 0");
            }
            return new Database(pool(url, "sa", "", maxPoolSize), false);
        } catch (SQLException e) {
            throw new StoreException("cannot open the H2 database in " + dataDir, e);
        }
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
        migrate(jdbc, dbUser, dbPassword);
        // Every statement of the request path is a few milliseconds: a database that stops
        // answering mid-query (frozen, partitioned) must fail the request within a second, as
        // a stopped one does, instead of hanging it.
        String requestPath = jdbc + (jdbc.contains("?") ? "&" : "?") + "socketTimeout=1&connectTimeout=1";
        return new Database(pool(requestPath, dbUser, dbPassword, maxPoolSize), true);
    }

    private static HikariDataSource pool(String jdbcUrl, String user, String password, int maxPoolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(maxPoolSize);
        config.setMinimumIdle(Math.min(2, maxPoolSize));
        // A request waits at most this long for a connection: a database that is down answers 503
        // within a second instead of hanging.
        config.setConnectionTimeout(700);
        config.setValidationTimeout(500);
        config.setPoolName("pbx-auth");
        return new HikariDataSource(config);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public DataSource dataSource() {
        return pool;
    }

    /** Where the grants' writes are committed together (GroupCommit). */
    GroupCommit groupCommit() {
        return grants;
    }

    /** The once-a-second fsync and chunk rewriting of the H2 file; empty on PostgreSQL. */
    Optional<H2Housekeeping> housekeeping() {
        return Optional.ofNullable(housekeeping);
    }

    /** True when the database answers a trivial query within a second (readiness). */
    public boolean isAnswering() {
        try (var c = pool.getConnection(); var st = c.createStatement()) {
            st.setQueryTimeout(1);
            st.execute("SELECT 1");
            return true;
        } catch (java.sql.SQLException | RuntimeException e) {
            return false;
        }
    }

    /** Reports the pool's connections, waits and timeouts to the metrics registry. */
    public void bindMetrics(io.micrometer.core.instrument.MeterRegistry registry) {
        pool.setMetricsTrackerFactory(new com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory(registry));
    }

    public boolean isPostgres() {
        return postgres;
    }

    @Override
    public void close() {
        grants.close();
        if (housekeeping != null) {
            housekeeping.close();
        }
        pool.close();
    }
}
