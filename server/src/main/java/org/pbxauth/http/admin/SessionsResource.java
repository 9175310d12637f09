package org.pbxauth.http.admin;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pbxauth.apps.PbxApp;
import org.pbxauth.directory.PbxUser;
import org.pbxauth.http.errors.Problem;
import org.pbxauth.http.ops.Audit;
import org.pbxauth.tokens.LiveLogin;
import org.pbxauth.tokens.TokenFamily;

/** {@code /sessions}: the customer's logins (token families) that still have a live token; end one, or all of a user or app. */
final class SessionsResource {
    private final AdminDomain domain;

    SessionsResource(AdminDomain domain) {
        this.domain = domain;
    }

    void list(Context ctx, Admin admin) {
        Long userId = Params.id(ctx, "user_id");
        Long appId = Params.id(ctx, "app_id");
        Paging paging = Paging.of(ctx, "sessions");
        var live = domain.tokens().liveLogins(admin.tenantId(), userId, appId, paging.beforeId(), paging.fetch());
        AdminApi.json(ctx, 200, paging.page(live, LiveLogin::familyId, SessionsResource::render));
    }

    void end(Context ctx, Admin admin) {
        long id = Params.pathId(ctx);
        TokenFamily ended = domain.tokens().endLoginOfCustomer(admin.tenantId(), id)
                .orElseThrow(() -> Problem.notFound("no live session " + id + " on this PBX"));
        String clientId = domain.apps().app(admin.tenantId(), ended.appId()).map(PbxApp::clientId).orElse(null);
        Audit.sessionsEndedByAdmin(ctx, admin.tenantId(), ended.userId(), clientId, 1, admin.user().id());
        ctx.status(204);
    }

    /** {@code ?user_id=} ends the user's sessions, {@code ?app_id=} the app's, both: the user's with that app. */
    void endAll(Context ctx, Admin admin) {
        Long userId = Params.id(ctx, "user_id");
        Long appId = Params.id(ctx, "app_id");
        if (userId == null && appId == null) {
            throw Problem.badRequest("name user_id or app_id: ending every session of the PBX is not one request");
        }
        PbxUser user = userId == null ? null : domain.users().findById(admin.tenantId(), userId)
                .orElseThrow(() -> Problem.notFound("no user " + userId + " on this PBX"));
        // the app is looked up in the customer first: ending an app's tokens is not scoped by customer
        PbxApp app = appId == null ? null : domain.apps().app(admin.tenantId(), appId)
                .orElseThrow(() -> Problem.notFound("no app " + appId + " on this PBX"));
        int ended;
        if (user != null && app != null) {
            ended = domain.tokens().revokeUserApp(admin.tenantId(), user.id(), app.id());
        } else if (user != null) {
            ended = domain.tokens().revokeUser(admin.tenantId(), user.id());
        } else {
            ended = domain.tokens().revokeApp(app.id());
        }
        if (ended > 0) {
            Audit.sessionsEndedByAdmin(ctx, admin.tenantId(), user == null ? null : user.id(),
                    app == null ? null : app.clientId(), ended, admin.user().id());
        }
        ctx.status(204);
    }

    private static Map<String, Object> render(LiveLogin l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", l.familyId());
        m.put("user_id", l.userId());
        m.put("app_id", l.appId());
        m.put("client_id", l.clientId());
        m.put("started_at", Params.wire(l.startedAt()));
        m.put("last_used_at", Params.wire(l.lastUsedAt()));
        m.put("address", l.address());
        return m;
    }
}
