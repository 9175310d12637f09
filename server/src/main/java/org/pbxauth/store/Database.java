package org.pbxauth.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/** The one connection pool and JDBI handle of a process, with the schema migrated on open. */
public final class Database implements AutoCloseable {
    private final HikariDataSource pool;
    private final Jdbi jdbi;

    private Database(HikariDataSource pool) {
        this.pool = pool;
        this.jdbi = Jdbi.create(pool);
        Flyway.configure()
                .dataSource(pool)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    /**
     * H2 in a file under {@code dataDir}. AUTO_SERVER lets the CLI open the same file while the
     * server runs; WRITE_DELAY=0 puts every commit in the file before the answer leaves, so a
     * token answered with 200 survives a kill of the process.
     */
    public static Database h2(Path dataDir, int maxPoolSize) {
        String url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("pbx-auth")
                + ";AUTO_SERVER=TRUE;WRITE_DELAY=0;LOCK_TIMEOUT=10000";
        return open(url, "sa", "", maxPoolSize);
    }

    public static Database open(String jdbcUrl, String user, String password, int maxPoolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(maxPoolSize);
        config.setMinimumIdle(Math.min(2, maxPoolSize));
        config.setConnectionTimeout(5_000);
        config.setPoolName("pbx-auth");
        return new Database(new HikariDataSource(config));
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public DataSource dataSource() {
        return pool;
    }

    @Override
    public void close() {
        pool.close();
    }
}
