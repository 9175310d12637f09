package org.pbxauth.http.gateway;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Optional;
import org.pbxauth.http.errors.ErrorRenderer;

/**
 * {@code /auth/check}: forward-auth for a proxy in front of the PBX API. nginx
 * ({@code auth_request}) and Traefik ({@code forwardAuth}) send {@code GET /auth/check} with the
 * original method and URI in {@code X-Original-Method}/{@code X-Original-URI} or
 * {@code X-Forwarded-Method}/{@code X-Forwarded-Uri}; Envoy's HTTP {@code ext_authz} sends the
 * original method to {@code /auth/check} + the original path. Each keeps the client's
 * Authorization and Host. 200 with the identity and {@code X-RateLimit-*} headers, or the vendor's
 * 401/403/429; {@code ?nginx} turns the 429 into a 403 saying {@code rate_limit_exceeded}.
 */
public final class ForwardAuth {
    public static final String PATH = "/auth/check";

    private final ApiGate gate;

    public ForwardAuth(ApiGate gate) {
        this.gate = gate;
    }

    public void addTo(Javalin app) {
        app.get(PATH, this::fromHeaders);
        // Envoy: the original method on the prefix plus the original path (and query)
        for (HandlerType method : new HandlerType[] {HandlerType.GET, HandlerType.HEAD, HandlerType.POST,
                HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE, HandlerType.OPTIONS}) {
            app.addHttpHandler(method, PATH + "/<path>", ctx -> check(ctx, method.name(),
                    ctx.path().substring(PATH.length()) + (ctx.queryString() == null ? "" : "?" + ctx.queryString())));
        }
    }

    private void fromHeaders(Context ctx) {
        String method = first(ctx, "X-Original-Method", "X-Forwarded-Method");
        String uri = first(ctx, "X-Original-URI", "X-Forwarded-Uri");
        if (method == null || uri == null) {
            ErrorRenderer.noStore(ctx);
            org.pbxauth.http.Answer.json(ctx.status(400), new com.nimbusds.oauth2.sdk.ErrorObject("invalid_request",
                    "no original method and URI (X-Original-Method and X-Original-URI, or X-Forwarded-Method and X-Forwarded-Uri)")
                    .toJSONObject().toJSONString());
            return;
        }
        check(ctx, method.trim().toUpperCase(java.util.Locale.ROOT), uri.trim());
    }

    private void check(Context ctx, String method, String uri) {
        ErrorRenderer.noStore(ctx); // a decision about one token, for one request
        Optional<ApiGate.Identity> id = gate.check(ctx, method, uri, ctx.queryParam("nginx") != null
                && ctx.path().equals(PATH));
        id.ifPresent(i -> {
            i.headers().forEach(ctx::header);
            ctx.status(200);
        });
    }

    private static String first(Context ctx, String... names) {
        for (String n : names) {
            String v = ctx.header(n);
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
