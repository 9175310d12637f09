package org.pbxauth.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.pbxauth.directory.PasswordHasher;
import org.pbxauth.secrets.Secret;
import org.pbxauth.secrets.TokenHash;
import org.sqlite.SQLiteConfig;

/**
 * Loads live tokens and users straight into a pbx-auth store (the SQLite file of a data folder,
 * {@code <data>/pbx-auth.db}, or PostgreSQL), for the "cost does not grow with data" target:
 * {@code bench/load-data --data DIR} (default 1,000,000 tokens, 100,000 users). The schema must
 * exist (start the server on the store once). The server may be running meanwhile: on SQLite the
 * loader is one more process on the file, as the CLI is (SQLite's file locks; readers never wait
 * in WAL mode, and the server's writes wait for each of the loader's transactions, up to their
 * busy_timeout of 10 s), so the loader keeps each transaction well under that and pauses between
 * them. bench/run stops the server anyway, so that the load does not share the cores with it.
 *
 * <p>Users join the demo customer (Host localhost) as {@code bench_user_NNNNNN}, all with one
 * real Argon2id hash. Each user gets a token family of the demo password app, and the tokens are
 * spread over those families: half access tokens (live for an hour), half unspent refresh tokens
 * (live for 30 days), each keyed by the SHA-256 hex of a random 30-character value, as the server
 * stores them. The values are thrown away (they come from a fast, not a secure, generator: this is
 * bench data, and nobody can present these tokens). Rows go in with batched prepared statements,
 * {@value #COMMIT_EVERY} to a transaction. Running it again adds the tokens again and the users
 * that are missing.
 *
 * <p>The SQL is the common ground of SQLite and PostgreSQL: plain INSERTs, no MERGE, no FETCH
 * FIRST; FALSE for the users' boolean columns (PostgreSQL's BOOLEAN; SQLite reads the keyword as
 * 0, which its STRICT INTEGER columns and their {@code IN (0, 1)} checks take).
 */
public final class LoadData {
    private static final String DEMO_HOST = "localhost";
    private static final String DEMO_PASSWORD_APP = "a80f1e618ddd4d4584e2bd18fd464194";
    private static final String LOGIN_PREFIX = "bench_user_";
    private static final int BATCH = 5_000;
    /**
     * Rows per transaction: large enough that the commits cost nothing next to the inserts, small
     * enough that a SQLite transaction (which holds the file's one write lock from its BEGIN
     * IMMEDIATE to its COMMIT) takes a fraction of a second, far under the busy_timeout a running
     * server's writes wait for it.
     */
    private static final int COMMIT_EVERY = 50_000;
    /** The file of the embedded store in a data folder (the server's SqliteFile.FILE). */
    private static final String SQLITE_FILE = "pbx-auth.db";
    /** How long a statement waits for a write lock another process holds: the server's own 10 s. */
    private static final int BUSY_TIMEOUT_MS = 10_000;
    /**
     * On SQLite, the pause after each commit: a writer waiting in SQLite's busy handler retries
     * at most every 100 ms, so a pause as long lets a running server's waiting write in before
     * the loader's next transaction takes the lock again.
     */
    private static final long PAUSE_AFTER_COMMIT_MS = 100;

    private LoadData() {}

    public static void main(String[] args) throws Exception {
        String data = null;
        String db = env("PBXAUTH_DB");
        String dbUser = env("PBXAUTH_DB_USER");
        String dbPassword = env("PBXAUTH_DB_PASSWORD");
        long tokens = 1_000_000;
        int users = 100_000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> data = args[++i];
                case "--db" -> db = args[++i];
                case "--db-user" -> dbUser = args[++i];
                case "--tokens" -> tokens = Long.parseLong(args[++i].replace("_", ""));
                case "--users" -> users = Integer.parseInt(args[++i].replace("_", ""));
                case "-h", "--help" -> {
                    usage();
                    return;
                }
                default -> {
                    System.err.println("load-data: unknown argument " + args[i]);
                    usage();
                    System.exit(2);
                }
            }
        }
        if (users < 1 || tokens < 0) {
            System.err.println("load-data: --users must be at least 1 and --tokens at least 0");
            System.exit(2);
        }
        Path sqliteFile = null;
        Connection c;
        if (db != null && !db.isEmpty()) {
            c = connectPostgres(db, dbUser, dbPassword);
        } else {
            if (data == null) {
                data = env("PBXAUTH_DATA").isEmpty() ? "./data" : env("PBXAUTH_DATA");
            }
            sqliteFile = Path.of(data).toAbsolutePath().normalize().resolve(SQLITE_FILE);
            c = connectSqlite(sqliteFile);
        }
        try (c) {
            new Loader(c, sqliteFile != null, users, tokens).run();
        }
        if (sqliteFile != null) {
            // After the last connection closes, SQLite has checkpointed the WAL into the file and
            // removed it, unless a running server still has the file open.
            System.err.printf("load-data: %s%n", sqliteSizes(sqliteFile));
        }
    }

    /** "pbx-auth.db 123.4 MiB, pbx-auth.db-wal none": the sizes of the store's files now. */
    static String sqliteSizes(Path file) throws IOException {
        StringBuilder out = new StringBuilder();
        for (String suffix : new String[] {"", "-wal"}) {
            Path f = file.resolveSibling(file.getFileName() + suffix);
            out.append(out.length() > 0 ? ", " : "").append(f.getFileName()).append(' ').append(Files.exists(f)
                    ? String.format("%.1f MiB", Files.size(f) / 1048576.0) : "none");
        }
        return out.toString();
    }

    private static void usage() {
        System.err.println("usage: bench/load-data (--data DIR | --db postgresql://user:pw@host:port/db) "
                + "[--tokens 1000000] [--users 100000]");
    }

    private static String env(String name) {
        String v = System.getenv(name);
        return v == null ? "" : v;
    }

    private static Connection connectPostgres(String db, String user, String password) throws SQLException {
        String u = db.startsWith("jdbc:") ? db.substring(5) : db;
        URI uri = URI.create(u.replaceFirst("^postgres(ql)?://", "postgresql://"));
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = user.isEmpty() ? URLDecoder.decode(parts[0], StandardCharsets.UTF_8) : user;
            password = password.isEmpty() && parts.length > 1
                    ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : password;
        }
        String query = uri.getRawQuery() == null ? "" : uri.getRawQuery() + "&";
        String jdbc = "jdbc:postgresql://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                + uri.getRawPath() + "?" + query + "reWriteBatchedInserts=true";
        System.err.println("load-data: PostgreSQL " + uri.getHost() + uri.getRawPath());
        return DriverManager.getConnection(jdbc, user, password);
    }

    /**
     * The SQLite file as the server opens it for writing (WAL, foreign keys on, BEGIN IMMEDIATE,
     * the same busy_timeout and WAL size limit), but synchronous=NORMAL: in WAL mode that syncs at
     * checkpoints instead of at every commit, which a bulk load of bench data can afford (a power
     * cut may lose its last transactions, never the file). Automatic checkpoints stay on, so the
     * WAL is copied back into the file as the load goes.
     */
    private static Connection connectSqlite(Path file) throws IOException, SQLException {
        if (!Files.exists(file)) {
            throw new IllegalStateException(file + " does not exist: start the server on " + file.getParent()
                    + " once so that it creates the schema");
        }
        // sqlite-jdbc unpacks its native library on first use, by default into java.io.tmpdir,
        // which may be mounted noexec: into the data folder instead, as the server does.
        if (System.getProperty("org.sqlite.tmpdir") == null) {
            Path nativeDir = file.resolveSibling("native");
            Files.createDirectories(nativeDir);
            System.setProperty("org.sqlite.tmpdir", nativeDir.toString());
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.enforceForeignKeys(true);
        config.setJournalSizeLimit(64 << 20);
        config.setCacheSize(-65_536); // KiB: 64 MiB of pages for the tokens' B-trees
        System.err.println("load-data: SQLite " + file);
        return config.createConnection("jdbc:sqlite:" + file);
    }

    private static final class Loader {
        private final Connection c;
        private final boolean sqlite;
        private final int users;
        private final long tokens;
        private final long now = System.currentTimeMillis();
        private final SplittableRandom random = new SplittableRandom();
        private long tenantId;
        private long appId;
        private String appAccess;
        private long transactionStarted;
        private long longestTransactionNs;

        Loader(Connection c, boolean sqlite, int users, long tokens) {
            this.c = c;
            this.sqlite = sqlite;
            this.users = users;
            this.tokens = tokens;
        }

        void run() throws SQLException, InterruptedException {
            long started = System.nanoTime();
            c.setAutoCommit(true); // reads outside transactions; the loads in begin() ... commit()
            findDemo();
            List<Long> userIds = loadUsers();
            loadTokens(userIds);
            analyze();
            try (ResultSet rs = c.createStatement().executeQuery(
                    "SELECT (SELECT COUNT(*) FROM users), (SELECT COUNT(*) FROM tokens WHERE expires_at > "
                            + System.currentTimeMillis() + " AND revoked_at IS NULL AND spent_at IS NULL), "
                            + "(SELECT COUNT(*) FROM token_families)")) {
                rs.next();
                System.err.printf("load-data: done in %.1f s: %,d users, %,d live tokens, %,d token families in the store"
                                + "; the longest transaction took %d ms%n",
                        (System.nanoTime() - started) / 1e9, rs.getLong(1), rs.getLong(2), rs.getLong(3),
                        longestTransactionNs / 1_000_000);
            }
        }

        /**
         * Starts a transaction; on SQLite (BEGIN IMMEDIATE) it takes the file's write lock now,
         * waiting up to the busy_timeout for a running server's write.
         */
        private void begin() throws SQLException {
            c.setAutoCommit(false);
            transactionStarted = System.nanoTime();
        }

        /**
         * Commits and leaves the connection outside any transaction: setAutoCommit(true) commits
         * (JDBC), where sqlite-jdbc's commit() would begin the next IMMEDIATE transaction at once
         * and hold the write lock through whatever the loader does next. On SQLite a short pause
         * follows, for a running server's writes.
         */
        private void commit() throws SQLException, InterruptedException {
            c.setAutoCommit(true);
            longestTransactionNs = Math.max(longestTransactionNs, System.nanoTime() - transactionStarted);
            if (sqlite) {
                Thread.sleep(PAUSE_AFTER_COMMIT_MS);
            }
        }

        /**
         * What an operator runs after a bulk load: fresh planner statistics, and on PostgreSQL a
         * vacuum, so that autovacuum does not do both in the middle of the measurement that follows.
         * On SQLite, ANALYZE with an analysis_limit (as SQLite's own PRAGMA optimize uses): the
         * statistics from a sample of each index, so that this write too holds the lock briefly.
         */
        private void analyze() throws SQLException {
            long t0 = System.nanoTime();
            // outside any transaction (autocommit): VACUUM cannot run inside one
            try (Statement st = c.createStatement()) {
                if (sqlite) {
                    st.execute("PRAGMA analysis_limit = 1000");
                }
                st.execute(sqlite ? "ANALYZE" : "VACUUM ANALYZE");
            }
            System.err.printf("load-data: %s in %.1f s%n", sqlite ? "ANALYZE (analysis_limit 1000)" : "VACUUM ANALYZE",
                    (System.nanoTime() - t0) / 1e9);
        }

        private void findDemo() throws SQLException {
            try (PreparedStatement s = c.prepareStatement("SELECT tenant_id FROM tenant_hostnames WHERE hostname = ?")) {
                s.setString(1, DEMO_HOST);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        throw new IllegalStateException("no demo customer (Host " + DEMO_HOST
                                + "): start the server with `pbx-auth demo` on this store once");
                    }
                    tenantId = rs.getLong(1);
                }
            }
            try (PreparedStatement s = c.prepareStatement("SELECT id, access FROM apps WHERE client_id = ? AND tenant_id = ?")) {
                s.setString(1, DEMO_PASSWORD_APP);
                s.setLong(2, tenantId);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        throw new IllegalStateException("the demo password app is missing");
                    }
                    appId = rs.getLong(1);
                    appAccess = rs.getString(2);
                }
            }
        }

        /** The bench users, created where missing; their ids in login order. */
        private List<Long> loadUsers() throws SQLException, InterruptedException {
            int existing = count("SELECT COUNT(*) FROM users WHERE tenant_id = " + tenantId
                    + " AND login LIKE '" + LOGIN_PREFIX + "%'");
            if (existing < users) {
                String hash = new PasswordHasher(PasswordHasher.Cost.OWASP)
                        .hash(Secret.of("bench password " + random.nextLong()));
                long t0 = System.nanoTime();
                begin();
                try (PreparedStatement s = c.prepareStatement("INSERT INTO users (tenant_id, login, password_hash, "
                        + "level, admin, blocked, timezone, extension_id, extension_group_id, created_at) "
                        + "VALUES (?, ?, ?, 'EXTENSION', FALSE, FALSE, 'UTC', ?, NULL, ?)")) {
                    int pending = 0;
                    for (int i = existing + 1; i <= users; i++) {
                        s.setLong(1, tenantId);
                        s.setString(2, LOGIN_PREFIX + String.format("%06d", i));
                        s.setString(3, hash);
                        s.setLong(4, 100_000L + i);
                        s.setLong(5, now);
                        s.addBatch();
                        if (++pending == BATCH) {
                            s.executeBatch();
                            pending = 0;
                        }
                        if (i % COMMIT_EVERY == 0 && i < users) {
                            if (pending > 0) {
                                s.executeBatch();
                                pending = 0;
                            }
                            commit();
                            begin();
                        }
                    }
                    if (pending > 0) {
                        s.executeBatch();
                    }
                    commit();
                } catch (SQLException | RuntimeException e) {
                    rollback();
                    throw e;
                }
                System.err.printf("load-data: %,d users added in %.1f s%n", users - existing, (System.nanoTime() - t0) / 1e9);
            }
            List<Long> ids = new ArrayList<>(users);
            try (PreparedStatement s = c.prepareStatement("SELECT id FROM users WHERE tenant_id = ? AND login LIKE '"
                    + LOGIN_PREFIX + "%' ORDER BY login")) {
                s.setLong(1, tenantId);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next() && ids.size() < users) {
                        ids.add(rs.getLong(1));
                    }
                }
            }
            return ids;
        }

        private void loadTokens(List<Long> userIds) throws SQLException, InterruptedException {
            // One family per bench user (a login through the demo password app); found again by its
            // creation time, which is this run's own, and its bench user (nobody else logs in as
            // one, even with a server running), so the database's identity column numbers them.
            long marker = now;
            long t0 = System.nanoTime();
            begin();
            try (PreparedStatement s = c.prepareStatement("INSERT INTO token_families (tenant_id, user_id, app_id, "
                    + "access, created_at) VALUES (?, ?, ?, ?, ?)")) {
                int pending = 0;
                for (long userId : userIds) {
                    s.setLong(1, tenantId);
                    s.setLong(2, userId);
                    s.setLong(3, appId);
                    s.setString(4, appAccess);
                    s.setLong(5, marker);
                    s.addBatch();
                    if (++pending == BATCH) {
                        s.executeBatch();
                        pending = 0;
                    }
                }
                if (pending > 0) {
                    s.executeBatch();
                }
                commit();
            } catch (SQLException | RuntimeException e) {
                rollback();
                throw e;
            }
            List<long[]> families = new ArrayList<>(userIds.size());
            try (PreparedStatement s = c.prepareStatement("SELECT id, user_id FROM token_families "
                    + "WHERE app_id = ? AND created_at = ? AND user_id IN (SELECT id FROM users WHERE tenant_id = ? "
                    + "AND login LIKE '" + LOGIN_PREFIX + "%') ORDER BY id")) {
                s.setLong(1, appId);
                s.setLong(2, marker);
                s.setLong(3, tenantId);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        families.add(new long[] {rs.getLong(1), rs.getLong(2)});
                    }
                }
            }
            System.err.printf("load-data: %,d token families added in %.1f s%n", families.size(),
                    (System.nanoTime() - t0) / 1e9);

            // Hashes first, sorted: inserted in key order, every index of the tokens table grows at
            // its end instead of rewriting pages all over the tree, which makes the load several times
            // faster. Tokens go to the families in consecutive blocks for the same reason.
            t0 = System.nanoTime();
            String[] hashes = new String[Math.toIntExact(tokens)];
            for (int i = 0; i < hashes.length; i++) {
                hashes[i] = TokenHash.of(Secret.of(randomValue())).key();
            }
            java.util.Arrays.parallelSort(hashes);
            System.err.printf("load-data: %,d token hashes made and sorted in %.1f s%n", hashes.length,
                    (System.nanoTime() - t0) / 1e9);
            long hour = 3_600_000L;
            begin();
            try (PreparedStatement s = c.prepareStatement("INSERT INTO tokens (hash, kind, family_id, tenant_id, "
                    + "user_id, app_id, access, issued_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                int pending = 0;
                for (int i = 0; i < hashes.length; i++) {
                    long[] family = families.get((int) ((long) i * families.size() / hashes.length));
                    boolean access = i % 2 == 0;
                    s.setString(1, hashes[i]);
                    s.setString(2, access ? "ACCESS" : "REFRESH");
                    s.setLong(3, family[0]);
                    s.setLong(4, tenantId);
                    s.setLong(5, family[1]);
                    s.setLong(6, appId);
                    s.setString(7, appAccess);
                    s.setLong(8, now);
                    s.setLong(9, now + (access ? hour : 30 * 24 * hour));
                    s.addBatch();
                    if (++pending == BATCH) {
                        s.executeBatch();
                        pending = 0;
                    }
                    if ((i + 1) % COMMIT_EVERY == 0 && i + 1 < hashes.length) {
                        if (pending > 0) {
                            s.executeBatch();
                            pending = 0;
                        }
                        commit();
                        begin();
                    }
                    if ((i + 1) % 200_000 == 0) {
                        System.err.printf("load-data: %,d tokens (%.0f s)%n", i + 1, (System.nanoTime() - t0) / 1e9);
                    }
                }
                if (pending > 0) {
                    s.executeBatch();
                }
                commit();
            } catch (SQLException | RuntimeException e) {
                rollback();
                throw e;
            }
            System.err.printf("load-data: %,d tokens added in %.1f s%n", tokens, (System.nanoTime() - t0) / 1e9);
        }

        /** A token value of the server's shape (30 of [A-Za-z0-9]); only its hash is kept, as by the server. */
        private String randomValue() {
            char[] out = new char[30];
            String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
            for (int i = 0; i < out.length; i++) {
                out[i] = alphabet.charAt(random.nextInt(alphabet.length()));
            }
            return new String(out);
        }

        /** Drops the open transaction after a failure, so that it does not hold SQLite's write lock. */
        private void rollback() {
            try {
                c.rollback();
                c.setAutoCommit(true);
            } catch (SQLException ignored) {
                // the failure that led here is the one reported
            }
        }

        private int count(String sql) throws SQLException {
            try (ResultSet rs = c.createStatement().executeQuery(sql)) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
