package org.pbxauth.http;

import io.javalin.http.Context;
import java.util.Optional;
import org.pbxauth.directory.PbxUser;
import org.pbxauth.directory.Tenant;
import org.pbxauth.secrets.Secret;
import org.pbxauth.sessions.WebSessions;

/**
 * The browser's sign-in on one customer: the web session of the store in the cookie
 * {@code pbxauth_web} (HttpOnly, SameSite=Lax; Secure and {@code __Host-} on an https origin,
 * see {@link Cookies}). {@code /login} and the authorize flow's login share it: signed in on
 * one, a user is signed in on the other, and {@code /logout} ends both.
 */
public final class BrowserLogin {
    public static final String COOKIE = "pbxauth_web";

    private final WebSessions sessions;

    public BrowserLogin(WebSessions sessions) {
        this.sessions = sessions;
    }

    /**
     * Signs the browser in as {@code user}. OWASP session management: a new id at every login; the
     * session the browser may have held before (anyone's, even planted) ends.
     */
    public void start(Context ctx, PbxUser user) {
        sessions.end(Cookies.get(ctx, COOKIE));
        Secret id = sessions.start(user, ClientAddress.of(ctx));
        Cookies.set(ctx, COOKIE, id.reveal(), null);
    }

    /** Who this browser is signed in as on {@code tenant}, if anyone. */
    public Optional<WebSessions.Current> current(Context ctx, Tenant tenant) {
        return sessions.current(tenant, Cookies.get(ctx, COOKIE));
    }

    public Optional<PbxUser> user(Context ctx, Tenant tenant) {
        return current(ctx, tenant).map(WebSessions.Current::user);
    }

    /** Signs the browser out: the session ends in the store, on every node. */
    public void end(Context ctx) {
        sessions.end(Cookies.get(ctx, COOKIE));
        Cookies.clear(ctx, COOKIE);
    }
}
