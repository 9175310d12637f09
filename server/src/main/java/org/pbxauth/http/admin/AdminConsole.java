package org.pbxauth.http.admin;

import io.javalin.Javalin;
import java.time.Duration;
import org.pbxauth.apps.AppRegistry;
import org.pbxauth.audit.AuditTrail;
import org.pbxauth.directory.Directory;
import org.pbxauth.directory.PasswordHasher;
import org.pbxauth.directory.TenantRepository;
import org.pbxauth.directory.UserRepository;
import org.pbxauth.guard.ApiRateLimiter;
import org.pbxauth.http.web.PageSteps;
import org.pbxauth.lifecycle.Lifecycle;
import org.pbxauth.tokens.TokenService;

/**
 * The admin console at {@code /admin} for the administrators of the Host's customer, on the PBX
 * web's login and pages: users, apps, sessions, activity (with CSV), limits.
 */
public final class AdminConsole {
    private final ConsoleUserPages users;
    private final ConsoleAppPages appPages;
    private final ConsoleActivityPages activity;
    private final ConsoleLimitPages limitPages;

    /** What the console acts on. */
    public record Parts(Directory directory, TenantRepository tenants, UserRepository users, PasswordHasher passwords,
                        AppRegistry apps, TokenService tokens, Lifecycle lifecycle, AuditTrail audit,
                        ApiRateLimiter limits, boolean limitsEnforced, Duration secretOverlap) {}

    public AdminConsole(PageSteps pages, Parts p) {
        ConsoleSteps steps = new ConsoleSteps(pages);
        this.users = new ConsoleUserPages(steps, p.users(), p.passwords(), p.lifecycle());
        this.appPages = new ConsoleAppPages(steps, p.apps(), p.users(), p.tokens(), p.lifecycle(), p.secretOverlap());
        this.activity = new ConsoleActivityPages(steps, p.apps(), p.users(), p.tokens(), p.audit());
        this.limitPages = new ConsoleLimitPages(steps, p.apps(), p.tenants(), p.directory(), p.limits(), p.limitsEnforced());
    }

    public void addTo(Javalin app) {
        users.addTo(app);
        appPages.addTo(app);
        activity.addTo(app);
        limitPages.addTo(app);
    }
}
