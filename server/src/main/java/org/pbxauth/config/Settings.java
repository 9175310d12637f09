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
        String operatorClientId,
        String operatorSecretSha256,
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
        int tlsPort,
        String sqliteSynchronous,
        String sqliteNativeDir,
        boolean pkceAllowPlain,
        Duration webSessionIdle,
        Duration webSessionMax,
        Duration appSecretOverlap,
        Duration auditRetention,
        String gatewayAccessPolicy,
        String gatewayUpstream,
        Duration gatewayTimeout) {

    /** Name, default and meaning of every setting: the one table that docs and validation share. */
    public static final Map<String, String[]> REFERENCE = SettingsReference.table();


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
        return load(env, overrides, Map.of());
    }

    /**
     * The same, with {@code defaults} in place of the reference defaults for some settings: the
     * demo listens on loopback unless a file, the environment or an option says otherwise.
     */
    public static Settings load(Map<String, String> env, Map<String, String> overrides, Map<String, String> defaults) {
        Map<String, String> values = new LinkedHashMap<>();
        REFERENCE.forEach((name, spec) -> values.put(name, spec[0]));
        defaults.forEach((name, value) -> {
            if (!REFERENCE.containsKey(name)) {
                throw new SettingsException(name, "is not a setting");
            }
            values.put(name, value);
        });
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
                r.string("operator.client-id"),
                r.string("operator.secret-sha256"),
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
                r.integer("tls.port", 0, 65535),
                r.string("sqlite.synchronous").toLowerCase(Locale.ROOT),
                r.string("sqlite.native-dir"),
                r.onOff("pkce.allow-plain"),
                r.duration("web.session-idle", Duration.ofMinutes(1), Duration.ofDays(1)),
                r.duration("web.session-max", Duration.ofMinutes(5), Duration.ofDays(30)),
                r.duration("app.secret-overlap", Duration.ZERO, Duration.ofDays(30)),
                r.duration("audit.retention", Duration.ofHours(1), Duration.ofDays(3660)),
                r.string("gateway.access-policy"),
                r.string("gateway.upstream").replaceAll("/+$", ""),
                r.duration("gateway.timeout", Duration.ofMillis(100), Duration.ofHours(1)));
        if (!s.gatewayUpstream().isEmpty() && !s.gatewayUpstream().matches("https?://[^/?#@\\s]+(/[^?#\\s]*)?")) {
            throw new SettingsException("gateway.upstream", "must be empty (no gateway) or an http:// or https:// URL "
                    + "such as http://pbx-api.internal:8081 (no query, no user), not '" + s.gatewayUpstream() + "'");
        }
        if (!s.sqliteSynchronous().equals("full") && !s.sqliteSynchronous().equals("normal")) {
            throw new SettingsException("sqlite.synchronous", "must be full or normal, not '" + s.sqliteSynchronous() + "'");
        }
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
            throw new SettingsException("db", "must be empty (SQLite in the data folder) or a postgresql:// URL");
        }
        if (!s.introspectionSecretSha256().isEmpty()
                && !s.introspectionSecretSha256().matches("[0-9a-fA-F]{64}")) {
            throw new SettingsException("introspection.secret-sha256", "must be 64 hex characters");
        }
        if (s.introspectionClientId().isEmpty() != s.introspectionSecretSha256().isEmpty()) {
            throw new SettingsException("introspection.client-id", "and introspection.secret-sha256 go together");
        }
        if (!s.operatorSecretSha256().isEmpty() && !s.operatorSecretSha256().matches("[0-9a-fA-F]{64}")) {
            throw new SettingsException("operator.secret-sha256", "must be 64 hex characters (printf %s \"$SECRET\" | sha256sum)");
        }
        if (s.operatorClientId().isEmpty() != s.operatorSecretSha256().isEmpty()) {
            throw new SettingsException("operator.client-id", "and operator.secret-sha256 go together");
        }
        if (s.operatorClientId().contains(":")) {
            throw new SettingsException("operator.client-id", "must not contain ':' (HTTP Basic splits the id from the secret there)");
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
        return "Settings[port=" + port + ", data=" + dataDir + ", db=" + (db.isEmpty() ? "sqlite" : db.replaceAll(":[^:@/]*@", ":****@"))
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
            Duration d = parse(name, Reader::parseDuration, "a duration such as 3600s, 15m, 30d, 500ms");
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
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
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
