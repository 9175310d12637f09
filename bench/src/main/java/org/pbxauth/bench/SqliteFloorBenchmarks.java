package org.pbxauth.bench;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.pbxauth.secrets.RandomTokens;
import org.pbxauth.secrets.TokenHash;
import org.pbxauth.store.Database;

/**
 * The cheapest durable commits SQLite makes on this machine, through the server's own writing
 * connection (Database.dataSource(): WAL, synchronous=FULL, so an fsync of the WAL per commit;
 * BEGIN IMMEDIATE), in tables with nothing but a primary key (WITHOUT ROWID, as the tokens table
 * is): the floor under any schema that commits once per grant. The 16 threads take turns on the
 * one writing connection, as the server's writes would without its group commit, which shares
 * one commit among the grants that arrive together. {@code insert}: one new key per commit, the
 * least a client_credentials grant can store. {@code rotate}: what a refresh must at least do in
 * one commit (RFC 9700 §4.14.2): spend the presented token and store the new refresh and access
 * tokens, each thread along its own chain. Keys are made as the server's are (TokenHash of a
 * fresh token), so they land on the pages real ones would. BENCHMARKS.md turns these rates into
 * the most client_credentials and refresh could reach over HTTP on the same cores.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC", "-Xmx72m", "-XX:NewRatio=1"}) // the launcher's heap
@State(Scope.Benchmark)
public class SqliteFloorBenchmarks {
    private static final int WRITERS = 16; // bench/run's connection count for the targets

    private final RandomTokens random = new RandomTokens();
    private ScratchStore store;
    private Database db;

    @Setup(Level.Trial)
    public void setUp() throws IOException, SQLException {
        store = ScratchStore.open("SqliteFloorBenchmarks", WRITERS);
        db = store.db();
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE floor_insert (k TEXT PRIMARY KEY) WITHOUT ROWID");
            st.execute("CREATE TABLE floor_chain (k TEXT PRIMARY KEY, spent_at INTEGER) WITHOUT ROWID");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        store.close();
    }

    /** One thread's refresh chain: the key its next rotation spends. */
    @State(Scope.Thread)
    public static class Chain {
        String current;

        @Setup(Level.Trial)
        public void start(SqliteFloorBenchmarks floor) throws SQLException {
            current = floor.newKey();
            try (Connection c = floor.db.dataSource().getConnection();
                 PreparedStatement insert = c.prepareStatement("INSERT INTO floor_chain (k) VALUES (?)")) {
                insert.setString(1, current);
                insert.executeUpdate();
            }
        }
    }

    @Benchmark
    @Threads(WRITERS)
    public int insert() throws SQLException {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement insert = c.prepareStatement("INSERT INTO floor_insert (k) VALUES (?)")) {
            insert.setString(1, newKey());
            return insert.executeUpdate();
        }
    }

    @Benchmark
    @Threads(WRITERS)
    public int rotate(Chain chain) throws SQLException {
        String refresh = newKey();
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement spend = c.prepareStatement(
                         "UPDATE floor_chain SET spent_at = ? WHERE k = ? AND spent_at IS NULL");
                 PreparedStatement insert = c.prepareStatement("INSERT INTO floor_chain (k) VALUES (?)")) {
                spend.setLong(1, System.currentTimeMillis());
                spend.setString(2, chain.current);
                int spent = spend.executeUpdate();
                insert.setString(1, refresh);
                insert.addBatch();
                insert.setString(1, newKey()); // the new access token
                insert.addBatch();
                insert.executeBatch();
                c.commit();
                chain.current = refresh;
                return spent;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private String newKey() {
        return TokenHash.of(random.token()).key();
    }
}
