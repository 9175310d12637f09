package org.pbxauth.bench;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
import org.pbxauth.apps.AccessLevel;
import org.pbxauth.apps.AppRegistry;
import org.pbxauth.apps.AppType;
import org.pbxauth.apps.PbxApp;
import org.pbxauth.config.Settings;
import org.pbxauth.directory.NewUser;
import org.pbxauth.directory.PasswordHasher;
import org.pbxauth.directory.PbxUser;
import org.pbxauth.directory.UserLevel;
import org.pbxauth.secrets.RandomTokens;
import org.pbxauth.secrets.Secret;
import org.pbxauth.secrets.SecretHasher;
import org.pbxauth.secrets.TokenHash;
import org.pbxauth.store.Database;
import org.pbxauth.store.JdbiAppRepository;
import org.pbxauth.store.JdbiTenantRepository;
import org.pbxauth.store.JdbiTokenRepository;
import org.pbxauth.store.JdbiUserRepository;
import org.pbxauth.tokens.TokenFamily;
import org.pbxauth.tokens.TokenKind;
import org.pbxauth.tokens.TokenRecord;

/**
 * The durable token write of the SQLite store, without HTTP: what a client_credentials grant
 * commits (a token family and its access token, in one transaction), through the repository and
 * so through the group commit on the one writing connection. On SQLite the grant endpoints'
 * requests/s are bounded by this durable-commit rate (WAL, synchronous=FULL: an fsync of the WAL
 * per commit, which the group commit shares among the grants waiting for it), so this shows the
 * store's ceiling on a machine, HTTP aside. POOL_SIZE is the read-only connections; the writes
 * all go through the one writer.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class StoreBenchmarks {
    private static final int POOL_SIZE = 16;

    private ScratchStore store;
    private JdbiTokenRepository tokens;
    private RandomTokens random;
    private Duration accessTtl;
    private long tenantId;
    private long userId;
    private PbxApp app;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        store = ScratchStore.open("StoreBenchmarks", POOL_SIZE);
        Database db = store.db();
        Settings settings = Settings.defaults();
        Clock clock = Clock.systemUTC();
        random = new RandomTokens();
        accessTtl = settings.accessTokenTtl();
        tenantId = new JdbiTenantRepository(db, clock).create("Bench PBX", List.of("localhost")).id();
        PasswordHasher passwords = new PasswordHasher(new PasswordHasher.Cost(
                settings.argon2MemoryKiB(), settings.argon2Iterations(), settings.argon2Parallelism()));
        PbxUser owner = new JdbiUserRepository(db, clock).create(new NewUser(tenantId,
                "bench_user", UserLevel.EXTENSION, false, "UTC", 100L, null, passwords.hash(Secret.of("bench_password"))));
        userId = owner.id();
        AppRegistry apps = new AppRegistry(new JdbiAppRepository(db, clock),
                new SecretHasher(random.bytes(32)), random, clock);
        app = apps.register(tenantId, "Bench trusted app", AppType.TRUSTED, AccessLevel.CALL_API, List.of(), owner).app();
        tokens = new JdbiTokenRepository(db);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        store.close();
    }

    @Benchmark
    @Threads(1)
    public long clientCredentialsWrite() {
        return writeFamily();
    }

    @Benchmark
    @Threads(POOL_SIZE)
    public long clientCredentialsWrite16Threads() {
        return writeFamily();
    }

    /** What TokenService.issueForLogin(owner, app, false) stores: a family and its access token, minted as mint() does. */
    private long writeFamily() {
        Instant now = Instant.now();
        Secret access = random.token();
        TokenRecord row = TokenRecord.fresh(TokenHash.of(access), TokenKind.ACCESS, 0, tenantId, userId, app.id(),
                app.access(), now, now.plus(accessTtl));
        return tokens.createFamily(new TokenFamily(0, tenantId, userId, app.id(), app.access(), now, null, "127.0.0.1"), List.of(row));
    }
}
