package org.pbxauth.http.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pbxauth.apps.AppException;
import org.pbxauth.apps.AppRegistry;
import org.pbxauth.apps.PbxApp;
import org.pbxauth.apps.RegisteredApp;
import org.pbxauth.http.ExternalOrigin;
import org.pbxauth.http.ops.Audit;
import org.pbxauth.secrets.Secret;
import org.pbxauth.tokens.TokenService;

/**
 * {@code /app/register} and My apps ({@code /account/apps}): register, rotate the secret with
 * an overlap, end the old secret, edit the name and redirect URLs, delete. A user sees and
 * touches only the apps they own on this customer; any other App ID is the same 404 as none.
 */
final class AppPages {
    private final PageSteps steps;
    private final AppRegistry apps;
    private final TokenService tokens;
    private final Duration secretOverlap;

    AppPages(PageSteps steps, AppRegistry apps, TokenService tokens, Duration secretOverlap) {
        this.steps = steps;
        this.apps = apps;
        this.tokens = tokens;
        this.secretOverlap = secretOverlap;
    }

    void addTo(Javalin app) {
        app.get("/app/register", this::registerPage);
        app.post("/app/register", this::register);
        app.get("/account/apps", this::myApps);
        app.post("/account/apps/{clientId}/rotate", this::rotate);
        app.post("/account/apps/{clientId}/end-old-secret", this::endOldSecret);
        app.get("/account/apps/{clientId}/edit", this::editPage);
        app.post("/account/apps/{clientId}/edit", this::edit);
        app.post("/account/apps/{clientId}/delete", this::delete);
    }

    void registerPage(Context ctx) {
        Visit v = steps.visit(ctx);
        if (v != null) {
            showRegister(ctx, v, 200, AppRegistrationForm.empty(v.user()));
        }
    }

    void register(Context ctx) {
        Visit v = steps.visit(ctx);
        Map<String, String> fields = v == null ? null : steps.form(ctx, v.tenant());
        if (fields == null) {
            return;
        }
        if (!steps.csrf.valid(ctx, fields.get("csrf"))) {
            showRegister(ctx, v, 403, AppRegistrationForm.again(v.user(), fields, Map.of("form", PageSteps.BAD_FORM)));
            return;
        }
        RegisterForm refused = AppRegistrationForm.check(v.user(), fields);
        if (refused != null) {
            showRegister(ctx, v, AppRegistrationForm.forged(v.user(), fields) ? 403 : 400, refused);
            return;
        }
        AppRegistrationForm.Valid f = AppRegistrationForm.valid(fields);
        RegisteredApp registered;
        try {
            registered = apps.register(v.tenant().id(), f.name(), f.type(), f.access(), f.redirectUris(), v.user());
        } catch (AppException e) {
            // the registry's own rules, should the form's ever fall behind them
            showRegister(ctx, v, 400, AppRegistrationForm.again(v.user(), fields, Map.of("form", e.getMessage())));
            return;
        }
        Audit.appRegistered(ctx, v.tenant().id(), registered.app().clientId(), v.user().id());
        String base = ExternalOrigin.of(ctx).base();
        Map<String, Object> model = steps.model(ctx, v, "register", false);
        model.put("app", new Registered(registered.app().name(), registered.app().clientId(),
                registered.secret().reveal(), registered.app().type().wireName(), registered.app().access().wireName(),
                SeedCurl.forApp(base, registered.app(), registered.secret(), v.user().login())));
        WebPages.render(ctx, 200, "registered", model);
    }

    void myApps(Context ctx) {
        Visit v = steps.visit(ctx);
        if (v == null) {
            return;
        }
        Map<Long, Instant> lastUsed = apps.lastUsed(v.tenant().id());
        List<AppRow> rows = apps.list(v.tenant().id()).stream()
                .filter(a -> a.ownerUserId() == v.user().id())
                .map(a -> new AppRow(a.name(), a.clientId(), a.type().wireName(), a.access().wireName(),
                        PageSteps.minute(a.createdAt()), lastUsed(lastUsed.get(a.id()), a),
                        apps.previousSecretUntil(a).map(PageSteps::minute).orElse(null)))
                .toList();
        Map<String, Object> model = steps.model(ctx, v, "apps", false);
        model.put("apps", rows);
        model.put("overlap", overlapText());
        WebPages.render(ctx, 200, "apps", model);
    }

    /** {@code POST /account/apps/{App ID}/rotate}: a new secret, shown once; the old one works for the overlap. */
    void rotate(Context ctx) {
        Owned o = owned(ctx);
        if (o == null) {
            return;
        }
        Secret secret = apps.rotateSecret(o.app(), secretOverlap);
        Audit.secretRotated(ctx, o.visit().tenant().id(), o.app().clientId(), o.visit().user().id());
        Map<String, Object> model = steps.model(ctx, o.visit(), "apps", true);
        model.put("name", o.app().name());
        model.put("clientId", o.app().clientId());
        model.put("clientSecret", secret.reveal());
        model.put("oldUntil", apps.previousSecretUntil(o.app()).map(PageSteps::minute).orElse(null));
        WebPages.render(ctx, 200, "rotated", model);
    }

    /** {@code POST /account/apps/{App ID}/end-old-secret}: the overlap ends now. */
    void endOldSecret(Context ctx) {
        Owned o = owned(ctx);
        if (o != null) {
            apps.endPreviousSecret(o.app());
            PageSteps.redirect(ctx, "/account/apps");
        }
    }

    void editPage(Context ctx) {
        Visit v = steps.visit(ctx);
        if (v == null) {
            return;
        }
        Optional<PbxApp> app = mine(v, ctx.pathParam("clientId"));
        if (app.isEmpty()) {
            steps.notYours(ctx, v, "No such app", "None of your apps has this App ID.");
            return;
        }
        showEdit(ctx, v, 200, app.get(), app.get().name(), String.join(" ", app.get().redirectUris()), Map.of());
    }

    /** {@code POST /account/apps/{App ID}/edit}: fields {@code name} and {@code redirect_uris}. */
    void edit(Context ctx) {
        Owned o = owned(ctx);
        if (o == null) {
            return;
        }
        Map<String, String> fields = o.fields();
        Map<String, String> errors = AppRegistrationForm.editErrors(o.app().type(), fields);
        if (errors.isEmpty()) {
            try {
                apps.edit(o.app(), fields.get("name"), AppRegistrationForm.redirectUris(fields));
                PageSteps.redirect(ctx, "/account/apps");
                return;
            } catch (AppException e) {
                errors = Map.of("form", e.getMessage());
            }
        }
        showEdit(ctx, o.visit(), 400, o.app(), fields.getOrDefault("name", ""),
                fields.getOrDefault("redirect_uris", ""), errors);
    }

    /** {@code POST /account/apps/{App ID}/delete}: the app, its tokens and consents end at once. */
    void delete(Context ctx) {
        Owned o = owned(ctx);
        if (o != null) {
            apps.delete(o.app());
            PageSteps.redirect(ctx, "/account/apps");
        }
    }

    private record Owned(Visit visit, PbxApp app, Map<String, String> fields) {}

    /** A POST on one of my apps: signed in, a valid CSRF field, and the App ID one of this user's apps. */
    private Owned owned(Context ctx) {
        PageSteps.Posted p = steps.posted(ctx);
        if (p == null) {
            return null;
        }
        Optional<PbxApp> app = mine(p.visit(), ctx.pathParam("clientId"));
        if (app.isEmpty()) {
            steps.notYours(ctx, p.visit(), "No such app", "None of your apps has this App ID.");
            return null;
        }
        return new Owned(p.visit(), app.get(), p.fields());
    }

    private Optional<PbxApp> mine(Visit v, String clientId) {
        return apps.find(v.tenant().id(), clientId).filter(a -> a.ownerUserId() == v.user().id());
    }

    /** The later of the stored last use and one not yet written; "never" for neither. */
    private String lastUsed(Instant stored, PbxApp app) {
        Instant at = tokens.use().appLastUsed(app.id(), stored);
        return at == null ? "never" : PageSteps.minute(at);
    }

    private String overlapText() {
        long h = secretOverlap.toHours();
        return secretOverlap.isZero() ? "no time at all" : h >= 1 && secretOverlap.toMinutesPart() == 0
                ? h + (h == 1 ? " hour" : " hours") : secretOverlap.toMinutes() + " minutes";
    }

    private void showRegister(Context ctx, Visit v, int status, RegisterForm f) {
        Map<String, Object> model = steps.model(ctx, v, "register", false);
        model.put("form", f);
        WebPages.render(ctx, status, "register", model);
    }

    private void showEdit(Context ctx, Visit v, int status, PbxApp app, String name, String redirectUris,
                          Map<String, String> errors) {
        Map<String, Object> model = steps.model(ctx, v, "apps", true);
        model.put("edit", new AppEdit(app.clientId(), app.type().wireName(), name, redirectUris, errors));
        WebPages.render(ctx, status, "edit", model);
    }
}
