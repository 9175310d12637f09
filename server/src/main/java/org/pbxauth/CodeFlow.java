package org.pbxauth;

import org.pbxauth.config.ServerKey;
import org.pbxauth.consents.Consents;
import org.pbxauth.grants.AuthorizationCodeGrant;
import org.pbxauth.grants.AuthorizationCodes;
import org.pbxauth.http.BrowserLogin;
import org.pbxauth.http.HttpServer;
import org.pbxauth.http.oauth.AuthorizeRoutes;
import org.pbxauth.secrets.RandomTokens;
import org.pbxauth.store.JdbiAuthorizationCodeRepository;
import org.pbxauth.store.JdbiConsentRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The authorization-code flow wired to a store: its codes, consents, grant and browser pages. */
public final class CodeFlow {
    private static final Logger log = LoggerFactory.getLogger(CodeFlow.class);

    private final Services services;
    private final RandomTokens random = new RandomTokens();
    private final AuthorizationCodes codes;
    private final Consents consents;

    private CodeFlow(Services services) {
        this.services = services;
        this.codes = new AuthorizationCodes(new JdbiAuthorizationCodeRepository(services.database()), random,
                services.clock());
        this.consents = new Consents(new JdbiConsentRepository(services.database()), services.tokens(),
                services.clock());
    }

    public static CodeFlow of(Services services) {
        return new CodeFlow(services);
    }

    public Consents consents() {
        return consents;
    }

    /** {@code grant_type=authorization_code}, for the token endpoint's list of grants. */
    public AuthorizationCodeGrant grant() {
        return new AuthorizationCodeGrant(codes, services.directory(), services.tokens(), consents);
    }

    /** {@code GET /oauth/authorize} and its login and consent forms, signed in with {@code login} (the /login session). */
    public void mount(HttpServer http, BrowserLogin login) {
        AuthorizeRoutes routes = new AuthorizeRoutes(services.directory(), services.apps(), codes, consents,
                ServerKey.resolve(services.settings()), random, services.clock(), services.settings().pkceAllowPlain(),
                login);
        http.mount(routes::addTo);
    }

    /** The background job that deletes long-expired codes, in batches of {@code batch}. */
    public Runnable purge(int batch) {
        return () -> {
            try {
                int n = codes.purgeExpired(batch);
                if (n > 0) {
                    log.info("purged {} expired authorization codes", n);
                }
            } catch (RuntimeException e) {
                log.warn("authorization code purge failed, will retry at the next interval: {}", e.toString());
            }
        };
    }
}
