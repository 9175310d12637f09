package org.pbxauth.http;

import io.javalin.http.Context;
import java.time.Duration;

/**
 * The cookies of our pages (the authorize flow's and the PBX web's): HttpOnly, SameSite=Lax,
 * Path=/, and on an https origin {@code Secure} with the {@code __Host-} prefix (RFC 6265bis
 * §4.1.3.2: no Domain and Path=/, so neither a sibling host nor a plain-HTTP page can set or
 * shadow them). The origin is the request's {@link ExternalOrigin}, so a TLS-terminating proxy
 * we trust makes them Secure and anyone else's headers cannot.
 */
public final class Cookies {
    private Cookies() {}

    /** The cookie's name on this request's origin: {@code __Host-} prefixed exactly when it is https. */
    public static String name(Context ctx, String base) {
        return ExternalOrigin.of(ctx).https() ? "__Host-" + base : base;
    }

    public static String get(Context ctx, String base) {
        return ctx.cookie(name(ctx, base));
    }

    /** Sets the cookie; {@code maxAge} null for one that ends with the browser session. */
    public static void set(Context ctx, String base, String value, Duration maxAge) {
        StringBuilder c = new StringBuilder(name(ctx, base)).append('=').append(value)
                .append("; Path=/; HttpOnly; SameSite=Lax");
        if (maxAge != null) {
            c.append("; Max-Age=").append(maxAge.toSeconds());
        }
        if (ExternalOrigin.of(ctx).https()) {
            c.append("; Secure");
        }
        ctx.res().addHeader("Set-Cookie", c.toString());
    }

    /** Tells the browser to forget the cookie. */
    public static void clear(Context ctx, String base) {
        set(ctx, base, "", Duration.ZERO);
    }
}
