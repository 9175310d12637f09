package org.pbxauth.http.ops;

import io.javalin.Javalin;
import io.javalin.http.Context;
import org.pbxauth.audit.AuditEvent;
import org.pbxauth.audit.AuditKind;
import org.pbxauth.audit.AuditTrail;
import org.pbxauth.http.ClientAddress;
import org.pbxauth.http.ExternalOrigin;
import org.pbxauth.lifecycle.Actor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One audit line for every token issued, refused, refreshed and revoked and every step of the
 * PBX web pages, on the logger {@code pbxauth.audit}: customer, user, app, client address,
 * outcome. The events a user may want to see again — logins (web and grant), refused logins,
 * apps registered, secrets rotated, sessions ended, consents — also go to the store's
 * {@link AuditTrail} ("My activity"). Never a secret: the values written are ids, logins and error codes.
 */
public final class Audit {
    private static final Logger audit = LoggerFactory.getLogger("pbxauth.audit");
    private static final String TRAIL = "pbxauth.audit-trail";

    private Audit() {}

    /** Every request of {@code app} records its events in {@code trail}. */
    public static void writeTo(Javalin app, AuditTrail trail) {
        app.before(ctx -> ctx.attribute(TRAIL, trail));
    }

    public static void issued(Context ctx, String grant, long customer, String app, long user) {
        audit.info("token issued grant={} customer={} app={} user={} client={} outcome=ok",
                grant, customer, app, user, ClientAddress.of(ctx));
        if (!"refresh_token".equals(grant)) { // a refresh continues a login; every other grant is one
            store(ctx, customer, user, null, app, AuditKind.LOGIN, grant, "ok");
        }
    }

    /** {@code user} is the login tried, when the request named one. */
    public static void refused(Context ctx, String endpoint, String grant, Long customer, String app, String user,
                               String error) {
        audit.info("token refused endpoint={} grant={} customer={} host={} app={} user={} client={} outcome={}",
                endpoint, grant, customer == null ? "-" : customer, safe(ExternalOrigin.of(ctx).authority()), app == null ? "-" : app,
                user == null ? "-" : safe(user), ClientAddress.of(ctx), error);
        // A wrong login or password, on the token endpoint or a login page; not every refused request.
        if (customer != null && user != null && "password".equals(grant) && "invalid_grant".equals(error)) {
            store(ctx, customer, null, user, app, AuditKind.LOGIN_FAILED, grant, error);
        }
    }

    /** A sign-in refused on a page ({@code page}: "web" for /login, "authorize" for the authorize flow). */
    public static void loginRefused(Context ctx, String page, long customer, String app, String login) {
        audit.info("web login refused page={} customer={} app={} user={} client={} outcome=access_denied",
                page, customer, app == null ? "-" : app, safe(login), ClientAddress.of(ctx));
        store(ctx, customer, null, login, app, AuditKind.LOGIN_FAILED, page, "access_denied");
    }

    /** The administrator of a request of the console or the admin API, as the lifecycle audits them. */
    public static Actor actor(Context ctx, long admin) {
        return Actor.admin(admin, ClientAddress.of(ctx));
    }

    /** The platform operator changed a customer ({@code action}: created, changed, deleted). */
    public static void operatorChange(Context ctx, String action, long customer) {
        audit.info("operator customer {} customer={} client={} outcome=ok", action, customer, ClientAddress.of(ctx));
    }

    /** A request of the operator API without the operator's credential. */
    public static void operatorRefused(Context ctx) {
        audit.info("operator refused path={} client={} outcome=unauthorized", safe(ctx.path()), ClientAddress.of(ctx));
    }

    public static void revoked(Context ctx, long customer, String app, long user, String kind) {
        audit.info("token revoked kind={} customer={} app={} user={} client={} outcome=ok",
                kind, customer, app, user, ClientAddress.of(ctx));
        store(ctx, customer, user, null, app, AuditKind.SESSION_ENDED,
                "REFRESH".equals(kind) ? "revoked by the app" : "access token revoked by the app", "ok");
    }

    /** A sign-in on a page ({@code page}: "web" for /login, "authorize" for the authorize flow). */
    public static void webLogin(Context ctx, String page, long customer, long user, String app) {
        audit.info("web login page={} customer={} app={} user={} client={} outcome=ok", page, customer,
                app == null ? "-" : app, user, ClientAddress.of(ctx));
        store(ctx, customer, user, null, app, AuditKind.LOGIN, page, "ok");
    }

    /** An app registered on {@code /app/register} (its App ID; never its secret). */
    public static void appRegistered(Context ctx, long customer, String app, long user) {
        audit.info("app registered customer={} app={} user={} client={} outcome=ok", customer, app, user,
                ClientAddress.of(ctx));
        store(ctx, customer, user, null, app, AuditKind.APP_REGISTERED, null, "ok");
    }

    /** An App Secret rotated on My apps (the App ID; never a secret). */
    public static void secretRotated(Context ctx, long customer, String app, long user) {
        audit.info("app secret rotated customer={} app={} user={} client={} outcome=ok", customer, app, user,
                ClientAddress.of(ctx));
        store(ctx, customer, user, null, app, AuditKind.SECRET_ROTATED, null, "ok");
    }

    /** Logins ended by their user on My sessions: one ({@code app} named) or all of them. */
    public static void sessionsEnded(Context ctx, long customer, long user, String app, int count) {
        audit.info("session ended customer={} app={} user={} count={} client={} outcome=ok", customer,
                app == null ? "-" : app, user, count, ClientAddress.of(ctx));
        store(ctx, customer, user, null, app, AuditKind.SESSION_ENDED, app == null ? "all sessions (" + count + ")"
                : "ended on My sessions", "ok");
    }

    /**
     * Logins ended by an administrator (the admin API): of {@code user} (null: every user of the
     * app), through {@code app} (null: every app of the user), {@code count} of them.
     */
    public static void sessionsEndedByAdmin(Context ctx, long customer, Long user, String app, int count, long admin) {
        audit.info("session ended by admin customer={} app={} user={} admin={} count={} client={} outcome=ok", customer,
                app == null ? "-" : app, user == null ? "-" : user, admin, count, ClientAddress.of(ctx));
        store(ctx, customer, user, null, app, AuditKind.SESSION_ENDED, count == 1 ? "ended by an administrator"
                : count + " sessions ended by an administrator", "ok");
    }

    public static void consentGiven(Context ctx, long customer, long user, String app) {
        audit.info("consent given customer={} app={} user={} client={} outcome=ok", customer, app, user,
                ClientAddress.of(ctx));
        store(ctx, customer, user, null, app, AuditKind.CONSENT_GIVEN, null, "ok");
    }

    public static void consentRevoked(Context ctx, long customer, long user, String app) {
        audit.info("consent revoked customer={} app={} user={} client={} outcome=ok", customer, app, user,
                ClientAddress.of(ctx));
        store(ctx, customer, user, null, app, AuditKind.CONSENT_REVOKED, null, "ok");
    }

    private static void store(Context ctx, long customer, Long user, String login, String app, AuditKind kind,
                              String detail, String outcome) {
        AuditTrail trail = ctx.attribute(TRAIL);
        if (trail != null) {
            trail.record(new AuditEvent(customer, user, null, login, app, kind, detail, outcome, ClientAddress.of(ctx),
                    trail.clock().instant()));
        }
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
