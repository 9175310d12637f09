package org.pbxauth.directory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.pbxauth.guard.HashingPool;
import org.pbxauth.guard.LoginThrottle;
import org.pbxauth.guard.OverloadedException;
import org.pbxauth.secrets.Secret;

/** Finds the customer of a hostname and checks a user's login and password. */
public final class Directory {
    private final TenantRepository tenants;
    private final UserRepository users;
    private final PasswordHasher hasher;
    private final HashingPool pool;
    private final LoginThrottle throttle;
    private final Cache<String, Tenant> tenantsByHost =
            Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(1)).recordStats().build();

    public Directory(TenantRepository tenants, UserRepository users, PasswordHasher hasher, HashingPool pool,
                     LoginThrottle throttle) {
        this.tenants = tenants;
        this.users = users;
        this.hasher = hasher;
        this.pool = pool;
        this.throttle = throttle;
    }

    /**
     * The customer answering on this Host header value (port and case ignored). Found customers
     * are cached for a minute; an unknown hostname is not cached, so a new customer answers at
     * once. A change through {@link Customers} forgets the customer here at once (other nodes'
     * caches within the minute).
     */
    public Optional<Tenant> tenantForHost(String host) {
        String hostname = hostnameOf(host);
        if (hostname == null) {
            return Optional.empty();
        }
        Tenant cached = tenantsByHost.getIfPresent(hostname);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Tenant> found = tenants.findByHostname(hostname);
        found.ifPresent(t -> tenantsByHost.put(hostname, t));
        return found;
    }

    /**
     * The user, when login and password match and the user may log in. Unknown login, wrong
     * password and blocked user all answer empty after the same Argon2id work, so neither the
     * answer nor its timing tells which.
     */
    public Optional<PbxUser> authenticate(Tenant tenant, String login, Secret password, String clientAddress) {
        // RFC 6819 §4.4.3.6: a throttled account is refused before any hashing, with the same answer.
        LoginThrottle.Claim claim = throttle.claim(tenant.id(), login, clientAddress);
        if (!claim.granted()) {
            return Optional.empty();
        }
        Optional<PbxUser> found = users.findByLogin(tenant.id(), login);
        boolean matches;
        try {
            matches = pool.run(() -> found.isPresent()
                    ? hasher.verify(password, found.get().passwordHash())
                    : hasher.verifyNothing(password));
        } catch (OverloadedException shed) {
            throttle.released(tenant.id(), login, claim); // never checked: the try is given back
            throw shed;
        }
        if (!matches || found.get().blocked()) {
            throttle.failed(tenant.id(), login, clientAddress);
            return Optional.empty();
        }
        PbxUser user = found.get();
        throttle.succeeded(tenant.id(), login, clientAddress, claim);
        if (hasher.needsRehash(user.passwordHash())) {
            String upgraded = pool.run(() -> hasher.hash(password));
            users.updatePasswordHash(tenant.id(), user.id(), upgraded);
        }
        return Optional.of(user);
    }

    /** Forgets the cached customer {@code tenantId}, under whatever hostname: it changed or is gone. */
    public void forget(long tenantId) {
        tenantsByHost.asMap().values().removeIf(t -> t.id() == tenantId);
    }

    /** The customers-by-hostname cache, for its hit-rate metrics. */
    public Cache<String, Tenant> tenantCache() {
        return tenantsByHost;
    }

    public Optional<PbxUser> user(long tenantId, long userId) {
        return users.findById(tenantId, userId);
    }

    /** "Example.COM:8080" → "example.com"; "[::1]:80" → "::1"; null for nothing usable. */
    static String hostnameOf(String host) {
        if (host == null || host.isBlank() || host.length() > 260) {
            return null;
        }
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? null : h.substring(1, end);
        }
        int colon = h.indexOf(':');
        if (colon >= 0) {
            h = h.substring(0, colon);
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h.isEmpty() ? null : h;
    }
}
