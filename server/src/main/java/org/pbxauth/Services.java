package org.pbxauth;

import java.time.Clock;
import org.pbxauth.apps.AppRegistry;
import org.pbxauth.audit.AuditTrail;
import org.pbxauth.store.JdbiAuditRepository;
import org.pbxauth.config.ServerKey;
import org.pbxauth.config.Settings;
import org.pbxauth.config.SettingsException;
import org.pbxauth.directory.Directory;
import org.pbxauth.directory.PasswordHasher;
import org.pbxauth.directory.TenantRepository;
import org.pbxauth.directory.UserRepository;
import org.pbxauth.guard.HashingPool;
import org.pbxauth.guard.LoginThrottle;
import org.pbxauth.guard.ThrottleRules;
import org.pbxauth.lifecycle.Lifecycle;
import org.pbxauth.secrets.RandomTokens;
import org.pbxauth.secrets.Secret;
import org.pbxauth.secrets.SecretHasher;
import org.pbxauth.store.Database;
import org.pbxauth.store.JdbiAppRepository;
import org.pbxauth.store.JdbiTenantRepository;
import org.pbxauth.store.JdbiThrottleRepository;
import org.pbxauth.store.JdbiTokenRepository;
import org.pbxauth.store.JdbiUserRepository;
import org.pbxauth.store.ServerFacts;
import org.pbxauth.tokens.TokenLifetimes;
import org.pbxauth.tokens.TokenRepository;
import org.pbxauth.tokens.TokenService;

/** The domain wired to a store: what the server and the admin commands share. */
public final class Services implements AutoCloseable {
    final Settings settings;
    final Clock clock;
    final Database database;
    final TenantRepository tenants;
    final UserRepository users;
    final PasswordHasher passwords;
    final Directory directory;
    final AppRegistry apps;
    final TokenService tokens;
    final TokenRepository tokenStore;
    final Lifecycle lifecycle;
    final HashingPool hashing;
    final LoginThrottle throttle;
    final AuditTrail audit;

    private Services(Settings settings, Clock clock, Database database, PasswordHasher passwords) {
        this.settings = settings;
        this.clock = clock;
        this.database = database;
        RandomTokens random = new RandomTokens();
        this.tenants = new JdbiTenantRepository(database, clock);
        this.users = new JdbiUserRepository(database, clock);
        this.passwords = passwords;
        // Half the cores, at least one: each hash is an unauthenticated request's 19 MiB and
        // ~14 ms of a core, so a flood of password grants may take at most half the machine's
        // cores and threads x 19 MiB, whatever it sends. One thread on two cores still hashes
        // twice the C reference's single-core rate with libsodium (BENCHMARKS.md).
        int threads = settings.hashingThreads() > 0 ? settings.hashingThreads()
                : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        this.hashing = new HashingPool(threads, settings.hashingBudget());
        this.throttle = new LoginThrottle(new JdbiThrottleRepository(database), clock, new ThrottleRules(
                settings.throttleAddressFailures(), settings.throttleAccountFailures(), settings.throttleWindow(),
                settings.throttleMaxDelay(), settings.throttleKnownAddress()));
        this.directory = new Directory(tenants, users, passwords, hashing, throttle);
        SecretHasher secretHasher = new SecretHasher(ServerKey.resolve(settings));
        checkServerKey(new ServerFacts(database.jdbi()), secretHasher);
        this.apps = new AppRegistry(new JdbiAppRepository(database, clock), secretHasher, random, clock);
        this.tokenStore = new JdbiTokenRepository(database);
        this.tokens = new TokenService(tokenStore, random, clock,
                new TokenLifetimes(settings.accessTokenTtl(), settings.refreshIdleTtl(), settings.familyMaxAge()));
        this.audit = new AuditTrail(new JdbiAuditRepository(database), clock, settings.auditRetention());
        this.lifecycle = new Lifecycle(users, passwords, apps, tokens, audit);
    }

    /**
     * App secrets verify only under the key they were hashed with: a node with another key (a
     * lost key file, a cluster node without the shared {@code server-key}) must not start.
     */
    private static void checkServerKey(ServerFacts facts, SecretHasher hasher) {
        String check = hasher.hash(Secret.of("pbx-auth server key check"));
        if (!facts.putIfAbsent("server-key-check", check).equals(check)) {
            throw new SettingsException("server-key", "differs from the key this database was set up with; "
                    + "every node must use the same server-key (see README, Production)");
        }
    }

    public static Services open(Settings settings, Clock clock) {
        return open(settings, clock, passwordHasher(settings));
    }

    /** Services on a password hasher made beforehand (the demo hashes its users while the store opens). */
    static Services open(Settings settings, Clock clock, PasswordHasher passwords) {
        Database database = Database.open(settings);
        try {
            return new Services(settings, clock, database, passwords);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /** The Argon2id hasher at the cost the settings name. */
    static PasswordHasher passwordHasher(Settings settings) {
        return new PasswordHasher(new PasswordHasher.Cost(
                settings.argon2MemoryKiB(), settings.argon2Iterations(), settings.argon2Parallelism()));
    }

    public Settings settings() { return settings; }

    public Clock clock() { return clock; }

    public TenantRepository tenants() { return tenants; }

    public UserRepository users() { return users; }

    public PasswordHasher passwords() { return passwords; }

    public Directory directory() { return directory; }

    public AppRegistry apps() { return apps; }

    public TokenService tokens() { return tokens; }

    public TokenRepository tokenStore() { return tokenStore; }

    public Database database() { return database; }

    public Lifecycle lifecycle() { return lifecycle; }

    public HashingPool hashing() { return hashing; }

    public LoginThrottle throttle() { return throttle; }

    public AuditTrail audit() { return audit; }

    @Override
    public void close() {
        // what was used and audited last is written before the store closes
        try {
            tokens.use().flush();
            audit.flush();
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(Services.class).warn("last use and audit not written at close: {}",
                    e.getMessage());
        }
        hashing.close();
        database.close();
    }
}
