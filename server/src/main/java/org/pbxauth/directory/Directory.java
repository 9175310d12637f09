package org.pbxauth.directory;

import java.util.Locale;
import java.util.Optional;
import org.pbxauth.secrets.Secret;

/** Finds the customer of a hostname and checks a user's login and password. */
public final class Directory {
    private final TenantRepository tenants;
    private final UserRepository users;
    private final PasswordHasher hasher;

    public Directory(TenantRepository tenants, UserRepository users, PasswordHasher hasher) {
        this.tenants = tenants;
        this.users = users;
        this.hasher = hasher;
    }

    /** The customer answering on this Host header value (port and case ignored). */
    public Optional<Tenant> tenantForHost(String host) {
        String hostname = hostnameOf(host);
        return hostname == null ? Optional.empty() : tenants.findByHostname(hostname);
    }

    /**
     * The user, when login and password match and the user may log in. Unknown login, wrong
     * password and blocked user all answer empty after the same Argon2id work, so neither the
     * answer nor its timing tells which.
     */
    public Optional<PbxUser> authenticate(Tenant tenant, String login, Secret password) {
        Optional<PbxUser> found = users.findByLogin(tenant.id(), login);
        if (found.isEmpty()) {
            hasher.verifyNothing(password);
            return Optional.empty();
        }
        PbxUser user = found.get();
        boolean ok = hasher.verify(password, user.passwordHash());
        if (!ok || user.blocked()) {
            return Optional.empty();
        }
        if (hasher.needsRehash(user.passwordHash())) {
            users.updatePasswordHash(tenant.id(), user.id(), hasher.hash(password));
        }
        return Optional.of(user);
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
