package org.pbxauth.http.admin;

import io.javalin.http.Context;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.pbxauth.directory.DirectoryException;
import org.pbxauth.directory.NewUser;
import org.pbxauth.directory.PbxUser;
import org.pbxauth.directory.UserLevel;
import org.pbxauth.http.errors.Problem;
import org.pbxauth.http.ops.Audit;
import org.pbxauth.secrets.Secret;

/** {@code /users}: list and search, add, read, change (merge patch under If-Match), delete. */
final class UsersResource {
    private static final Pattern LOGIN = Pattern.compile("[A-Za-z0-9._@+-]{1,100}");
    private static final Set<String> NEW = Set.of("login", "password", "level", "admin", "timezone", "extension_id",
            "extension_group_id");
    private static final Set<String> PATCH = Set.of("blocked", "level", "admin", "timezone", "extension_id",
            "extension_group_id", "password");

    private final AdminDomain domain;

    UsersResource(AdminDomain domain) {
        this.domain = domain;
    }

    void list(Context ctx, Admin admin) {
        String q = Params.text(ctx, "q", 100);
        Paging paging = Paging.of(ctx, "users");
        var found = domain.users().page(admin.tenantId(), q, paging.afterId(), paging.fetch());
        AdminApi.json(ctx, 200, paging.page(found, PbxUser::id, UsersResource::render));
    }

    void create(Context ctx, Admin admin) {
        JsonBody body = JsonBody.read(ctx, JsonBody.JSON, NEW);
        String login = body.requiredString("login");
        if (!LOGIN.matcher(login).matches()) {
            throw Problem.badRequest("a login has 1 to 100 of A-Z a-z 0-9 . _ @ + -");
        }
        Secret password = password(body.requiredString("password"));
        UserLevel level = level(body.string("level", "extension"));
        String timezone = timezone(body.string("timezone", "UTC"));
        NewUser user = new NewUser(admin.tenantId(), login, level, body.bool("admin", false), timezone,
                body.nullableLong("extension_id", null), body.nullableLong("extension_group_id", null),
                domain.hashing().run(() -> domain.passwords().hash(password)));
        PbxUser created;
        try {
            created = domain.lifecycle().create(user, Audit.actor(ctx, admin.user().id()));
        } catch (DirectoryException e) {
            throw e.isConflict() ? Problem.conflict("the login '" + login + "' is taken") : Problem.badRequest(e.getMessage());
        }
        ctx.header("Location", AdminApi.BASE + "/users/" + created.id());
        ctx.header("ETag", etag(created));
        AdminApi.json(ctx, 201, render(created));
    }

    void get(Context ctx, Admin admin) {
        PbxUser user = find(admin, Params.pathId(ctx));
        ctx.header("ETag", etag(user));
        AdminApi.json(ctx, 200, render(user));
    }

    void update(Context ctx, Admin admin) {
        long id = Params.pathId(ctx);
        PbxUser user = find(admin, id);
        JsonBody patch = JsonBody.read(ctx, JsonBody.MERGE_PATCH, PATCH);
        ETags.requireMatch(ctx, etag(user));
        // everything is checked before anything is changed: a refused patch changes nothing
        UserLevel level = patch.has("level") ? level(patch.string("level", null)) : user.level();
        boolean isAdmin = patch.bool("admin", user.admin());
        String timezone = patch.has("timezone") ? timezone(patch.string("timezone", null)) : user.timezone();
        Long extension = patch.nullableLong("extension_id", user.extensionId());
        Long group = patch.nullableLong("extension_group_id", user.extensionGroupId());
        boolean blocked = patch.bool("blocked", user.blocked());
        Secret password = patch.has("password") ? password(patch.string("password", null)) : null;
        if (user.id() == admin.user().id() && (blocked || !isAdmin)) {
            // the one administrator locking themselves out is not something to do by accident
            throw Problem.conflict("an administrator cannot block themselves or take away their own admin");
        }
        String hash = password == null ? user.passwordHash()
                : domain.hashing().run(() -> domain.passwords().hash(password));
        PbxUser wanted = user.with(level, isAdmin, blocked, timezone, extension, group, hash);
        // The If-Match above compared with the state read; the store's compare-and-set on that
        // state's version makes it hold at the write, so of two changes with one ETag one applies.
        PbxUser changed = wanted.equals(user) ? user : domain.lifecycle().change(user, wanted, Audit.actor(ctx, admin.user().id()))
                .orElseThrow(() -> lost(admin, id));
        ctx.header("ETag", etag(changed));
        AdminApi.json(ctx, 200, render(changed));
    }

    void delete(Context ctx, Admin admin) {
        long id = Params.pathId(ctx);
        if (id == admin.user().id()) {
            throw Problem.conflict("an administrator cannot delete themselves");
        }
        domain.lifecycle().deleteUser(find(admin, id), Audit.actor(ctx, admin.user().id()));
        ctx.status(204);
    }

    /** Why the compare-and-set was lost: the user is gone (404) or was changed since (412). */
    private Problem lost(Admin admin, long id) {
        return domain.users().findById(admin.tenantId(), id).isEmpty() ? Problem.notFound("no user " + id
                + " on this PBX") : ETags.changedSince();
    }

    private PbxUser find(Admin admin, long id) {
        return domain.users().findById(admin.tenantId(), id)
                .orElseThrow(() -> Problem.notFound("no user " + id + " on this PBX"));
    }

    static String etag(PbxUser u) {
        return ETags.of("user", u.id(), u.version(), u.login(), u.level(), u.admin(), u.blocked(), u.timezone(), u.extensionId(),
                u.extensionGroupId());
    }

    static Map<String, Object> render(PbxUser u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", u.id());
        m.put("login", u.login());
        m.put("level", u.level().wireName());
        m.put("admin", u.admin());
        m.put("blocked", u.blocked());
        m.put("timezone", u.timezone());
        m.put("extension_id", u.extensionId());
        m.put("extension_group_id", u.extensionGroupId());
        return m;
    }

    private static Secret password(String text) {
        if (text.length() < 8 || text.length() > 1024) {
            throw Problem.badRequest("a password has 8 to 1024 characters");
        }
        return Secret.of(text);
    }

    private static UserLevel level(String text) {
        for (UserLevel level : UserLevel.values()) {
            if (level.wireName().equals(text)) {
                return level;
            }
        }
        throw Problem.badRequest("level is client, extension_group or extension");
    }

    private static String timezone(String text) {
        try {
            ZoneId.of(text);
            return text;
        } catch (RuntimeException e) {
            throw Problem.badRequest("'" + text + "' is not a time zone");
        }
    }
}
