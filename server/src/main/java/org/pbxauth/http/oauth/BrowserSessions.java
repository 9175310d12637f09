package org.pbxauth.http.oauth;

import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;
import org.pbxauth.http.PageKeys;
import org.pbxauth.directory.Directory;
import org.pbxauth.directory.PbxUser;
import org.pbxauth.directory.Tenant;
import org.pbxauth.http.Cookies;
import org.pbxauth.http.Csrf;
import org.pbxauth.secrets.RandomTokens;

/**
 * The authorization pages' short login (so a second authorization skips the password) and their
 * CSRF field ({@link Csrf}). The login is a cookie MAC'd with {@link PageKeys}: nothing is stored
 * server-side and any node can check it. Cookies are set by {@link Cookies}: HttpOnly,
 * SameSite=Lax, and Secure with the {@code __Host-} prefix on an https origin.
 */
final class BrowserSessions {
    static final String SESSION_COOKIE = "pbxauth_session";
    /** Long enough to authorize a few apps in a row, short enough that a shared browser forgets. */
    static final Duration SESSION_LIFETIME = Duration.ofMinutes(15);

    private static final Pattern SESSION_VALUE = Pattern.compile("(\\d{1,19})\\.(\\d{1,19})\\.(\\d{1,19})\\.([A-Za-z0-9_-]{43})");

    private final PageKeys keys;
    private final Directory directory;
    private final Csrf csrf;
    private final Clock clock;

    BrowserSessions(PageKeys keys, Directory directory, RandomTokens random, Clock clock) {
        this.keys = keys;
        this.directory = directory;
        this.csrf = new Csrf(keys, random);
        this.clock = clock;
    }

    /** The CSRF field for this browser's forms. */
    String csrfField(Context ctx) {
        return csrf.field(ctx);
    }

    boolean csrfValid(Context ctx, String field) {
        return csrf.valid(ctx, field);
    }
    /** Logs the browser in as {@code user} on this customer for {@link #SESSION_LIFETIME}. */
    void start(Context ctx, PbxUser user) {
        // Re-read: a login may just have upgraded the password hash, and the session is bound to it.
        PbxUser current = directory.user(user.tenantId(), user.id()).orElse(user);
        long expires = clock.instant().plus(SESSION_LIFETIME).toEpochMilli();
        String body = current.tenantId() + "." + current.id() + "." + expires + "." + passwordBinding(current);
        Cookies.set(ctx, SESSION_COOKIE, body + "." + keys.sign("session", body), SESSION_LIFETIME);
    }

    /**
     * The user this browser is logged in as on {@code tenant}: the session's MAC is ours, it has
     * not expired, the user still exists and is not blocked, and their password has not changed
     * since (the session carries a MAC of the password hash, so a new password ends it).
     */
    Optional<PbxUser> user(Context ctx, Tenant tenant) {
        String cookie = Cookies.get(ctx, SESSION_COOKIE);
        if (cookie == null) {
            return Optional.empty();
        }
        int lastDot = cookie.lastIndexOf('.');
        if (lastDot < 0 || !keys.verify("session", cookie.substring(0, lastDot), cookie.substring(lastDot + 1))) {
            return Optional.empty();
        }
        var m = SESSION_VALUE.matcher(cookie.substring(0, lastDot));
        if (!m.matches()) {
            return Optional.empty();
        }
        long tenantId = Long.parseLong(m.group(1));
        long userId = Long.parseLong(m.group(2));
        Instant expires = Instant.ofEpochMilli(Long.parseLong(m.group(3)));
        if (tenantId != tenant.id() || !clock.instant().isBefore(expires)) {
            return Optional.empty();
        }
        return directory.user(tenantId, userId)
                .filter(u -> !u.blocked())
                .filter(u -> keys.verify("password", u.passwordHash(), m.group(4)));
    }

    private String passwordBinding(PbxUser user) {
        return keys.sign("password", user.passwordHash());
    }
}
