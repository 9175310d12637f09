package org.pbxauth.bench;

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

/**
 * Loads live tokens and users straight into a pbx-auth store (H2 data folder or PostgreSQL), for
 * the "cost does not grow with data" target: {@code bench/load-data --data DIR} (default 1,000,000
 * tokens, 100,000 users). The schema must exist (start the server on the store once); with H2 the
 * server should be stopped, or the load goes through its AUTO_SERVER socket and is much slower.
 *
 * <p>Users join the demo customer (Host localhost) as {@code bench_user_NNNNNN}, all with one
 * real Argon2id hash. Each user gets a token family of the demo password app, and the tokens are
 * spread over those families: half access tokens (live for an hour), half unspent refresh tokens
 * (live for 30 days), each keyed by the SHA-256 hex of a random 30-character value, as the server
 * stores them. The values are thrown away (they come from a fast, not a secure, generator: this is
 * bench data, and nobody can present these tokens). Rows go in with batched prepared statements.
 * Running it again adds the tokens again and the users that are missing.
 */
public final class LoadData {
    private static final String DEMO_HOST = "localhost";
    private static final String DEMO_PASSWORD_APP = "a80f1e618ddd4d4584e2bd18fd464194";
    private static final String LOGIN_PREFIX = "bench_user_";
    private static final int BATCH = 5_000;
    private static final int COMMIT_EVERY = 50_000;

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
        try (Connection c = connect(data, db, dbUser, dbPassword)) {
            c.setAutoCommit(false);
            new Loader(c, users, tokens).run();
        }
    }

    private static void usage() {
        System.err.println("usage: bench/load-data (--data DIR | --db postgresql://user:pw@host:port/db) "
                + "[--tokens 1000000] [--users 100000]");
    }

    private static String env(String name) {
        String v = System.getenv(name);
        return v == null ? "" : v;
    }

    private static Connection connect(String data, String db, String user, String password) throws SQLException {
        if (db != null && !db.isEmpty()) {
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
        if (data == null) {
            data = env("PBXAUTH_DATA").isEmpty() ? "./data" : env("PBXAUTH_DATA");
        }
        Path file = Path.of(data).toAbsolutePath().resolve("pbx-auth.mv.db");
        if (!Files.exists(file)) {
            throw new IllegalStateException(file + " does not exist: start the server on " + data
                    + " once so that it creates the schema");
        }
        System.err.println("load-data: H2 " + file);
        return DriverManager.getConnection("jdbc:h2:file:" + Path.of(data).toAbsolutePath().resolve("pbx-auth")
                + ";AUTO_SERVER=TRUE", "sa", "");
    }

    private static final class Loader {
        private final Connection c;
        private final int users;
        private final long tokens;
        private final long now = System.currentTimeMillis();
        private final SplittableRandom random = new SplittableRandom();
        private long tenantId;
        private long appId;
        private String appAccess;

        Loader(Connection c, int users, long tokens) {
            this.c = c;
            this.users = users;
            this.tokens = tokens;
        }

        void run() throws SQLException {
            long started = System.nanoTime();
            findDemo();
            List<Long> userIds = loadUsers();
            loadTokens(userIds);
            c.commit();
            analyze();
            try (ResultSet rs = c.createStatement().executeQuery(
                    "SELECT (SELECT COUNT(*) FROM users), (SELECT COUNT(*) FROM tokens WHERE expires_at > "
                            + System.currentTimeMillis() + " AND revoked_at IS NULL AND spent_at IS NULL), "
                            + "(SELECT COUNT(*) FROM token_families)")) {
                rs.next();
                System.err.printf("load-data: done in %.1f s: %,d users, %,d live tokens, %,d token families in the store%n",
                        (System.nanoTime() - started) / 1e9, rs.getLong(1), rs.getLong(2), rs.getLong(3));
            }
        }

        /**
         * What an operator runs after a bulk load: fresh planner statistics, and on PostgreSQL a
         * vacuum, so that autovacuum does not do both in the middle of the measurement that follows.
         */
        private void analyze() throws SQLException {
            long t0 = System.nanoTime();
            boolean postgres = c.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
            c.setAutoCommit(true); // VACUUM cannot run inside a transaction
            try (Statement st = c.createStatement()) {
                st.execute(postgres ? "VACUUM ANALYZE" : "ANALYZE");
            }
            c.setAutoCommit(false);
            System.err.printf("load-data: %s in %.1f s%n", postgres ? "VACUUM ANALYZE" : "ANALYZE",
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
        private List<Long> loadUsers() throws SQLException {
            int existing = count("SELECT COUNT(*) FROM users WHERE tenant_id = " + tenantId
                    + " AND login LIKE '" + LOGIN_PREFIX + "%'");
            if (existing < users) {
                String hash = new PasswordHasher(PasswordHasher.Cost.OWASP)
                        .hash(Secret.of("bench password " + random.nextLong()));
                long t0 = System.nanoTime();
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
                        if (i % COMMIT_EVERY == 0) {
                            c.commit();
                        }
                    }
                    if (pending > 0) {
                        s.executeBatch();
                    }
                    c.commit();
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

        private void loadTokens(List<Long> userIds) throws SQLException {
            // One family per bench user (a login through the demo password app); found again by its
            // creation time, which is this run's own, so the database's identity column numbers them.
            long marker = now;
            long t0 = System.nanoTime();
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
                c.commit();
            }
            List<long[]> families = new ArrayList<>(userIds.size());
            try (PreparedStatement s = c.prepareStatement("SELECT id, user_id FROM token_families "
                    + "WHERE app_id = ? AND created_at = ? ORDER BY id")) {
                s.setLong(1, appId);
                s.setLong(2, marker);
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
                    if ((i + 1) % COMMIT_EVERY == 0) {
                        c.commit();
                    }
                    if ((i + 1) % 200_000 == 0) {
                        System.err.printf("load-data: %,d tokens (%.0f s)%n", i + 1, (System.nanoTime() - t0) / 1e9);
                    }
                }
                if (pending > 0) {
                    s.executeBatch();
                }
                c.commit();
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

        private int count(String sql) throws SQLException {
            try (ResultSet rs = c.createStatement().executeQuery(sql)) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
