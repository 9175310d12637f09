package org.pbxauth.http.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.pbxauth.apps.AppException;
import org.pbxauth.apps.AppRegistry;
import org.pbxauth.apps.PbxApp;
import org.pbxauth.apps.RegisteredApp;
import org.pbxauth.directory.Directory;
import org.pbxauth.directory.PbxUser;
import org.pbxauth.directory.Tenant;
import org.pbxauth.grants.OAuthError;
import org.pbxauth.guard.OverloadedException;
import org.pbxauth.http.ClientAddress;
import org.pbxauth.http.Cookies;
import org.pbxauth.http.Csrf;
import org.pbxauth.http.ExternalOrigin;
import org.pbxauth.http.FormBody;
import org.pbxauth.http.FormRequest;
import org.pbxauth.http.ops.Audit;
import org.pbxauth.secrets.Secret;
import org.pbxauth.sessions.WebSessions;

/**
 * The PBX web pages of issue 18: {@code /login}, {@code /logout}, {@code /app/register} and
 * {@code /account/apps}. Parses, checks the session and the CSRF field, calls the domain, renders
 * a template; nothing else. A page that needs a login answers 303 to {@code /login?next=…}; a
 * POST without a valid CSRF field is 403 and changes nothing.
 */
public final class WebRoutes {
    static final String SESSION_COOKIE = "pbxauth_web";
    static final String DEFAULT_NEXT = "/account/apps";
    static final String BAD_CREDENTIALS = "The login or password is wrong, or this user may not sign in.";
    static final String BAD_FORM = "This form has expired or did not come from this page. Nothing was changed.";
    static final String BUSY = "The server is busy right now. Please try again in a moment.";
    private static final int MAX_FORM_BYTES = 16 * 1024;
    /** A local path to return to after the login: one leading slash, no scheme, no backslash, no control. */
    private static final Pattern LOCAL_PATH = Pattern.compile("/(?![/\\\\])[\\x21-\\x7e]{0,500}");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final Directory directory;
    private final AppRegistry apps;
    private final WebSessions sessions;
    private final Csrf csrf;
    private final FormBody form = new FormBody(16, 8 * 1024);
    private final Duration secretOverlap;

    public WebRoutes(Directory directory, AppRegistry apps, WebSessions sessions, Csrf csrf, Duration secretOverlap) {
        this.directory = directory;
        this.apps = apps;
        this.sessions = sessions;
        this.csrf = csrf;
        this.secretOverlap = secretOverlap;
    }

    public void addTo(Javalin app) {
        app.get(WebPages.STYLESHEET, WebPages::stylesheet);
        app.get("/login", this::loginPage);
        app.post("/login", this::login);
        app.post("/logout", this::logout);
        app.get("/app/register", this::registerPage);
        app.post("/app/register", this::register);
        app.get("/account/apps", this::myApps);
        app.post("/account/apps/{clientId}/rotate", this::rotate);
        app.post("/account/apps/{clientId}/end-old-secret", this::endOldSecret);
    }

    /** A request to a page: its customer, and who is signed in (null: nobody). */
    private record Visit(Tenant tenant, WebSessions.Current current) {
        PbxUser user() {
            return current.user();
        }
    }

    void loginPage(Context ctx) {
        Tenant tenant = tenant(ctx);
        if (tenant == null) {
            return;
        }
        String next = next(ctx.queryParam("next"));
        if (current(ctx, tenant).isPresent()) {
            redirect(ctx, next);
            return;
        }
        showLogin(ctx, tenant, 200, next, "", null);
    }

    void login(Context ctx) {
        Tenant tenant = tenant(ctx);
        Map<String, String> fields = tenant == null ? null : form(ctx, tenant);
        if (fields == null) {
            return;
        }
        String next = next(fields.get("next"));
        if (!csrf.valid(ctx, fields.get("csrf"))) {
            showLogin(ctx, tenant, 403, next, "", BAD_FORM);
            return;
        }
        String login = fields.getOrDefault("login", "").trim();
        String password = fields.getOrDefault("password", "");
        if (login.isEmpty() || password.isEmpty() || login.length() > 100 || password.length() > 1024) {
            showLogin(ctx, tenant, 401, next, login, BAD_CREDENTIALS);
            return;
        }
        Optional<PbxUser> user;
        try {
            // The password grant's check: throttled per account and address, shed when the hashing pool is full.
            user = directory.authenticate(tenant, login, Secret.of(password), ClientAddress.of(ctx));
        } catch (OverloadedException e) {
            ctx.header("Retry-After", "1");
            showLogin(ctx, tenant, 503, next, login, BUSY);
            return;
        }
        if (user.isEmpty()) {
            Audit.refused(ctx, "web_login", "-", tenant.id(), null, login, "access_denied");
            showLogin(ctx, tenant, 401, next, login, BAD_CREDENTIALS);
            return;
        }
        // OWASP session management: a new id at every login; the session the browser may have
        // held before (anyone's, even planted) ends.
        sessions.end(Cookies.get(ctx, SESSION_COOKIE));
        Secret id = sessions.start(user.get(), ClientAddress.of(ctx));
        Cookies.set(ctx, SESSION_COOKIE, id.reveal(), null);
        Audit.webLogin(ctx, tenant.id(), user.get().id());
        redirect(ctx, next);
    }

    void logout(Context ctx) {
        Tenant tenant = tenant(ctx);
        Map<String, String> fields = tenant == null ? null : form(ctx, tenant);
        if (fields == null) {
            return;
        }
        if (!csrf.valid(ctx, fields.get("csrf"))) {
            message(ctx, tenant, null, 403, "Not signed out", BAD_FORM);
            return;
        }
        sessions.end(Cookies.get(ctx, SESSION_COOKIE));
        Cookies.clear(ctx, SESSION_COOKIE);
        redirect(ctx, "/login");
    }

    void registerPage(Context ctx) {
        Visit v = visit(ctx);
        if (v != null) {
            showRegister(ctx, v, 200, AppRegistrationForm.empty(v.user()));
        }
    }

    void register(Context ctx) {
        Visit v = visit(ctx);
        Map<String, String> fields = v == null ? null : form(ctx, v.tenant());
        if (fields == null) {
            return;
        }
        if (!csrf.valid(ctx, fields.get("csrf"))) {
            showRegister(ctx, v, 403, AppRegistrationForm.again(v.user(), fields, Map.of("form", BAD_FORM)));
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
        Map<String, Object> model = model(ctx, v, "register", false);
        model.put("app", new Registered(registered.app().name(), registered.app().clientId(),
                registered.secret().reveal(), registered.app().type().wireName(), registered.app().access().wireName(),
                SeedCurl.forApp(base, registered.app(), registered.secret(), v.user().login())));
        WebPages.render(ctx, 200, "registered", model);
    }

    void myApps(Context ctx) {
        Visit v = visit(ctx);
        if (v == null) {
            return;
        }
        List<AppRow> rows = apps.list(v.tenant().id()).stream()
                .filter(a -> a.ownerUserId() == v.user().id())
                .map(a -> new AppRow(a.name(), a.clientId(), a.type().wireName(), a.access().wireName(),
                        a.createdAt() == null ? "" : DAY.format(a.createdAt()),
                        apps.previousSecretUntil(a).map(DAY::format).orElse(null)))
                .toList();
        Map<String, Object> model = model(ctx, v, "apps", false);
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
        Map<String, Object> model = model(ctx, o.visit(), "apps", true);
        model.put("name", o.app().name());
        model.put("clientId", o.app().clientId());
        model.put("clientSecret", secret.reveal());
        model.put("oldUntil", apps.previousSecretUntil(o.app()).map(DAY::format).orElse(null));
        WebPages.render(ctx, 200, "rotated", model);
    }

    /** {@code POST /account/apps/{App ID}/end-old-secret}: the overlap ends now. */
    void endOldSecret(Context ctx) {
        Owned o = owned(ctx);
        if (o == null) {
            return;
        }
        apps.endPreviousSecret(o.app());
        redirect(ctx, "/account/apps");
    }

    private record Owned(Visit visit, PbxApp app) {}

    /**
     * A POST on one of my apps: signed in, a valid CSRF field, and the App ID one of this user's
     * apps on this customer — anyone else's, or none, is the same 404 (no telling which).
     */
    private Owned owned(Context ctx) {
        Visit v = visit(ctx);
        Map<String, String> fields = v == null ? null : form(ctx, v.tenant());
        if (fields == null) {
            return null;
        }
        if (!csrf.valid(ctx, fields.get("csrf"))) {
            message(ctx, v.tenant(), v.user().login(), 403, "Nothing was changed", BAD_FORM);
            return null;
        }
        Optional<PbxApp> app = apps.find(v.tenant().id(), ctx.pathParam("clientId"))
                .filter(a -> a.ownerUserId() == v.user().id());
        if (app.isEmpty()) {
            message(ctx, v.tenant(), v.user().login(), 404, "No such app", "None of your apps has this App ID.");
            return null;
        }
        return new Owned(v, app.get());
    }

    private String overlapText() {
        long h = secretOverlap.toHours();
        return secretOverlap.isZero() ? "no time at all" : h >= 1 && secretOverlap.toMinutesPart() == 0
                ? h + (h == 1 ? " hour" : " hours") : secretOverlap.toMinutes() + " minutes";
    }

    // --- the steps every handler shares --------------------------------------------------------

    /** The customer of the Host, its stated origin settled; null after a 404 page. */
    private Tenant tenant(Context ctx) {
        Optional<Tenant> tenant = directory.tenantForHost(ExternalOrigin.of(ctx).authority());
        if (tenant.isEmpty()) {
            WebPages.securityHeaders(ctx);
            org.pbxauth.http.Answer.write(ctx.status(404), "text/plain;charset=UTF-8", "No PBX answers on this hostname.\n");
            return null;
        }
        ExternalOrigin.settle(ctx, tenant.get().publicUrl());
        return tenant.get();
    }

    private Optional<WebSessions.Current> current(Context ctx, Tenant tenant) {
        return sessions.current(tenant, Cookies.get(ctx, SESSION_COOKIE));
    }

    /** The signed-in visit, or null after a 303 to the login page (which comes back here). */
    private Visit visit(Context ctx) {
        Tenant tenant = tenant(ctx);
        if (tenant == null) {
            return null;
        }
        Optional<WebSessions.Current> current = current(ctx, tenant);
        if (current.isEmpty()) {
            String here = ctx.method().name().equals("GET")
                    ? ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString()) : DEFAULT_NEXT;
            redirect(ctx, "/login?next=" + URLEncoder.encode(next(here), StandardCharsets.UTF_8));
            return null;
        }
        return new Visit(tenant, current.get());
    }

    /** The form body; null after a 400 page (not a form, too large, a parameter twice). */
    private Map<String, String> form(Context ctx, Tenant tenant) {
        try {
            return FormRequest.read(ctx, form, MAX_FORM_BYTES);
        } catch (OAuthError e) {
            message(ctx, tenant, null, e.status() == 413 ? 413 : 400, "This form could not be read",
                    "Please go back and send it again.");
            return null;
        }
    }

    /** {@code next} if it is a path on this server, else the default page (never an open redirect). */
    static String next(String next) {
        if (next == null || !LOCAL_PATH.matcher(next).matches() || next.startsWith("/login")) {
            return DEFAULT_NEXT;
        }
        return next;
    }

    private Map<String, Object> model(Context ctx, Visit v, String page, boolean narrow) {
        Map<String, Object> model = new HashMap<>();
        model.put("chrome", new Chrome(v.tenant().name(), v.user().login(), csrf.field(ctx), page, narrow));
        return model;
    }

    private void showLogin(Context ctx, Tenant tenant, int status, String next, String login, String error) {
        Map<String, Object> model = new HashMap<>();
        model.put("chrome", new Chrome(tenant.name(), null, csrf.field(ctx), "login", true));
        model.put("next", next);
        model.put("login", login);
        model.put("error", error);
        WebPages.render(ctx, status, "login", model);
    }

    private void showRegister(Context ctx, Visit v, int status, RegisterForm f) {
        Map<String, Object> model = model(ctx, v, "register", false);
        model.put("form", f);
        WebPages.render(ctx, status, "register", model);
    }

    private void message(Context ctx, Tenant tenant, String login, int status, String title, String text) {
        Map<String, Object> model = new HashMap<>();
        model.put("chrome", new Chrome(tenant.name(), login, csrf.field(ctx), "message", true));
        model.put("title", title);
        model.put("message", text);
        WebPages.render(ctx, status, "message", model);
    }

    /** RFC 9110 §15.4.4: 303 See Other, so the browser follows with a GET. */
    private static void redirect(Context ctx, String location) {
        ctx.status(303).header("Location", location).header("Cache-Control", "no-store").result("");
    }
}
