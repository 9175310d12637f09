package org.pbxauth.http.ops;

import org.pbxauth.http.ClientAddress;
import org.pbxauth.http.ExternalOrigin;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One audit line for every token issued, refused, refreshed and revoked, on the logger
 * {@code pbxauth.audit}: customer, user, app, client address, outcome. Never a secret: the
 * values written here are ids, logins and error codes.
 */
public final class Audit {
    private static final Logger audit = LoggerFactory.getLogger("pbxauth.audit");

    private Audit() {}

    public static void issued(Context ctx, String grant, long customer, String app, long user) {
        audit.info("token issued grant={} customer={} app={} user={} client={} outcome=ok",
                grant, customer, app, user, ClientAddress.of(ctx));
    }

    /** {@code user} is the login tried, when the request named one. */
    public static void refused(Context ctx, String endpoint, String grant, Long customer, String app, String user,
                               String error) {
        audit.info("token refused endpoint={} grant={} customer={} host={} app={} user={} client={} outcome={}",
                endpoint, grant, customer == null ? "-" : customer, safe(ExternalOrigin.of(ctx).authority()), app == null ? "-" : app,
                user == null ? "-" : safe(user), ClientAddress.of(ctx), error);
    }

    public static void revoked(Context ctx, long customer, String app, long user, String kind) {
        audit.info("token revoked kind={} customer={} app={} user={} client={} outcome=ok",
                kind, customer, app, user, ClientAddress.of(ctx));
    }

    /** A sign-in on the PBX web pages. */
    public static void webLogin(Context ctx, long customer, long user) {
        audit.info("web login customer={} user={} client={} outcome=ok", customer, user, ClientAddress.of(ctx));
    }

    /** An app registered on {@code /app/register} (its App ID; never its secret). */
    public static void appRegistered(Context ctx, long customer, String app, long user) {
        audit.info("app registered customer={} app={} user={} client={} outcome=ok", customer, app, user,
                ClientAddress.of(ctx));
    }

    /** An App Secret rotated on My apps (the App ID; never a secret). */
    public static void secretRotated(Context ctx, long customer, String app, long user) {
        audit.info("app secret rotated customer={} app={} user={} client={} outcome=ok", customer, app, user,
                ClientAddress.of(ctx));
    }

    /** Host headers are client input: printable ASCII only, bounded, so a log line stays one line. */
    private static String safe(String s) {
        if (s == null) {
            return "-";
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && i < 100; i++) {
            char c = s.charAt(i);
            b.append(c > 0x20 && c < 0x7f ? c : '?');
        }
        return b.toString();
    }
}
