package org.pbxauth.http.admin;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pbxauth.apps.AppRegistry;
import org.pbxauth.apps.PbxApp;
import org.pbxauth.directory.UserRepository;
import org.pbxauth.http.ops.Audit;
import org.pbxauth.http.web.PageSteps;
import org.pbxauth.http.web.Visit;
import org.pbxauth.lifecycle.Lifecycle;
import org.pbxauth.secrets.Secret;
import org.pbxauth.tokens.TokenService;

/**
 * The console's apps: every app of the customer with owner, type, access, last use and state;
 * disable and enable (a disabled app gets no token and its tokens are refused at once), rotate
 * the secret with the overlap window, end its sessions, delete. New apps of any kind are
 * registered on {@code /app/register}, which offers an administrator every kind.
 */
final class ConsoleAppPages {
    private final ConsoleSteps steps;
    private final AppRegistry apps;
    private final UserRepository users;
    private final TokenService tokens;
    private final Lifecycle lifecycle;
    private final Duration secretOverlap;

    ConsoleAppPages(ConsoleSteps steps, AppRegistry apps, UserRepository users, TokenService tokens,
                    Lifecycle lifecycle, Duration secretOverlap) {
        this.steps = steps;
        this.apps = apps;
        this.users = users;
        this.tokens = tokens;
        this.lifecycle = lifecycle;
        this.secretOverlap = secretOverlap;
    }

    void addTo(Javalin app) {
        app.get("/admin/apps", this::list);
        app.post("/admin/apps/{clientId}/disable", ctx -> change(ctx, "disable"));
        app.post("/admin/apps/{clientId}/enable", ctx -> change(ctx, "enable"));
        app.post("/admin/apps/{clientId}/rotate", ctx -> change(ctx, "rotate"));
        app.post("/admin/apps/{clientId}/end-sessions", ctx -> change(ctx, "end-sessions"));
        app.post("/admin/apps/{clientId}/delete", ctx -> change(ctx, "delete"));
    }


    void list(Context ctx) {
        Visit v = steps.admin(ctx);
        if (v == null) {
            return;
        }
        List<PbxApp> all = apps.list(v.tenant().id());
        Map<Long, String> logins = users.logins(v.tenant().id(), all.stream().map(PbxApp::ownerUserId).toList());
        Map<Long, Instant> lastUsed = apps.lastUsed(v.tenant().id());
        List<ConsoleAppRow> rows = all.stream()
                .map(a -> new ConsoleAppRow(a.name(), a.clientId(), logins.getOrDefault(a.ownerUserId(), "?"), a.type().wireName(),
                        a.access().wireName(), PageSteps.minute(a.createdAt()), lastUsed(a, lastUsed.get(a.id())),
                        a.disabled()))
                .toList();
        Map<String, Object> model = steps.model(ctx, v, "apps");
        model.put("apps", rows);
        steps.render(ctx, 200, "apps", model);
    }

    private void change(Context ctx, String what) {
        PageSteps.Posted p = steps.adminPost(ctx);
        if (p == null) {
            return;
        }
        Visit v = p.visit();
        Optional<PbxApp> found = apps.find(v.tenant().id(), ctx.pathParam("clientId"));
        if (found.isEmpty()) {
            steps.notFound(ctx, v, "app");
            return;
        }
        PbxApp app = found.get();
        switch (what) {
            case "disable" -> lifecycle.setDisabled(app, true, Audit.actor(ctx, v.user().id()));
            case "enable" -> lifecycle.setDisabled(app, false, Audit.actor(ctx, v.user().id()));
            case "end-sessions" -> {
                int n = tokens.revokeApp(app.id());
                Audit.sessionsEnded(ctx, v.tenant().id(), v.user().id(), app.clientId(), n);
            }
            case "delete" -> lifecycle.deleteApp(app, Audit.actor(ctx, v.user().id()));
            case "rotate" -> {
                Secret secret = apps.rotateSecret(app, secretOverlap);
                Audit.secretRotated(ctx, v.tenant().id(), app.clientId(), v.user().id());
                Map<String, Object> model = steps.model(ctx, v, "apps");
                model.put("name", app.name());
                model.put("clientId", app.clientId());
                model.put("clientSecret", secret.reveal());
                model.put("oldUntil", apps.previousSecretUntil(app).map(PageSteps::minute).orElse(null));
                steps.render(ctx, 200, "app-secret", model);
                return;
            }
            default -> throw new IllegalStateException(what);
        }
        PageSteps.redirect(ctx, "/admin/apps");
    }

    private String lastUsed(PbxApp app, Instant stored) {
        Instant at = tokens.use().appLastUsed(app.id(), stored);
        return at == null ? "never" : PageSteps.minute(at);
    }
}
