package org.pbxauth.http.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.pbxauth.apps.AppRegistry;
import org.pbxauth.apps.PbxApp;
import org.pbxauth.audit.AuditTrail;
import org.pbxauth.consents.Consents;
import org.pbxauth.http.ops.Audit;
import org.pbxauth.tokens.TokenFamily;
import org.pbxauth.tokens.TokenService;

/**
 * My sessions ({@code /account/sessions}: every live login of mine, ended one by one or all at
 * once; my consents to apps, revoked) and My activity ({@code /account/activity}). An ended login
 * is refused on every node at its next request: a token is looked up in the store every time.
 */
final class AccountPages {
    static final int ACTIVITY_ROWS = 100;

    private final PageSteps steps;
    private final AppRegistry apps;
    private final TokenService tokens;
    private final Consents consents;
    private final AuditTrail audit;

    AccountPages(PageSteps steps, AppRegistry apps, TokenService tokens, Consents consents, AuditTrail audit) {
        this.steps = steps;
        this.apps = apps;
        this.tokens = tokens;
        this.consents = consents;
        this.audit = audit;
    }

    void addTo(Javalin app) {
        app.get("/account/sessions", this::sessions);
        app.post("/account/sessions/end-all", this::endAll);
        app.post("/account/sessions/{id}/end", this::end);
        app.post("/account/consents/{clientId}/revoke", this::revokeConsent);
        app.get("/account/activity", this::activity);
    }

    void sessions(Context ctx) {
        Visit v = steps.visit(ctx);
        if (v == null) {
            return;
        }
        List<SessionRow> logins = tokens.liveLogins(v.tenant().id(), v.user().id()).stream()
                .map(l -> new SessionRow(l.familyId(), l.appName(), l.clientId(), PageSteps.minute(l.startedAt()),
                        l.lastUsedAt() == null ? "not yet" : PageSteps.minute(l.lastUsedAt()),
                        l.address() == null ? "unknown" : l.address()))
                .toList();
        Map<Long, PbxApp> byId = apps.list(v.tenant().id()).stream()
                .collect(Collectors.toMap(PbxApp::id, Function.identity()));
        List<ConsentRow> given = consents.list(v.user()).stream()
                .filter(c -> c.isLive() && byId.containsKey(c.appId()))
                .map(c -> new ConsentRow(byId.get(c.appId()).name(), byId.get(c.appId()).clientId(),
                        PageSteps.minute(c.grantedAt())))
                .toList();
        Map<String, Object> model = steps.model(ctx, v, "sessions", false);
        model.put("logins", logins);
        model.put("consents", given);
        WebPages.render(ctx, 200, "sessions", model);
    }

    /** {@code POST /account/sessions/{id}/end}: one login of mine; anyone else's is the same 404 as none. */
    void end(Context ctx) {
        PageSteps.Posted p = steps.posted(ctx);
        if (p == null) {
            return;
        }
        Visit v = p.visit();
        Optional<TokenFamily> ended = parseId(ctx.pathParam("id"))
                .flatMap(id -> tokens.endLogin(v.tenant().id(), v.user().id(), id));
        if (ended.isEmpty()) {
            steps.notYours(ctx, v, "No such session", "None of your live sessions has this id; it may have ended already.");
            return;
        }
        Audit.sessionsEnded(ctx, v.tenant().id(), v.user().id(),
                apps.app(v.tenant().id(), ended.get().appId()).map(PbxApp::clientId).orElse("-"), 1);
        PageSteps.redirect(ctx, "/account/sessions");
    }

    /** {@code POST /account/sessions/end-all}: every login of mine, with every app. */
    void endAll(Context ctx) {
        PageSteps.Posted p = steps.posted(ctx);
        if (p == null) {
            return;
        }
        Visit v = p.visit();
        int n = tokens.revokeUser(v.tenant().id(), v.user().id());
        Audit.sessionsEnded(ctx, v.tenant().id(), v.user().id(), null, n);
        PageSteps.redirect(ctx, "/account/sessions");
    }

    /** {@code POST /account/consents/{App ID}/revoke}: the app asks again, and its logins of mine end. */
    void revokeConsent(Context ctx) {
        PageSteps.Posted p = steps.posted(ctx);
        if (p == null) {
            return;
        }
        Visit v = p.visit();
        Optional<PbxApp> app = apps.find(v.tenant().id(), ctx.pathParam("clientId"))
                .filter(a -> consents.isGranted(v.tenant().id(), v.user().id(), a.id()));
        if (app.isEmpty()) {
            steps.notYours(ctx, v, "No such consent", "You have not allowed an app with this App ID.");
            return;
        }
        consents.revoke(v.user(), app.get());
        Audit.consentRevoked(ctx, v.tenant().id(), v.user().id(), app.get().clientId());
        PageSteps.redirect(ctx, "/account/sessions");
    }

    void activity(Context ctx) {
        Visit v = steps.visit(ctx);
        if (v == null) {
            return;
        }
        Map<String, String> names = apps.list(v.tenant().id()).stream()
                .collect(Collectors.toMap(PbxApp::clientId, PbxApp::name));
        List<ActivityRow> rows = audit.recent(v.tenant().id(), v.user().id(), v.user().login(), ACTIVITY_ROWS).stream()
                .map(e -> new ActivityRow(PageSteps.minute(e.at()), e.kind().title(), e.detail() == null ? "" : e.detail(),
                        e.clientId() == null ? "" : names.getOrDefault(e.clientId(), e.clientId()), e.address(),
                        e.outcome()))
                .toList();
        Map<String, Object> model = steps.model(ctx, v, "activity", false);
        model.put("events", rows);
        WebPages.render(ctx, 200, "activity", model);
    }

    private static Optional<Long> parseId(String s) {
        if (s == null || s.isEmpty() || s.length() > 18 || !s.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(s));
    }
}
