package org.pbxauth;

import org.pbxauth.config.ServerKey;
import org.pbxauth.consents.Consents;
import org.pbxauth.guard.ApiRateLimiter;
import org.pbxauth.http.BrowserLogin;
import org.pbxauth.http.admin.AdminConsole;
import org.pbxauth.http.Csrf;
import org.pbxauth.http.HttpServer;
import org.pbxauth.http.PageKeys;
import org.pbxauth.http.web.WebRoutes;
import org.pbxauth.secrets.RandomTokens;
import org.pbxauth.sessions.WebSessions;
import org.pbxauth.store.JdbiWebSessionRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The PBX web pages wired to a store: web sessions, login, app registration, the account pages. */
public final class PbxWeb {
    private static final Logger log = LoggerFactory.getLogger(PbxWeb.class);

    private final Services services;
    private final Consents consents;
    private final WebSessions sessions;
    private final Csrf csrf;
    private final BrowserLogin login;

    private PbxWeb(Services services, Consents consents) {
        this.services = services;
        this.consents = consents;
        RandomTokens random = new RandomTokens();
        PageKeys keys = new PageKeys(ServerKey.resolve(services.settings()));
        this.csrf = new Csrf(keys, random);
        // The session remembers a MAC of the password hash it was opened with: a new password ends it.
        this.sessions = new WebSessions(new JdbiWebSessionRepository(services.database()), services.directory(),
                random, services.clock(), services.settings().webSessionIdle(), services.settings().webSessionMax(),
                passwordHash -> keys.sign("web-session-user", passwordHash));
        this.login = new BrowserLogin(sessions);
    }

    /** The pages on {@code services}; {@code consents} are the code flow's, which My sessions lists and revokes. */
    public static PbxWeb of(Services services, Consents consents) {
        return new PbxWeb(services, consents);
    }

    public WebSessions sessions() {
        return sessions;
    }

    /** The browser's sign-in, which the authorize flow's login shares. */
    public BrowserLogin login() {
        return login;
    }

    /** The pages and, on their login, the admin console; {@code limits} are the API's hourly limits it shows. */
    public void mount(HttpServer http, ApiRateLimiter limits) {
        WebRoutes routes = new WebRoutes(services.directory(), services.apps(), services.tokens(), consents,
                services.audit(), login, csrf, services.settings().appSecretOverlap());
        AdminConsole console = new AdminConsole(routes.steps(), new AdminConsole.Parts(services.directory(),
                services.tenants(), services.users(), services.passwords(), services.apps(), services.tokens(),
                services.lifecycle(), services.audit(), limits, services.settings().rateLimits(),
                services.settings().appSecretOverlap()));
        http.mount(routes::addTo);
        http.mount(console::addTo);
    }

    /** The background job that deletes ended sessions, in batches of {@code batch}. */
    public Runnable purge(int batch) {
        return () -> {
            try {
                int n = sessions.purge(batch);
                if (n > 0) {
                    log.info("purged {} ended web sessions", n);
                }
            } catch (RuntimeException e) {
                log.warn("web session purge failed: {}", e.getMessage());
            }
        };
    }
}
