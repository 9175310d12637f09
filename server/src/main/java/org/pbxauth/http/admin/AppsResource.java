package org.pbxauth.http.admin;

import io.javalin.http.Context;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pbxauth.apps.AccessLevel;
import org.pbxauth.apps.AppException;
import org.pbxauth.apps.AppType;
import org.pbxauth.apps.PbxApp;
import org.pbxauth.apps.RegisteredApp;
import org.pbxauth.http.errors.Problem;
import org.pbxauth.http.ops.Audit;
import org.pbxauth.secrets.Secret;

/** {@code /apps}: list, register, read, change (disable, rename, redirect URLs, hourly limit), rotate the secret, delete. */
final class AppsResource {
    private static final Set<String> NEW = Set.of("name", "type", "access", "redirect_uris");
    private static final Set<String> PATCH = Set.of("disabled", "name", "redirect_uris", "api_limit_per_hour");

    private final AdminDomain domain;

    AppsResource(AdminDomain domain) {
        this.domain = domain;
    }

    void list(Context ctx, Admin admin) {
        Paging paging = Paging.of(ctx, "apps");
        // a customer has tens of apps, not thousands: the registry lists them all, the page is cut here
        List<PbxApp> after = domain.apps().list(admin.tenantId()).stream()
                .filter(a -> a.id() > paging.afterId())
                .sorted(Comparator.comparingLong(PbxApp::id))
                .limit(paging.fetch())
                .toList();
        Map<Long, Instant> lastUsed = domain.apps().lastUsed(admin.tenantId());
        AdminApi.json(ctx, 200, paging.page(after, PbxApp::id, a -> render(a, lastUsed)));
    }

    void register(Context ctx, Admin admin) {
        JsonBody body = JsonBody.read(ctx, JsonBody.JSON, NEW);
        String name = body.requiredString("name");
        AppType type = type(body.requiredString("type"));
        AccessLevel access = access(body.string("access", "call_api"));
        RegisteredApp registered;
        try {
            // owned by the calling administrator, who may own every kind of app
            registered = domain.apps().register(admin.tenantId(), name, type, access,
                    body.strings("redirect_uris", List.of()), admin.user());
        } catch (AppException e) {
            throw e.isConflict() ? Problem.conflict(e.getMessage()) : Problem.badRequest(e.getMessage());
        }
        PbxApp app = registered.app();
        Audit.appRegistered(ctx, admin.tenantId(), app.clientId(), admin.user().id());
        Map<String, Object> out = render(app, Map.of());
        out.put("client_secret", registered.secret().reveal()); // shown once: only its keyed hash is kept
        ctx.header("Location", AdminApi.BASE + "/apps/" + app.id());
        ctx.header("ETag", etag(app));
        AdminApi.json(ctx, 201, out);
    }

    void get(Context ctx, Admin admin) {
        PbxApp app = find(admin, Params.pathId(ctx));
        ctx.header("ETag", etag(app));
        AdminApi.json(ctx, 200, render(app, domain.apps().lastUsed(admin.tenantId())));
    }

    void update(Context ctx, Admin admin) {
        long id = Params.pathId(ctx);
        PbxApp app = find(admin, id);
        JsonBody patch = JsonBody.read(ctx, JsonBody.MERGE_PATCH, PATCH);
        ETags.requireMatch(ctx, etag(app));
        PbxApp wanted = app.with(patch.string("name", app.name()), patch.strings("redirect_uris", app.redirectUris()),
                patch.bool("disabled", app.disabled()), patch.nullableLong("api_limit_per_hour", app.apiLimitPerHour()));
        PbxApp changed;
        try {
            // a disabled app gets no token (invalid_client) and its tokens are refused from the
            // next request, on every node; the compare-and-set as for a user (UsersResource.update)
            changed = wanted.equals(app) ? app : domain.lifecycle()
                    .change(app, wanted, Audit.actor(ctx, admin.user().id())).orElseThrow(() -> lost(admin, id));
        } catch (AppException e) {
            throw Problem.badRequest(e.getMessage()); // checked first: a refused change changes nothing
        }
        ctx.header("ETag", etag(changed));
        AdminApi.json(ctx, 200, render(changed, domain.apps().lastUsed(admin.tenantId())));
    }

    void rotateSecret(Context ctx, Admin admin) {
        PbxApp app = find(admin, Params.pathId(ctx));
        Secret secret = domain.apps().rotateSecret(app, domain.secretOverlap());
        Audit.secretRotated(ctx, admin.tenantId(), app.clientId(), admin.user().id());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("client_secret", secret.reveal());
        out.put("previous_secret_valid_until", Params.wire(domain.apps().previousSecretUntil(app).orElse(null)));
        AdminApi.json(ctx, 200, out);
    }

    void delete(Context ctx, Admin admin) {
        long id = Params.pathId(ctx);
        domain.lifecycle().deleteApp(find(admin, id), Audit.actor(ctx, admin.user().id()));
        ctx.status(204);
    }

    /** Why the compare-and-set was lost: the app is gone (404) or was changed since (412). */
    private Problem lost(Admin admin, long id) {
        return domain.apps().app(admin.tenantId(), id).isEmpty() ? Problem.notFound("no app " + id + " on this PBX")
                : ETags.changedSince();
    }

    private PbxApp find(Admin admin, long id) {
        return domain.apps().app(admin.tenantId(), id).orElseThrow(() -> Problem.notFound("no app " + id + " on this PBX"));
    }

    static String etag(PbxApp a) {
        return ETags.of("app", a.id(), a.version(), a.name(), String.join(" ", a.redirectUris()), a.disabled(),
                a.apiLimitPerHour());
    }

    private Map<String, Object> render(PbxApp a, Map<Long, Instant> lastUsed) {
        Instant stored = lastUsed.get(a.id());
        Instant used = domain.tokens().use().appLastUsed(a.id(), stored); // with a use not yet written
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("client_id", a.clientId());
        m.put("name", a.name());
        m.put("type", a.type().wireName());
        m.put("access", a.access().wireName());
        m.put("owner_user_id", a.ownerUserId());
        m.put("redirect_uris", a.redirectUris());
        m.put("created_at", Params.wire(a.createdAt()));
        m.put("last_used_at", Params.wire(used));
        m.put("disabled", a.disabled());
        m.put("api_limit_per_hour", a.apiLimitPerHour());
        return m;
    }

    private static AppType type(String text) {
        for (AppType t : AppType.values()) {
            if (t.wireName().equals(text)) {
                return t;
            }
        }
        throw Problem.badRequest("type is public, trusted or password_credentials");
    }

    private static AccessLevel access(String text) {
        for (AccessLevel a : AccessLevel.values()) {
            if (a.wireName().equals(text)) {
                return a;
            }
        }
        throw Problem.badRequest("access is call_api or all");
    }
}
