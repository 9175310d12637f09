package org.pbxauth.http.admin;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;
import org.pbxauth.apps.AppRegistry;
import org.pbxauth.apps.PbxApp;
import org.pbxauth.directory.Directory;
import org.pbxauth.directory.TenantRepository;
import org.pbxauth.guard.ApiRateLimiter;
import org.pbxauth.http.web.PageSteps;
import org.pbxauth.http.web.Visit;

/**
 * The console's limits: the customer's hourly API limit and each app's, as set here or the
 * server's default, with this hour's usage. A change holds on this node at once and on the
 * others within the customer cache's minute (the limit rides on the cached customer).
 */
final class ConsoleLimitPages {
    private final ConsoleSteps steps;
    private final AppRegistry apps;
    private final TenantRepository tenants;
    private final Directory directory;
    private final ApiRateLimiter limits;
    /** False when the server runs with {@code rate-limits: off}: nothing is counted, the page says so. */
    private final boolean enforced;

    ConsoleLimitPages(ConsoleSteps steps, AppRegistry apps, TenantRepository tenants, Directory directory,
                      ApiRateLimiter limits, boolean enforced) {
        this.enforced = enforced;
        this.steps = steps;
        this.apps = apps;
        this.tenants = tenants;
        this.directory = directory;
        this.limits = limits;
    }

    void addTo(Javalin app) {
        app.get("/admin/limits", this::show);
        app.post("/admin/limits", this::setCustomer);
        app.post("/admin/apps/{clientId}/limit", this::setApp);
    }


    void show(Context ctx) {
        Visit v = steps.admin(ctx);
        if (v == null) {
            return;
        }
        Long own = tenants.findById(v.tenant().id()).map(t -> t.apiLimitPerHour()).orElse(null);
        List<ConsoleAppLimit> rows = apps.list(v.tenant().id()).stream()
                .map(a -> new ConsoleAppLimit(a.name(), a.clientId(), a.apiLimitPerHour() == null ? "" : a.apiLimitPerHour().toString(),
                        a.apiLimitPerHour() != null ? a.apiLimitPerHour().toString()
                                : limits.appDefault() > 0 ? Long.toString(limits.appDefault()) : "none",
                        limits.appUsage(a.id())))
                .toList();
        var model = steps.model(ctx, v, "limits");
        model.put("own", own == null ? "" : own.toString());
        model.put("effective", own != null ? own : limits.customerDefault());
        model.put("serverDefault", limits.customerDefault());
        model.put("used", limits.customerUsage(v.tenant().id()));
        model.put("apps", rows);
        model.put("enforced", enforced);
        steps.render(ctx, 200, "limits", model);
    }

    /** {@code POST /admin/limits}: field {@code api_limit_per_hour}, empty for the server's. */
    void setCustomer(Context ctx) {
        PageSteps.Posted p = steps.adminPost(ctx);
        if (p == null) {
            return;
        }
        Optional<Long> limit = limit(ctx, p);
        if (limit != null) {
            tenants.setApiLimit(p.visit().tenant().id(), limit.orElse(null));
            directory.tenantCache().invalidateAll();
            PageSteps.redirect(ctx, "/admin/limits");
        }
    }

    /** {@code POST /admin/apps/{App ID}/limit}: field {@code api_limit_per_hour}, empty for the server's. */
    void setApp(Context ctx) {
        PageSteps.Posted p = steps.adminPost(ctx);
        if (p == null) {
            return;
        }
        Optional<PbxApp> app = apps.find(p.visit().tenant().id(), ctx.pathParam("clientId"));
        if (app.isEmpty()) {
            steps.notFound(ctx, p.visit(), "app");
            return;
        }
        Optional<Long> limit = limit(ctx, p);
        if (limit != null) {
            apps.setApiLimit(app.get(), limit.orElse(null));
            PageSteps.redirect(ctx, "/admin/limits");
        }
    }

    /** The field's limit (empty: the server's), or null after a 400 page. */
    private Optional<Long> limit(Context ctx, PageSteps.Posted p) {
        String s = p.fields().getOrDefault("api_limit_per_hour", "").trim();
        if (s.isEmpty()) {
            return Optional.empty();
        }
        Long n = ConsoleSteps.longParam(s);
        if (n == null || n > 1_000_000_000L) {
            steps.pages.message(ctx, p.visit().tenant(), p.visit().user().login(), 400, "Not changed",
                    "An hourly limit is a whole number from 0 to 1 000 000 000, or empty for the server's default.");
            return null;
        }
        return Optional.of(n);
    }
}
