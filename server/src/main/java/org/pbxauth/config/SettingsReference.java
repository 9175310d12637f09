package org.pbxauth.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Every setting's name, default and meaning, in the order the docs list them: the one table docs and parsing share. */
final class SettingsReference {
    private SettingsReference() {}

    static Map<String, String[]> table() {
        Map<String, String[]> r = new LinkedHashMap<>();
        r.put("port", new String[] {"8080", "HTTP port to listen on (0 picks a free one)"});
        r.put("bind", new String[] {"0.0.0.0", "address to listen on"});
        r.put("data", new String[] {"./data", "folder of the embedded SQLite database (pbx-auth.db) and the server key"});
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
        r.put("operator.client-id", new String[] {"", "id of the platform operator's credential for /operator/api/v1 "
                + "(HTTP Basic); empty turns the operator API off (404)"});
        r.put("operator.secret-sha256", new String[] {"", "SHA-256 (hex) of the operator credential's secret"});
        r.put("purge.interval", new String[] {"10m", "how often expired tokens are deleted"});
        r.put("purge.batch", new String[] {"1000", "tokens deleted per purge statement"});
        r.put("db", new String[] {"", "empty for SQLite in the data folder, or postgresql://[user[:password]@]host[:port]/database"});
        r.put("db.user", new String[] {"", "PostgreSQL user, when not in the db URL"});
        r.put("db.password", new String[] {"", "PostgreSQL password, when not in the db URL (prefer the environment)"});
        r.put("log.format", new String[] {"plain", "plain or json (one JSON object per line)"});
        r.put("hashing.threads", new String[] {"0", "threads hashing passwords; 0 means half the cores, at least one"});
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
        r.put("rate.oauth-per-second", new String[] {"20", "requests a second per client address on /oauth/* and /login"});
        r.put("rate.oauth-concurrent", new String[] {"6", "requests in flight per client address on /oauth/* and /login"});
        r.put("rate.api-per-customer-hour", new String[] {"10000", "API requests an hour per PBX customer, all apps"});
        r.put("rate.api-per-app-hour", new String[] {"0", "API requests an hour per app; 0 for no per-app limit"});
        r.put("trusted-proxies", new String[] {"", "comma-separated addresses or CIDR blocks of proxies whose "
                + "Forwarded or X-Forwarded-For/-Proto/-Host/-Port headers are believed: the client's address and "
                + "the scheme and host it used (the issuer, links, Secure cookies); anyone else's are ignored"});
        r.put("tls.cert", new String[] {"", "PEM certificate chain: with tls.key, serve HTTPS on tls.port and "
                + "answer plain HTTP with 308 to it"});
        r.put("tls.key", new String[] {"", "PEM private key (PKCS#8) of tls.cert"});
        r.put("tls.port", new String[] {"8443", "HTTPS port when TLS is on"});
        r.put("db.pool-size", new String[] {"16", "database connections in the pool; on SQLite the read-only "
                + "connections of the request path, beside the one writing connection"});
        r.put("sqlite.synchronous", new String[] {"full", "full: every commit is synced to the disk before its "
                + "answer (nothing answered is lost to a power cut); normal: synced at checkpoints, a power cut may "
                + "take back the last commits (never corrupts the file; a killed process loses nothing either way)"});
        r.put("sqlite.native-dir", new String[] {"", "folder where SQLite's native library is unpacked; empty for "
                + "<data>/native (not /tmp, which servers often mount noexec)"});
        r.put("pkce.allow-plain", new String[] {"off", "on accepts code_challenge_method=plain (and a challenge "
                + "without a method) from old apps; off allows S256 only (RFC 9700 §2.1.1)"});
        r.put("web.session-idle", new String[] {"30m", "a web login (/login, /account/*) ends after this long "
                + "without a page view"});
        r.put("web.session-max", new String[] {"12h", "a web login ends this long after it began, however busy"});
        r.put("app.secret-overlap", new String[] {"24h", "after a secret rotation on My apps, how long the old "
                + "App Secret keeps working (0: it stops at once)"});
        r.put("audit.retention", new String[] {"90d", "how long the audit events in the store (logins, failed "
                + "logins, apps registered, secrets rotated, sessions ended, consents) are kept; older ones are purged in batches"});
        r.put("gateway.access-policy", new String[] {"", "a YAML file of the Call API access rules (README: the "
                + "access policy); empty: the built-in list of the vendor's Call API"});
        r.put("gateway.upstream", new String[] {"", "the PBX API's base URL, e.g. http://pbx-api.internal:8081: "
                + "pbx-auth then proxies /api/ver1.0/** there after the access check (gateway mode); empty: no gateway"});
        r.put("gateway.timeout", new String[] {"60s", "how long the upstream may stay silent (no response, no bytes) "
                + "before the gateway answers 504"});
        r.put("server-key", new String[] {"", "hex key (≥32 bytes) for app-secret hashes; generated into the "
                + "data folder on first start when empty"});
        return Collections.unmodifiableMap(r);
    }
}
