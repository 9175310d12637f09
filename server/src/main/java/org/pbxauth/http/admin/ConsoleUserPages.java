package org.pbxauth.http.admin;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pbxauth.directory.DirectoryException;
import org.pbxauth.directory.NewUser;
import org.pbxauth.directory.PasswordHasher;
import org.pbxauth.directory.PbxUser;
import org.pbxauth.directory.UserLevel;
import org.pbxauth.directory.UserRepository;
import org.pbxauth.http.web.PageSteps;
import org.pbxauth.http.web.Visit;
import org.pbxauth.http.ops.Audit;
import org.pbxauth.lifecycle.Actor;
import org.pbxauth.lifecycle.Lifecycle;
import org.pbxauth.secrets.RandomTokens;
import org.pbxauth.secrets.Secret;

/**
 * The console's users: a page of the customer's users with search, a new user, and one user's
 * page with block and unblock, a new password (typed, or generated and shown once), level and
 * admin flag, end sessions, delete. Each change ends the tokens the CLI's lifecycle ends.
 */
final class ConsoleUserPages {
    static final int PAGE = 50;

    private final ConsoleSteps steps;
    private final UserRepository users;
    private final PasswordHasher passwords;
    private final Lifecycle lifecycle;
    private final RandomTokens random = new RandomTokens();

    ConsoleUserPages(ConsoleSteps steps, UserRepository users, PasswordHasher passwords, Lifecycle lifecycle) {
        this.steps = steps;
        this.users = users;
        this.passwords = passwords;
        this.lifecycle = lifecycle;
    }

    void addTo(Javalin app) {
        app.get("/admin", ctx -> PageSteps.redirect(ctx, "/admin/users"));
        app.get("/admin/users", this::list);
        app.get("/admin/users/new", this::newPage);
        app.post("/admin/users", this::create);
        app.get("/admin/users/{id}", this::show);
        app.post("/admin/users/{id}/block", ctx -> change(ctx, "block"));
        app.post("/admin/users/{id}/unblock", ctx -> change(ctx, "unblock"));
        app.post("/admin/users/{id}/password", ctx -> change(ctx, "password"));
        app.post("/admin/users/{id}/level", ctx -> change(ctx, "level"));
        app.post("/admin/users/{id}/end-sessions", ctx -> change(ctx, "end-sessions"));
        app.post("/admin/users/{id}/delete", ctx -> change(ctx, "delete"));
    }

    /** {@code GET /admin/users?q=…&after=…}: 50 at a time by id, so thousands of users stay fast. */
    void list(Context ctx) {
        Visit v = steps.admin(ctx);
        if (v == null) {
            return;
        }
        String q = Optional.ofNullable(ctx.queryParam("q")).map(String::trim).orElse("");
        Long after = ConsoleSteps.longParam(ctx.queryParam("after"));
        List<PbxUser> page = users.page(v.tenant().id(), q.length() > 100 ? q.substring(0, 100) : q,
                after == null ? 0 : after, PAGE + 1);
        Map<String, Object> model = steps.model(ctx, v, "users");
        model.put("q", q);
        model.put("users", page.subList(0, Math.min(PAGE, page.size())));
        model.put("next", page.size() > PAGE ? "/admin/users?q=" + java.net.URLEncoder.encode(q,
                java.nio.charset.StandardCharsets.UTF_8) + "&after=" + page.get(PAGE - 1).id() : null);
        steps.render(ctx, 200, "users", model);
    }

    void newPage(Context ctx) {
        Visit v = steps.admin(ctx);
        if (v != null) {
            showNew(ctx, v, 200, Map.of("level", "extension", "timezone", "UTC"), Map.of());
        }
    }

    /** {@code POST /admin/users}: fields login, password (empty: generated), level, admin, timezone, extension ids. */
    void create(Context ctx) {
        PageSteps.Posted p = steps.adminPost(ctx);
        if (p == null) {
            return;
        }
        Map<String, String> f = p.fields();
        Map<String, String> errors = new LinkedHashMap<>();
        String login = f.getOrDefault("login", "").trim();
        if (login.isEmpty() || login.length() > 100 || !login.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            errors.put("login", "A login is 1 to 100 visible characters, no spaces.");
        }
        String password = f.getOrDefault("password", "");
        if (!password.isEmpty() && (password.length() < 8 || password.length() > 1024)) {
            errors.put("password", "A password has 8 to 1024 characters; leave it empty to have one generated.");
        }
        UserLevel level = level(f.get("level"), errors);
        String timezone = timezone(f.getOrDefault("timezone", "UTC"), errors);
        Long extension = optionalId(f.get("extension_id"), "extension_id", errors);
        Long group = optionalId(f.get("extension_group_id"), "extension_group_id", errors);
        if (!errors.isEmpty()) {
            showNew(ctx, p.visit(), 400, f, errors);
            return;
        }
        Secret secret = Secret.of(password.isEmpty() ? random.alphanumeric(16) : password);
        PbxUser user;
        try {
            user = lifecycle.create(new NewUser(p.visit().tenant().id(), login, level, "on".equals(f.get("admin")), timezone,
                    extension, group, passwords.hash(secret)), Audit.actor(ctx, p.visit().user().id()));
        } catch (DirectoryException e) {
            showNew(ctx, p.visit(), 409, f, Map.of("login", "A user with this login exists already."));
            return;
        }
        if (password.isEmpty()) {
            showSecret(ctx, p.visit(), user, secret);
        } else {
            PageSteps.redirect(ctx, "/admin/users/" + user.id());
        }
    }

    void show(Context ctx) {
        Visit v = steps.admin(ctx);
        if (v == null) {
            return;
        }
        Optional<PbxUser> user = user(v, ctx.pathParam("id"));
        if (user.isEmpty()) {
            steps.notFound(ctx, v, "user");
            return;
        }
        Map<String, Object> model = steps.model(ctx, v, "users");
        model.put("user", user.get());
        model.put("self", user.get().id() == v.user().id());
        model.put("levels", List.of(UserLevel.values()));
        steps.render(ctx, 200, "user", model);
    }

    private void change(Context ctx, String what) {
        PageSteps.Posted p = steps.adminPost(ctx);
        if (p == null) {
            return;
        }
        Visit v = p.visit();
        Optional<PbxUser> found = user(v, ctx.pathParam("id"));
        if (found.isEmpty()) {
            steps.notFound(ctx, v, "user");
            return;
        }
        PbxUser user = found.get();
        boolean self = user.id() == v.user().id();
        if (self && (what.equals("block") || what.equals("delete") || what.equals("level"))) {
            // an administrator who locks themselves out leaves the customer without one
            steps.pages.message(ctx, v.tenant(), v.user().login(), 409, "Not on yourself",
                    "You cannot block, delete or demote your own account here; ask another administrator.");
            return;
        }
        Actor by = Audit.actor(ctx, v.user().id());
        switch (what) {
            case "block" -> lifecycle.block(user, by);
            case "unblock" -> lifecycle.unblock(user, by);
            case "end-sessions" -> lifecycle.revokeSessions(user);
            case "delete" -> {
                lifecycle.deleteUser(user, by);
                PageSteps.redirect(ctx, "/admin/users");
                return;
            }
            case "level" -> {
                Map<String, String> errors = new LinkedHashMap<>();
                UserLevel level = level(p.fields().get("level"), errors);
                if (!errors.isEmpty()) {
                    steps.pages.message(ctx, v.tenant(), v.user().login(), 400, "Not changed", errors.get("level"));
                    return;
                }
                // The API reads the user's level and flag on every request: the change holds at once.
                PbxUser wanted = user.with(level, "on".equals(p.fields().get("admin")), user.blocked(), user.timezone(),
                        user.extensionId(), user.extensionGroupId(), user.passwordHash());
                if (lifecycle.change(user, wanted, by).isEmpty()) {
                    steps.pages.message(ctx, v.tenant(), v.user().login(), 409, "Not changed",
                            "The user was changed meanwhile; look at their page again.");
                    return;
                }
            }
            case "password" -> {
                String typed = p.fields().getOrDefault("password", "");
                if (!typed.isEmpty() && (typed.length() < 8 || typed.length() > 1024)) {
                    steps.pages.message(ctx, v.tenant(), v.user().login(), 400, "Not changed",
                            "A password has 8 to 1024 characters; leave it empty to have one generated.");
                    return;
                }
                Secret secret = Secret.of(typed.isEmpty() ? random.alphanumeric(16) : typed);
                lifecycle.setPassword(user, secret, by); // ends the user's tokens and web sessions
                if (typed.isEmpty()) {
                    showSecret(ctx, v, user, secret);
                    return;
                }
            }
            default -> throw new IllegalStateException(what);
        }
        PageSteps.redirect(ctx, "/admin/users/" + user.id());
    }

    private Optional<PbxUser> user(Visit v, String id) {
        Long userId = ConsoleSteps.longParam(id);
        return userId == null ? Optional.empty() : users.findById(v.tenant().id(), userId);
    }

    private void showNew(Context ctx, Visit v, int status, Map<String, String> fields, Map<String, String> errors) {
        Map<String, Object> model = steps.model(ctx, v, "users");
        model.put("fields", fields);
        model.put("errors", errors);
        model.put("levels", List.of(UserLevel.values()));
        steps.render(ctx, status, "user-new", model);
    }

    /** A generated password, shown this once (the page is no-store like every page). */
    private void showSecret(Context ctx, Visit v, PbxUser user, Secret secret) {
        Map<String, Object> model = steps.model(ctx, v, "users");
        model.put("user", user);
        model.put("password", secret.reveal());
        steps.render(ctx, 200, "user-password", model);
    }

    private static UserLevel level(String s, Map<String, String> errors) {
        try {
            return UserLevel.parse(s == null ? "" : s);
        } catch (IllegalArgumentException e) {
            errors.put("level", "Choose client, extension_group or extension.");
            return null;
        }
    }

    private static String timezone(String s, Map<String, String> errors) {
        try {
            return ZoneId.of(s.trim()).getId();
        } catch (DateTimeException e) {
            errors.put("timezone", "A time zone such as UTC or Europe/Berlin.");
            return null;
        }
    }

    private static Long optionalId(String s, String field, Map<String, String> errors) {
        if (s == null || s.isBlank()) {
            return null;
        }
        Long id = ConsoleSteps.longParam(s.trim());
        if (id == null) {
            errors.put(field, "A number, or empty.");
        }
        return id;
    }
}
