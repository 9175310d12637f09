package org.pbxauth.http.web;

import io.javalin.Javalin;
import java.time.Duration;
import org.pbxauth.apps.AppRegistry;
import org.pbxauth.audit.AuditTrail;
import org.pbxauth.consents.Consents;
import org.pbxauth.directory.Directory;
import org.pbxauth.http.BrowserLogin;
import org.pbxauth.http.Csrf;
import org.pbxauth.tokens.TokenService;

/**
 * The PBX web pages of issue 18: {@code /login} and {@code /logout} ({@link LoginPages}),
 * {@code /app/register} and My apps ({@link AppPages}), My sessions and My activity
 * ({@link AccountPages}), and the stylesheet. Each page parses, checks the session and the CSRF
 * field ({@link PageSteps}), calls the domain and renders a template; nothing else.
 */
public final class WebRoutes {
    private final PageSteps steps;
    private final LoginPages login;
    private final AppPages appPages;
    private final AccountPages account;

    public WebRoutes(Directory directory, AppRegistry apps, TokenService tokens, Consents consents, AuditTrail audit,
                     BrowserLogin login, Csrf csrf, Duration secretOverlap) {
        this.steps = new PageSteps(directory, login, csrf);
        this.login = new LoginPages(steps);
        this.appPages = new AppPages(steps, apps, tokens, secretOverlap);
        this.account = new AccountPages(steps, apps, tokens, consents, audit);
    }

    /** The steps every page shares, for the admin console's pages. */
    public PageSteps steps() {
        return steps;
    }

    public void addTo(Javalin app) {
        app.get(WebPages.STYLESHEET, WebPages::stylesheet);
        login.addTo(app);
        appPages.addTo(app);
        account.addTo(app);
    }
}
