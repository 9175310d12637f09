package org.pbxauth.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Every setting of a pbx-auth process, validated at start. Sources, later ones winning: built-in
 * defaults, environment variables ({@code PBXAUTH_} + the name in upper case with {@code .} and
 * {@code -} as {@code _}), then command-line options.
 */
public record Settings(
        int port,
        String bindAddress,
        Path dataDir,
        Duration accessTokenTtl,
        Duration refreshIdleTtl,
        Duration familyMaxAge,
        int argon2MemoryKiB,
        int argon2Iterations,
        int argon2Parallelism,
        int dbPoolSize,
        String serverKey,
        Duration refreshGrace,
        String introspectionClientId,
        String introspectionSecretSha256,
        Duration purgeInterval,
        int purgeBatch,
        String db,
        String dbUser,
        String dbPassword,
        String logFormat,
        int hashingThreads,
        Duration hashingBudget,
        int throttleAddressFailures,
        int throttleAccountFailures,
        Duration throttleWindow,
        Duration throttleMaxDelay,
        Duration throttleKnownAddress,
        boolean rateLimits,
        int rateOauthPerSecond,
        int rateOauthConcurrent,
        long rateApiPerCustomerHour,
        long rateApiPerAppHour,
        java.util.List<String> trustedProxies,
        String tlsCert,
        String tlsKey,
        int tlsPort) {

    /** Name, default and meaning of every setting: the one table that docs and validation share. */
    public static final Map<String, String[]> REFERENCE = reference();

    private static Map<String, String[]> reference() {
        Map<String, String[]> r = new LinkedHashMap<>();
        r.put("port", new String[] {"8080", "HTTP port to listen on (0 picks a free one)"});
        r.put("bind", new String[] {"0.0.0.0", "address to listen on"});
        r.put("data", new String[] {"./data", "folder of the embedded H2 database and the server key"});
        r.put("token.access-ttl", new String[] {"3600s", "lifetime of an access token (expires_in)"});
        r.put("token.refresh-idle-ttl", new String[] {"30d", "a refresh token unused this long expires"});
        r.put("token.family-max-age", new String[] {"90d", "no refresh outlives its login by more than this"});
        r.put("argon2.memory-kib", new String[] {"19456", "Argon2id memory per hash, KiB (OWASP: 19456)"});
        r.put("argon2.iterations", new String[] {"2", "Argon2id passes (OWASP: 2)"});
        r.put("argon2.parallelism", new String[] {"1", "Argon2id lanes (OWASP: 1)"});
        r.put("token.refresh-grace", new String[] {"5s", "a rotated refresh token presented again this soon by "
                + "the same app gets new tokens instead of revoking its login (0 turns this off)"});
        r.put("introspection.client-id", new String[] {"", "id of the PBX API's credential for /oauth/introspect"});
        r.put("introspection.secret-sha256", new String[] {"", "SHA-256 (hex) of that credential's secret"});
        r.put("purge.interval", new String[] {"10m", "how often expired tokens are deleted"});
        r.put("purge.batch", new String[] {"1000", "tokens deleted per purge statement"});
        r.put("db", new String[] {"", "empty for H2 in the data folder, or postgresql://[user[:password]@]host[:port]/database"});
        r.put("db.user", new String[] {"", "PostgreSQL user, when not in the db URL"});
        r.put("db.password", new String[] {"", "PostgreSQL password, when not in the db URL (prefer the environment)"});
        r.put("log.format", new String[] {"plain", "plain or json (one JSON object per line)"});
        r.put("hashing.threads", new String[] {"0", "threads hashing passwords; 0 means one per core"});
        r.put("hashing.budget", new String[] {"1s", "a password check that would wait longer for a hashing "
                + "thread is answered 503 at once"});
        r.put("throttle.address-failures", new String[] {"5", "failed logins of an account from one address "
                + "before each further try must wait"});
        r.put("throttle.account-failures", new String[] {"20", "failed logins of an account from all addresses "
                + "before tries from unknown addresses must wait"});
        r.put("throttle.window", new String[] {"15m", "quiet time after which a run of failures is forgotten"});
        r.put("throttle.max-delay", new String[] {"15m", "the longest wait between tries (delays double from 1s)"});
        r.put("throttle.known-address", new String[] {"30d", "how long an address that logged in is exempt "
                + "from the account-wide counter"});
        r.put("rate-limits", new String[] {"on", "on or off: the request-rate limits below (never the "
                + "password-guessing throttle); off for benchmarks or behind a limiting gateway"});
        r.put("rate.oauth-per-second", new String[] {"20", "requests a second per client address on /oauth/*"});
        r.put("rate.oauth-concurrent", new String[] {"6", "requests in flight per client address on /oauth/*"});
        r.put("rate.api-per-customer-hour", new String[] {"10000", "API requests an hour per PBX customer, all apps"});
        r.put("rate.api-per-app-hour", new String[] {"0", "API requests an hour per app; 0 for no per-app limit"});
        r.put("trusted-proxies", new String[] {"", "comma-separated addresses or CIDR blocks of proxies whose "
                + "X-Forwarded-For is believed"});
        r.put("tls.cert", new String[] {"", "PEM certificate chain: with tls.key, serve HTTPS on tls.port and "
                + "answer plain HTTP with 308 to it"});
        r.put("tls.key", new String[] {"", "PEM private key (PKCS#8) of tls.cert"});
        r.put("tls.port", new String[] {"8443", "HTTPS port when TLS is on"});
        r.put("db.pool-size", new String[] {"16", "database connections in the pool"});
        r.put("server-key", new String[] {"", "hex key (≥32 bytes) for app-secret hashes; generated into the "
                + "data folder on first start when empty"});
        return r;
    }

    /** Every PBXAUTH_ variable we read: the settings, the settings file, and the launcher's JVM options. */
    private static final java.util.Set<String> KNOWN_VARIABLES = knownVariables();

    private static java.util.Set<String> knownVariables() {
        java.util.Set<String> names = new java.util.HashSet<>();
        REFERENCE.keySet().forEach(n -> names.add(envName(n)));
        names.add("PBXAUTH_CONFIG");
        names.add("PBXAUTH_JAVA_OPTS");
        return java.util.Set.copyOf(names);
    }

    /**
     * Settings from defaults, then the YAML file named by {@code config} (in {@code overrides} or
     * {@code PBXAUTH_CONFIG}), then {@code env}, then {@code overrides} (by setting name).
     */
    public static Settings load(Map<String, String> env, Map<String, String> overrides) {
        Map<String, String> values = new LinkedHashMap<>();
        REFERENCE.forEach((name, spec) -> values.put(name, spec[0]));
        String configFile = overrides.getOrDefault("config", env.getOrDefault(envName("config"), ""));
        if (configFile != null && !configFile.isBlank()) {
            SettingsFile.read(Path.of(configFile)).forEach((name, value) -> {
                if (!REFERENCE.containsKey(name)) {
                    throw new SettingsException(name, "is not a setting (in " + configFile + ")");
                }
                values.put(name, value);
            });
        }
        for (String variable : env.keySet()) {
            if (variable.startsWith("PBXAUTH_") && !KNOWN_VARIABLES.contains(variable)) {
                throw SettingsException.unknownVariable(variable);
            }
        }
        for (String name : REFERENCE.keySet()) {
            String fromEnv = env.get(envName(name));
            if (fromEnv != null) {
                values.put(name, fromEnv);
            }
        }
        overrides.forEach((name, value) -> {
            if (name.equals("config")) {
                return;
            }
            if (!REFERENCE.containsKey(name)) {
                throw new SettingsException(name, "is not a setting");
            }
            if (value != null) {
                values.put(name, value);
            }
        });
        Reader r = new Reader(values);
        Settings s = new Settings(
                r.integer("port", 0, 65535),
                r.string("bind"),
                Path.of(r.string("data")),
                r.duration("token.access-ttl", Duration.ofSeconds(60), Duration.ofDays(1)),
                r.duration("token.refresh-idle-ttl", Duration.ofMinutes(5), Duration.ofDays(3650)),
                r.duration("token.family-max-age", Duration.ofMinutes(5), Duration.ofDays(3650)),
                r.integer("argon2.memory-kib", 64, 4 * 1024 * 1024),
                r.integer("argon2.iterations", 1, 100),
                r.integer("argon2.parallelism", 1, 64),
                r.integer("db.pool-size", 1, 1000),
                r.string("server-key"),
                r.duration("token.refresh-grace", Duration.ZERO, Duration.ofMinutes(5)),
                r.string("introspection.client-id"),
                r.string("introspection.secret-sha256"),
                r.duration("purge.interval", Duration.ofSeconds(10), Duration.ofDays(1)),
                r.integer("purge.batch", 10, 100_000),
                r.string("db"),
                r.string("db.user"),
                r.string("db.password"),
                r.string("log.format"),
                r.integer("hashing.threads", 0, 256),
                r.duration("hashing.budget", Duration.ofMillis(10), Duration.ofMinutes(1)),
                r.integer("throttle.address-failures", 1, 1000),
                r.integer("throttle.account-failures", 1, 100_000),
                r.duration("throttle.window", Duration.ofMinutes(1), Duration.ofDays(1)),
                r.duration("throttle.max-delay", Duration.ofSeconds(1), Duration.ofDays(1)),
                r.duration("throttle.known-address", Duration.ZERO, Duration.ofDays(365)),
                r.onOff("rate-limits"),
                r.integer("rate.oauth-per-second", 1, 1_000_000),
                r.integer("rate.oauth-concurrent", 1, 100_000),
                r.integer("rate.api-per-customer-hour", 1, Integer.MAX_VALUE),
                r.integer("rate.api-per-app-hour", 0, Integer.MAX_VALUE),
                r.list("trusted-proxies"),
                r.string("tls.cert"),
                r.string("tls.key"),
                r.integer("tls.port", 0, 65535));
        if (s.tlsCert().isEmpty() != s.tlsKey().isEmpty()) {
            throw new SettingsException("tls.cert", "and tls.key go together");
        }
        for (String file : new String[] {s.tlsCert(), s.tlsKey()}) {
            if (!file.isEmpty() && !java.nio.file.Files.isReadable(Path.of(file))) {
                throw new SettingsException(file.equals(s.tlsCert()) ? "tls.cert" : "tls.key", "names no readable file: " + file);
            }
        }
        for (String proxy : s.trustedProxies()) {
            if (!proxy.matches("[0-9a-fA-F:.]+(/\\d{1,3})?")) {
                throw new SettingsException("trusted-proxies", "must list IP addresses or CIDR blocks, not '" + proxy + "'");
            }
        }
        if (!s.logFormat().equals("plain") && !s.logFormat().equals("json")) {
            throw new SettingsException("log.format", "must be plain or json");
        }
        if (!s.db().isEmpty() && !s.db().matches("(jdbc:)?postgres(ql)?://.+")) {
            throw new SettingsException("db", "must be empty (H2) or a postgresql:// URL");
        }
        if (!s.introspectionSecretSha256().isEmpty()
                && !s.introspectionSecretSha256().matches("[0-9a-fA-F]{64}")) {
            throw new SettingsException("introspection.secret-sha256", "must be 64 hex characters");
        }
        if (s.introspectionClientId().isEmpty() != s.introspectionSecretSha256().isEmpty()) {
            throw new SettingsException("introspection.client-id", "and introspection.secret-sha256 go together");
        }
        if (s.familyMaxAge().compareTo(s.refreshIdleTtl()) < 0) {
            throw new SettingsException("token.family-max-age", "must not be shorter than token.refresh-idle-ttl");
        }
        if (s.argon2MemoryKiB() < 8 * s.argon2Parallelism()) {
            throw new SettingsException("argon2.memory-kib", "must be at least 8 × argon2.parallelism");
        }
        return s;
    }

    public static Settings defaults() {
        return load(Map.of(), Map.of());
    }

    public static String envName(String setting) {
        return "PBXAUTH_" + setting.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    @Override
    public String toString() {
        return "Settings[port=" + port + ", data=" + dataDir + ", db=" + (db.isEmpty() ? "h2" : db.replaceAll(":[^:@/]*@", ":****@"))
                + ", serverKey=" + (serverKey.isEmpty() ? "" : "****") + "]";
    }

    /** Parses one value at a time, naming the setting in every complaint. */
    private record Reader(Map<String, String> values) {
        String string(String name) {
            return values.get(name).trim();
        }

        boolean onOff(String name) {
            String v = string(name).toLowerCase(Locale.ROOT);
            return switch (v) {
                case "on", "true", "yes" -> true;
                case "off", "false", "no" -> false;
                default -> throw new SettingsException(name, "must be on or off, not '" + v + "'");
            };
        }

        java.util.List<String> list(String name) {
            return java.util.Arrays.stream(string(name).split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
        }

        int integer(String name, int min, int max) {
            int v = parse(name, Integer::parseInt, "a whole number");
            if (v < min || v > max) {
                throw new SettingsException(name, "must be between " + min + " and " + max + ", not " + v);
            }
            return v;
        }

        Duration duration(String name, Duration min, Duration max) {
            Duration d = parse(name, Reader::parseDuration, "a duration such as 3600s, 15m, 30d");
            if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                throw new SettingsException(name, "must be between " + min + " and " + max);
            }
            return d;
        }

        private <T> T parse(String name, Function<String, T> parser, String expected) {
            String raw = string(name);
            try {
                return parser.apply(raw);
            } catch (RuntimeException e) {
                throw new SettingsException(name, "must be " + expected + ", not '" + raw + "'");
            }
        }

        /** "3600" and "3600s" are seconds; m, h, d suffixes; ISO-8601 (PT1H) too. */
        static Duration parseDuration(String s) {
            String v = s.toLowerCase(Locale.ROOT);
            if (v.startsWith("p")) {
                return Duration.parse(s);
            }
            char unit = v.charAt(v.length() - 1);
            String digits = Character.isDigit(unit) ? v : v.substring(0, v.length() - 1);
            long n = Long.parseLong(digits);
            return switch (unit) {
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                case 's' -> Duration.ofSeconds(n);
                default -> {
                    if (!Character.isDigit(unit)) {
                        throw new IllegalArgumentException(s);
                    }
                    yield Duration.ofSeconds(n);
                }
            };
        }
    }
}
