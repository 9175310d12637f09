package org.pbxauth.http;

import io.javalin.http.Context;
import java.util.regex.Pattern;
import org.pbxauth.secrets.RandomTokens;

/**
 * CSRF protection of every form of ours, OWASP's "signed double-submit cookie": a random cookie
 * (HttpOnly, {@link Cookies}) and, in each form, its MAC under the server key. A cross-site page
 * can neither read the cookie nor compute the MAC, a cookie planted by a sibling host is useless
 * without the matching field (and on https the {@code __Host-} prefix stops the planting), and
 * any node checks it without state.
 */
public final class Csrf {
    static final String COOKIE = "pbxauth_csrf";
    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9]{32}");

    private final PageKeys keys;
    private final RandomTokens random;

    public Csrf(PageKeys keys, RandomTokens random) {
        this.keys = keys;
        this.random = random;
    }

    /** The hidden field for this browser's forms; gives the browser its cookie first when it has none. */
    public String field(Context ctx) {
        String cookie = ctx.attribute(COOKIE);
        if (cookie == null) {
            cookie = Cookies.get(ctx, COOKIE);
        }
        if (cookie == null || !VALUE.matcher(cookie).matches()) {
            cookie = random.alphanumeric(32);
            Cookies.set(ctx, COOKIE, cookie, null);
            ctx.attribute(COOKIE, cookie); // a second form on the same page gets the same value
        }
        return keys.sign("csrf", cookie);
    }

    /** True when {@code field} is the MAC of the browser's own CSRF cookie. */
    public boolean valid(Context ctx, String field) {
        String cookie = Cookies.get(ctx, COOKIE);
        return cookie != null && VALUE.matcher(cookie).matches() && keys.verify("csrf", cookie, field);
    }
}
