package org.pbxauth;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.pbxauth.config.Settings;
import org.pbxauth.grants.ClientCredentialsGrant;
import org.pbxauth.grants.Grant;
import org.pbxauth.grants.PasswordGrant;
import org.pbxauth.grants.RefreshTokenGrant;
import org.pbxauth.guard.ApiRateLimiter;
import org.pbxauth.guard.RequestRateLimiter;
import org.pbxauth.http.ClientAddress;
import org.pbxauth.http.Guards;
import org.pbxauth.http.HttpServer;
import org.pbxauth.http.Tls;
import java.nio.file.Path;
import org.pbxauth.access.ApiAccess;
import org.pbxauth.access.CallApiRules;
import org.pbxauth.config.SettingsException;
import org.pbxauth.http.gateway.ApiGate;
import org.pbxauth.http.gateway.ForwardAuth;
import org.pbxauth.http.gateway.Gateway;
import org.pbxauth.store.JdbiUsageRepository;
import org.pbxauth.http.admin.AdminApi;
import org.pbxauth.http.admin.AdminDomain;
import org.pbxauth.http.api.BearerAuth;
import org.pbxauth.http.operator.OperatorApi;
import org.pbxauth.http.operator.OperatorCredential;
import org.pbxauth.directory.Customers;
import org.pbxauth.http.ops.Audit;
import org.pbxauth.http.ops.HealthEndpoints;
import org.pbxauth.http.ops.OperatorMetrics;
import org.pbxauth.http.ops.RequestMetrics;
import org.pbxauth.http.oauth.ResourceServerCredential;
import org.pbxauth.tokens.TokenPurge;

/** One running pbx-auth server: its services, its HTTP port and its background purge. */
public final class Node implements AutoCloseable {
    private final Services services;
    private final HttpServer http;
    private final ScheduledExecutorService background;

    private Node(Services services, HttpServer http, ScheduledExecutorService background) {
        this.services = services;
        this.http = http;
        this.background = background;
    }

    public static Node start(Settings settings, Clock clock) {
        return start(Services.open(settings, clock));
    }

    /** A node on services already open; it closes them when it stops (or fails to start). */
    public static Node start(Services services) {
        Settings settings = services.settings();
        Clock clock = services.clock();
        ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pbx-auth-purge");
            t.setDaemon(true);
            return t;
        });
        try {
            CodeFlow codeFlow = CodeFlow.of(services);
            List<Grant> grants = List.of(
                    new PasswordGrant(services.directory(), services.tokens()),
                    new RefreshTokenGrant(services.tokens(), settings.refreshGrace()),
                    new ClientCredentialsGrant(services.directory(), services.tokens()),
                    codeFlow.grant());
            ResourceServerCredential resourceServer = new ResourceServerCredential(
                    settings.introspectionClientId(), settings.introspectionSecretSha256());
            OperatorMetrics metrics = new OperatorMetrics();
            services.database().bindMetrics(metrics.registry());
            services.tokens().reportTo(metrics);
            io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics.monitor(metrics.registry(),
                    services.directory().tenantCache(), "customers_by_hostname");
            io.micrometer.core.instrument.Gauge.builder("pbxauth.hashing.waiting", services.hashing(),
                    h -> h.waiting()).description("password hashes waiting or running").register(metrics.registry());
            ApiRateLimiter apiLimits = new ApiRateLimiter(new JdbiUsageRepository(services.database()), clock,
                    settings.rateApiPerCustomerHour(), settings.rateApiPerAppHour());
            RequestRateLimiter requestLimits = new RequestRateLimiter(settings.rateOauthPerSecond(),
                    settings.rateOauthConcurrent());
            io.micrometer.core.instrument.Gauge.builder("pbxauth.rate.limited.in_flight", requestLimits,
                    RequestRateLimiter::inFlight).description("requests in flight on /oauth/* and /login, "
                    + "which the per-address concurrency limit counts").register(metrics.registry());
            Guards guards = new Guards(new ClientAddress(settings.trustedProxies()), requestLimits,
                    apiLimits, settings.rateLimits(), settings.tlsCert().isEmpty() ? null : new Guards.Https(
                            settings.bindAddress(), settings.port(), settings.tlsPort(),
                            Tls.contextFactory(Path.of(settings.tlsCert()), Path.of(settings.tlsKey()))));
            HttpServer http = new HttpServer(services.directory(), services.apps(), services.tokens(), grants,
                    resourceServer, guards, settings.pkceAllowPlain());
            // The PBX API's check comes first among the routes: Javalin tries a GET's routes one
            // by one, a regular expression each, and every call of the PBX API passes here.
            ApiGate gate = new ApiGate(new BearerAuth(services.directory(), services.tokens(),
                    guards.rateLimitsOn() ? apiLimits : null), accessPolicy(services), services.apps(), metrics.registry());
            http.mount(new ForwardAuth(gate)::addTo);
            if (!settings.gatewayUpstream().isEmpty()) {
                http.mount(new Gateway(gate, settings.gatewayUpstream(), settings.gatewayTimeout(), metrics.registry())::addTo);
            }
            PbxWeb web = PbxWeb.of(services, codeFlow.consents());
            codeFlow.mount(http, web.login());
            web.mount(http, apiLimits);
            AdminApi admin = new AdminApi(new BearerAuth(services.directory(), services.tokens(),
                    guards.rateLimitsOn() ? apiLimits : null), new AdminDomain(services.users(), services.passwords(),
                    services.hashing(), services.apps(), services.tokens(), services.lifecycle(), services.audit(),
                    settings.appSecretOverlap()));
            http.mount(admin::addTo);
            OperatorApi operator = new OperatorApi(new OperatorCredential(settings.operatorClientId(),
                    settings.operatorSecretSha256().toLowerCase(java.util.Locale.ROOT)),
                    new Customers(services.tenants(), services.directory()));
            http.mount(operator::addTo);
            http.mount(app -> {
                Audit.writeTo(app, services.audit());
                HealthEndpoints.register(app, services.database()::isAnswering);
                RequestMetrics.register(app, metrics.registry());
            });
            http.start(settings.bindAddress(), settings.port());
            long every = settings.purgeInterval().toMillis();
            background.scheduleWithFixedDelay(
                    new TokenPurge(services.tokenStore(), clock, settings.purgeBatch()), every, every, TimeUnit.MILLISECONDS);
            background.scheduleWithFixedDelay(codeFlow.purge(settings.purgeBatch()), every, every, TimeUnit.MILLISECONDS);
            background.scheduleWithFixedDelay(web.purge(settings.purgeBatch()), every, every, TimeUnit.MILLISECONDS);
            background.scheduleWithFixedDelay(apiLimits::flush, 1, 1, TimeUnit.SECONDS);
            background.scheduleWithFixedDelay(guarded("audit trail", services.audit()::flush), 1, 1, TimeUnit.SECONDS);
            background.scheduleWithFixedDelay(guarded("last use", services.tokens().use()::flush), 5, 5, TimeUnit.SECONDS);
            background.scheduleWithFixedDelay(guarded("audit purge", () -> services.audit().purge(settings.purgeBatch())),
                    every, every, TimeUnit.MILLISECONDS);
            background.scheduleWithFixedDelay(() -> {
                apiLimits.purge();
                services.throttle().purge();
            }, every, every, TimeUnit.MILLISECONDS);
            return new Node(services, http, background);
        } catch (RuntimeException e) {
            background.shutdownNow();
            services.close();
            throw e;
        }
    }

    /** The PBX API's access policy: the built-in Call API list, or the operator's file (checked now: a mistake stops the start). */
    private static ApiAccess accessPolicy(Services services) {
        String file = services.settings().gatewayAccessPolicy();
        CallApiRules rules;
        try {
            rules = file.isEmpty() ? CallApiRules.builtIn() : CallApiRules.load(Path.of(file));
        } catch (IllegalArgumentException e) {
            throw new SettingsException("gateway.access-policy", e.getMessage());
        }
        return new ApiAccess(rules, services.users()::extensionInGroup);
    }

    /** A background step that logs its failure and runs again next time (an escaped exception would stop it). */
    private static Runnable guarded(String what, Runnable step) {
        return () -> {
            try {
                step.run();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(Node.class).warn("{} failed: {}", what, e.getMessage());
            }
        };
    }

    public int port() {
        return http.port();
    }

    /** The HTTPS port, or -1 without TLS. */
    public int httpsPort() {
        return http.httpsPort();
    }

    public Services services() {
        return services;
    }

    @Override
    public void close() {
        background.shutdownNow();
        http.close();
        services.close();
    }
}
