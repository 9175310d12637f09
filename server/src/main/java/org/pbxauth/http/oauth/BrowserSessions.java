package org.pbxauth.http.oauth;

import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;
import org.pbxauth.directory.Directory;
import org.pbxauth.directory.PbxUser;
import org.pbxauth.directory.Tenant;
import org.pbxauth.secrets.RandomTokens;

/**
 * The two cookies of the authorization pages, both scoped to {@code /oauth}, HttpOnly and
 * SameSite=Lax: a random CSRF cookie whose MAC every form must carry (OWASP's "signed double
 * submit cookie"), and a short login session so that a second authorization skips the password.
 * Both are verified with {@link PageKeys}, so nothing is stored server-side and any node can
 * check them.
 */
final class BrowserSessions {
    static final String CSRF_COOKIE = "pbxauth_csrf";
    static final String SESSION_COOKIE = "pbxauth_session";
    /** Long enough to authorize a few apps in a row, short enough that a shared browser forgets. */
    static final Duration SESSION_LIFETIME = Duration.ofMinutes(15);

    private static final Pattern CSRF_VALUE = Pattern.compile("[A-Za-z0-9]{32}");
    private static final Pattern SESSION_VALUE = Pattern.compile("(\\d{1,19})\\.(\\d{1,19})\\.(\\d{1,19})\\.([A-Za-z0-9_-]{43})");

    private final PageKeys keys;
    private final Directory directory;
    private final RandomTokens random;
    private final Clock clock;

    BrowserSessions(PageKeys keys, Directory directory, RandomTokens random, Clock clock) {
        this.keys = keys;
        this.directory = directory;
        this.random = random;
        this.clock = clock;
    }

    /** The CSRF field for this browser's forms; gives the browser its CSRF cookie first when it has none. */
    String csrfField(Context ctx) {
        String cookie = ctx.cookie(CSRF_COOKIE);
        if (cookie == null || !CSRF_VALUE.matcher(cookie).matches()) {
            cookie = random.alphanumeric(32);
            setCookie(ctx, CSRF_COOKIE, cookie, null);
        }
        return keys.sign("csrf", cookie);
    }

    /**
     * True when the form's field is the MAC of the browser's own CSRF cookie. A cross-site form
     * cannot read the cookie (HttpOnly) and cannot compute the MAC (server key), and a cookie
     * planted by a sibling host is useless without the matching field.
     */
    boolean csrfValid(Context ctx, String field) {
        String cookie = ctx.cookie(CSRF_COOKIE);
        return cookie != null && CSRF_VALUE.matcher(cookie).matches() && keys.verify("csrf", cookie, field);
    }

    /** Logs the browser in as {@code user} on this customer for {@link #SESSION_LIFETIME}. */
    void start(Context ctx, PbxUser user) {
        // Re-read: a login may just have upgraded the password hash, and the session is bound to it.
        PbxUser current = directory.user(user.tenantId(), user.id()).orElse(user);
        long expires = clock.instant().plus(SESSION_LIFETIME).toEpochMilli();
        String body = current.tenantId() + "." + current.id() + "." + expires + "." + passwordBinding(current);
        setCookie(ctx, SESSION_COOKIE, body + "." + keys.sign("session", body), SESSION_LIFETIME);
    }

    /**
     * The user this browser is logged in as on {@code tenant}: the session's MAC is ours, it has
     * not expired, the user still exists and is not blocked, and their password has not changed
     * since (the session carries a MAC of the password hash, so a new password ends it).
     */
    Optional<PbxUser> user(Context ctx, Tenant tenant) {
        String cookie = ctx.cookie(SESSION_COOKIE);
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

    /** {@code Secure} whenever the browser came over HTTPS, directly or through a TLS-terminating proxy. */
    private static void setCookie(Context ctx, String name, String value, Duration maxAge) {
        StringBuilder c = new StringBuilder(name).append('=').append(value)
                .append("; Path=/oauth; HttpOnly; SameSite=Lax");
        if (maxAge != null) {
            c.append("; Max-Age=").append(maxAge.toSeconds());
        }
        if ("https".equalsIgnoreCase(ctx.scheme()) || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"))) {
            c.append("; Secure");
        }
        ctx.res().addHeader("Set-Cookie", c.toString());
    }
}
