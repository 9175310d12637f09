package org.pbxauth.http;

import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.StatisticsHandler;
import org.pbxauth.apps.AppRegistry;
import org.pbxauth.directory.Directory;
import org.pbxauth.grants.Grant;
import org.pbxauth.grants.OAuthError;
import org.pbxauth.guard.OverloadedException;
import org.pbxauth.http.api.BearerAuth;
import org.pbxauth.http.api.UserApi;
import org.pbxauth.http.admin.AdminApi;
import org.pbxauth.http.operator.OperatorApi;
import org.pbxauth.http.errors.ErrorRenderer;
import org.pbxauth.http.errors.Problem;
import org.pbxauth.http.web.WebPages;
import org.pbxauth.http.errors.JsonErrorHandler;
import org.pbxauth.http.oauth.OAuthRoutes;
import org.pbxauth.http.oauth.ResourceServerCredential;
import org.pbxauth.http.ops.RateLimitRoutes;
import org.pbxauth.tokens.TokenService;

/** The HTTP face of pbx-auth: routes, limits and error rendering on Javalin (Jetty, virtual threads). */
public final class HttpServer implements AutoCloseable {
    /** RFC-sized OAuth forms are a few hundred bytes; 16 KiB leaves room and bounds the parser. */
    static final int MAX_FORM_BYTES = 16 * 1024;

    private final Javalin app;

    public HttpServer(Directory directory, AppRegistry apps, TokenService tokens, List<Grant> grants,
                      ResourceServerCredential resourceServer, Guards guards, boolean pkceAllowPlain) {
        FormBody form = new FormBody(32, 4096);
        UserApi userApi = new UserApi(new BearerAuth(directory, tokens, guards.rateLimitsOn() ? guards.api() : null));

        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.useVirtualThreads = true;
            config.http.maxRequestSize = MAX_FORM_BYTES;
            config.http.prefer405over404 = true;
            // Every answer is a few hundred bytes: compression would never pay, and Javalin's
            // compressing output stream (checked per write) showed in the profiles.
            config.http.disableCompression();
            config.router.ignoreTrailingSlashes = true;
            // Jetty's per-connection cache of header values builds a trie of about 16 KiB for every
            // connection. Under a flood (hundreds of connections whose requests wait for a password
            // hash) those tries filled the small heap and the collector took a third of the CPU;
            // without the cache Jetty only allocates the few header strings it needs.
            config.jetty.modifyHttpConfiguration(http -> http.setHeaderCacheSize(0));
            config.jetty.modifyServer(server -> {
                // Graceful stop (SIGTERM): Jetty stops accepting, and the statistics handler lets
                // it wait for requests in flight, up to the stop timeout.
                server.setStopTimeout(10_000);
                server.setHandler(new StatisticsHandler());
                server.setErrorHandler(new JsonErrorHandler());
            });
            if (guards.tls() != null) {
                // With any connector of ours Javalin adds none: the plain one (which only
                // redirects) comes first, so port() stays the HTTP port.
                config.jetty.addConnector((server, httpConfig) -> {
                    ServerConnector plain = new ServerConnector(server, new HttpConnectionFactory(httpConfig));
                    plain.setHost(guards.tls().host());
                    plain.setPort(guards.tls().httpPort());
                    return plain;
                });
                config.jetty.addConnector((server, httpConfig) -> {
                    HttpConfiguration https = new HttpConfiguration(httpConfig);
                    https.addCustomizer(new SecureRequestCustomizer());
                    ServerConnector connector = new ServerConnector(server,
                            new SslConnectionFactory(guards.tls().factory(), "http/1.1"), new HttpConnectionFactory(https));
                    connector.setHost(guards.tls().host());
                    connector.setPort(guards.tls().port());
                    return connector;
                });
            }
        });
        // First: the client's address and external origin, which every later handler reads.
        app.before(guards.addresses()::resolve);
        if (guards.tls() != null) {
            TlsRoutes.register(app, this::httpsPort);
        }
        RateLimitRoutes.register(app, guards.requests(), guards.rateLimitsOn());
        OAuthRoutes.register(app, directory, apps, tokens, grants, resourceServer, form, MAX_FORM_BYTES, pkceAllowPlain);
        app.get("/api/ver1.0/user", userApi);

        app.exception(OAuthError.class, ErrorRenderer::oauth);
        app.exception(OverloadedException.class, (e, ctx) -> ErrorRenderer.oauth(
                OAuthError.temporarilyUnavailable("too many password checks at once, retry shortly"), ctx));
        // The PBX web pages fail as pages, in their own look; everything else in the OAuth JSON shape.
        app.exception(HttpResponseException.class, (e, ctx) -> {
            if (AdminApi.isApi(ctx.path()) || OperatorApi.isApi(ctx.path())) {
                Problem.render(AdminApi.problemOf(e), ctx);
            } else if (WebPages.isPage(ctx.path())) {
                WebPages.errorPage(ctx, e.getStatus());
            } else {
                ErrorRenderer.http(e, ctx);
            }
        });
        app.exception(Exception.class, (e, ctx) -> {
            if (AdminApi.isApi(ctx.path()) || OperatorApi.isApi(ctx.path())) {
                Problem.render(AdminApi.unexpected(e, ctx), ctx);
            } else if (WebPages.isPage(ctx.path())) {
                WebPages.errorPage(ctx, ErrorRenderer.logged(e, ctx));
            } else {
                ErrorRenderer.unexpected(e, ctx);
            }
        });
        app.error(HttpStatus.NOT_FOUND, ctx -> {
            if (ctx.result() == null && !Answer.written(ctx)) {
                if (AdminApi.isApi(ctx.path()) || OperatorApi.isApi(ctx.path())) {
                    Problem.render(Problem.notFound("no such endpoint"), ctx);
                } else if (WebPages.isPage(ctx.path())) {
                    WebPages.errorPage(ctx, 404);
                } else {
                    ErrorRenderer.http(new HttpResponseException(404, "no such endpoint"), ctx);
                }
            }
        });
        app.error(HttpStatus.METHOD_NOT_ALLOWED, ctx -> {
            if (AdminApi.isApi(ctx.path()) || OperatorApi.isApi(ctx.path())) {
                Problem.render(new Problem(405, "method_not_allowed", "method not allowed on this endpoint"), ctx);
            } else if (WebPages.isPage(ctx.path())) {
                WebPages.errorPage(ctx, 405);
            } else {
                ErrorRenderer.http(new HttpResponseException(405, "method not allowed on this endpoint"), ctx);
            }
        });
    }

    /** Adds a feature's own routes (the authorization endpoint and its pages); call before {@link #start}. */
    public HttpServer mount(Consumer<Javalin> routes) {
        routes.accept(app);
        return this;
    }

    public HttpServer start(String host, int port) {
        app.start(host, port);
        return this;
    }

    public int port() {
        return app.port();
    }

    /** The HTTPS port actually bound (when TLS is on and its port was 0), else -1. */
    public int httpsPort() {
        for (var c : app.jettyServer().server().getConnectors()) {
            if (c instanceof ServerConnector sc && sc.getDefaultConnectionFactory() instanceof SslConnectionFactory) {
                return sc.getLocalPort();
            }
        }
        return -1;
    }

    @Override
    public void close() {
        app.stop();
    }
}
