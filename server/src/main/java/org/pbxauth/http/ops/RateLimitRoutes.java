package org.pbxauth.http.ops;

import io.javalin.Javalin;
import org.pbxauth.guard.RequestRateLimiter;
import org.pbxauth.http.Answer;
import org.pbxauth.http.ClientAddress;
import org.pbxauth.http.errors.ErrorRenderer;

/**
 * The vendor's per-address limits on {@code /oauth/*} (token, revoke, introspect, the authorize
 * pages) and on {@code /login} (issue 18: the web login is a password check like the grant's):
 * 429 over them.
 */
public final class RateLimitRoutes {
    private static final String PERMIT = "pbxauth.permit";

    private RateLimitRoutes() {}

    public static void register(Javalin app, RequestRateLimiter limiter, boolean enabled) {
        if (!enabled) {
            return;
        }
        for (String path : new String[] {"/oauth/*", "/login"}) {
            limit(app, path, limiter);
        }
    }

    private static void limit(Javalin app, String path, RequestRateLimiter limiter) {
        app.before(path, ctx -> {
            RequestRateLimiter.Permit permit = limiter.acquire(ClientAddress.of(ctx));
            if (!permit.granted()) {
                ErrorRenderer.noStore(ctx);
                ctx.header("Retry-After", Integer.toString(permit.retryAfterSeconds()));
                ctx.attribute(RequestMetrics.OUTCOME, "rate_limited");
                Answer.write(ctx.status(429), "application/json",
                        "{\"error\":\"rate_limit_exceeded\",\"error_description\":\"too many requests from this address\"}");
                ctx.skipRemainingHandlers();
                return;
            }
            ctx.attribute(PERMIT, permit);
        });
        app.after(path, ctx -> {
            RequestRateLimiter.Permit permit = ctx.attribute(PERMIT);
            if (permit != null) {
                permit.close();
            }
        });
    }
}
