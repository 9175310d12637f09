package org.pbxauth.http;

import io.javalin.Javalin;

/**
 * With HTTPS on: plain HTTP answers 308 to the same URL on HTTPS (308 keeps a POST a POST, so
 * the seed's {@code curl -L} follows it with its body), and HTTPS answers carry HSTS.
 */
final class TlsRoutes {
    private TlsRoutes() {}

    /** {@code httpsPort} is read per request: with port 0 the bound port is known only after start. */
    static void register(Javalin app, java.util.function.IntSupplier httpsPort) {
        app.before(ctx -> {
            // Secure here, or reached through a trusted TLS-terminating proxy: no redirect loop.
            if (ExternalOrigin.of(ctx).https()) {
                ctx.header("Strict-Transport-Security", "max-age=31536000");
                return;
            }
            if (ctx.path().startsWith("/health/")) {
                return; // load balancers probe over plain HTTP; health carries no secret
            }
            // The host the client named: the request's, or a trusted proxy's forwarded one.
            String host = ExternalOrigin.of(ctx).host();
            if (host.isEmpty()) {
                host = "localhost";
            }
            String query = ctx.queryString();
            int port = httpsPort.getAsInt();
            String target = "https://" + host + (port == 443 ? "" : ":" + port) + ctx.path()
                    + (query == null ? "" : "?" + query);
            ctx.header("Location", target).status(308).result("");
            ctx.skipRemainingHandlers();
        });
    }
}
