package org.pbxauth.http.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.pbxauth.directory.PbxUser;
import org.pbxauth.directory.Tenant;
import org.pbxauth.guard.OverloadedException;
import org.pbxauth.http.ClientAddress;
import org.pbxauth.http.ops.Audit;
import org.pbxauth.secrets.Secret;

/** {@code /login} and {@code /logout}: the web session of one customer's user. */
final class LoginPages {
    static final String BAD_CREDENTIALS = "The login or password is wrong, or this user may not sign in.";
    static final String BUSY = "The server is busy right now. Please try again in a moment.";

    private final PageSteps steps;

    LoginPages(PageSteps steps) {
        this.steps = steps;
    }

    void addTo(Javalin app) {
        app.get("/login", this::loginPage);
        app.post("/login", this::login);
        app.post("/logout", this::logout);
    }

    void loginPage(Context ctx) {
        Tenant tenant = steps.tenant(ctx);
        if (tenant == null) {
            return;
        }
        String next = PageSteps.next(ctx.queryParam("next"));
        if (steps.current(ctx, tenant).isPresent()) {
            PageSteps.redirect(ctx, next);
            return;
        }
        show(ctx, tenant, 200, next, "", null);
    }

    void login(Context ctx) {
        Tenant tenant = steps.tenant(ctx);
        Map<String, String> fields = tenant == null ? null : steps.form(ctx, tenant);
        if (fields == null) {
            return;
        }
        String next = PageSteps.next(fields.get("next"));
        if (!steps.csrf.valid(ctx, fields.get("csrf"))) {
            show(ctx, tenant, 403, next, "", PageSteps.BAD_FORM);
            return;
        }
        String login = fields.getOrDefault("login", "").trim();
        String password = fields.getOrDefault("password", "");
        if (login.isEmpty() || password.isEmpty() || login.length() > 100 || password.length() > 1024) {
            show(ctx, tenant, 401, next, login, BAD_CREDENTIALS);
            return;
        }
        Optional<PbxUser> user;
        try {
            // The password grant's check: throttled per account and address, shed when the hashing pool is full.
            user = steps.directory.authenticate(tenant, login, Secret.of(password), ClientAddress.of(ctx));
        } catch (OverloadedException e) {
            ctx.header("Retry-After", "1");
            show(ctx, tenant, 503, next, login, BUSY);
            return;
        }
        if (user.isEmpty()) {
            Audit.loginRefused(ctx, "web", tenant.id(), null, login);
            show(ctx, tenant, 401, next, login, BAD_CREDENTIALS);
            return;
        }
        steps.login.start(ctx, user.get());
        Audit.webLogin(ctx, "web", tenant.id(), user.get().id(), null);
        PageSteps.redirect(ctx, next);
    }

    void logout(Context ctx) {
        Tenant tenant = steps.tenant(ctx);
        Map<String, String> fields = tenant == null ? null : steps.form(ctx, tenant);
        if (fields == null) {
            return;
        }
        if (!steps.csrf.valid(ctx, fields.get("csrf"))) {
            steps.message(ctx, tenant, null, 403, "Not signed out", PageSteps.BAD_FORM);
            return;
        }
        steps.login.end(ctx);
        PageSteps.redirect(ctx, "/login");
    }

    private void show(Context ctx, Tenant tenant, int status, String next, String login, String error) {
        Map<String, Object> model = new HashMap<>();
        model.put("chrome", new Chrome(tenant.name(), null, steps.csrf.field(ctx), "login", true));
        model.put("next", next);
        model.put("login", login);
        model.put("error", error);
        WebPages.render(ctx, status, "login", model);
    }
}
