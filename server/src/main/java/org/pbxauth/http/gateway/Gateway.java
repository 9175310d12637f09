package org.pbxauth.http.gateway;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.servlet.ServletHolder;
import org.pbxauth.http.ClientAddress;
import org.pbxauth.http.ExternalOrigin;

/**
 * Gateway mode ({@code gateway.upstream}): {@code /api/ver1.0/**} is checked by the same
 * {@link ApiGate} as forward-auth and, when allowed, proxied to the PBX API by Jetty's proxy
 * ({@link UpstreamProxy}). pbx-auth's own {@code /api/ver1.0/user/} stays pbx-auth's.
 *
 * <p>The proxy runs inside the Javalin request: the handler hands the servlet request to the
 * proxy servlet, which goes asynchronous, and waits on a future the proxy completes when the
 * exchange is over. Javalin's before- and after-handlers (client address, metrics) see the
 * gateway's requests like any other.
 */
public final class Gateway {
    public static final String PREFIX = "/api/ver1.0";
    private static final String OWN = PREFIX + "/user";
    private static final HandlerType[] METHODS = {HandlerType.GET, HandlerType.HEAD, HandlerType.POST,
            HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE, HandlerType.OPTIONS};

    private final ApiGate gate;
    private final UpstreamProxy proxy;
    private final ServletHolder holder;

    /**
     * @param upstream the PBX API's base URL, without a trailing slash
     * @param timeout how long the upstream may stay silent before the answer is 504
     */
    public Gateway(ApiGate gate, String upstream, Duration timeout, MeterRegistry metrics) {
        this.gate = gate;
        this.proxy = new UpstreamProxy(upstream, metrics);
        this.holder = new ServletHolder("pbx-api-gateway", proxy);
        holder.setInitOrder(0); // started with the server: a bad upstream setting shows at start
        // the whole exchange has no limit (a 20 MB fax may take long on a slow line); silence does
        holder.setInitParameter("timeout", "0");
        holder.setInitParameter("idleTimeout", Long.toString(timeout.toMillis()));
        holder.setInitParameter("maxConnections", "256");
        // the PBX API tells its customers apart by hostname, as pbx-auth does
        holder.setInitParameter("preserveHost", "true");
        holder.setInitParameter("viaHost", "pbx-auth");
    }

    public void addTo(Javalin app) {
        // The servlet lives beside Javalin's in Jetty's context, with no mapping of its own: only
        // this handler reaches it, after the check.
        app.unsafeConfig().jetty.modifyServletContextHandler(context -> context.getServletHandler().addServlet(holder));
        for (HandlerType method : METHODS) {
            app.addHttpHandler(method, PREFIX + "/<path>", this::forward);
        }
    }

    private void forward(Context ctx) throws Exception {
        if (ctx.path().equals(OWN) || ctx.path().equals(OWN + "/")) {
            // GET is routed to pbx-auth's own endpoint before this handler; other methods are not allowed there
            throw new HttpResponseException(405, "method not allowed on this endpoint");
        }
        String uri = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
        Optional<ApiGate.Identity> identity = gate.check(ctx, ctx.method().name(), uri, false);
        if (identity.isEmpty()) {
            return; // the refusal is written
        }
        ctx.res().setContentType(null); // Javalin's default: the upstream's type, or none, is the answer's
        ExternalOrigin origin = ExternalOrigin.of(ctx);
        CompletableFuture<Void> done = new CompletableFuture<>();
        ctx.req().setAttribute(UpstreamProxy.EXCHANGE, new UpstreamProxy.Exchange(uri, identity.get(),
                ClientAddress.of(ctx), origin.scheme(), origin.authority(), done));
        ctx.future(() -> done);
        proxy.service((jakarta.servlet.ServletRequest) ctx.req(), (jakarta.servlet.ServletResponse) ctx.res());
    }
}
