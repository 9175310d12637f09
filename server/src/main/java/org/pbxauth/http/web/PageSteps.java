package org.pbxauth.http.web;

import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.pbxauth.directory.Directory;
import org.pbxauth.directory.Tenant;
import org.pbxauth.grants.OAuthError;
import org.pbxauth.http.Answer;
import org.pbxauth.http.BrowserLogin;
import org.pbxauth.http.Csrf;
import org.pbxauth.http.ExternalOrigin;
import org.pbxauth.http.FormBody;
import org.pbxauth.http.FormRequest;
import org.pbxauth.sessions.WebSessions;

/**
 * The steps every PBX web page shares: the customer of the Host, the signed-in visit (or a 303
 * to {@code /login?next=…}), the form body with its CSRF field checked, the model every template
 * gets, the message page and the 303. A POST without a valid CSRF field is 403 and changes nothing.
 */
public final class PageSteps {
    static final String DEFAULT_NEXT = "/account/apps";
    static final String BAD_FORM = "This form has expired or did not come from this page. Nothing was changed.";
    private static final int MAX_FORM_BYTES = 16 * 1024;
    /** A local path to return to after the login: one leading slash, no scheme, no backslash, no control. */
    private static final Pattern LOCAL_PATH = Pattern.compile("/(?![/\\\\])[\\x21-\\x7e]{0,500}");
    private static final DateTimeFormatter MINUTE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    final Directory directory;
    final BrowserLogin login;
    final Csrf csrf;

    /** The CSRF field's value for this browser's forms. */
    public String csrfField(Context ctx) {
        return csrf.field(ctx);
    }
    private final FormBody form = new FormBody(16, 8 * 1024);

    PageSteps(Directory directory, BrowserLogin login, Csrf csrf) {
        this.directory = directory;
        this.login = login;
        this.csrf = csrf;
    }

    /** The customer of the Host, its stated origin settled; null after a 404 page. */
    public Tenant tenant(Context ctx) {
        Optional<Tenant> tenant = directory.tenantForHost(ExternalOrigin.of(ctx).authority());
        if (tenant.isEmpty()) {
            WebPages.securityHeaders(ctx);
            Answer.write(ctx.status(404), "text/plain;charset=UTF-8", "No PBX answers on this hostname.\n");
            return null;
        }
        ExternalOrigin.settle(ctx, tenant.get().publicUrl());
        return tenant.get();
    }

    Optional<WebSessions.Current> current(Context ctx, Tenant tenant) {
        return login.current(ctx, tenant);
    }

    /** The signed-in visit, or null after a 303 to the login page (which comes back here). */
    public Visit visit(Context ctx) {
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

    /** A signed-in POST whose CSRF field is valid: its visit and form; null after the page that said why. */
    public Posted posted(Context ctx) {
        Visit v = visit(ctx);
        Map<String, String> fields = v == null ? null : form(ctx, v.tenant());
        if (fields == null) {
            return null;
        }
        if (!csrf.valid(ctx, fields.get("csrf"))) {
            message(ctx, v.tenant(), v.user().login(), 403, "Nothing was changed", BAD_FORM);
            return null;
        }
        return new Posted(v, fields);
    }

    public record Posted(Visit visit, Map<String, String> fields) {}

    /** The form body; null after a 400 page (not a form, too large, a parameter twice). */
    public Map<String, String> form(Context ctx, Tenant tenant) {
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

    public Map<String, Object> model(Context ctx, Visit v, String page, boolean narrow) {
        Map<String, Object> model = new HashMap<>();
        model.put("chrome", new Chrome(v.tenant().name(), v.user().login(), csrf.field(ctx), page, narrow,
                v.user().admin()));
        return model;
    }

    public void message(Context ctx, Tenant tenant, String login, int status, String title, String text) {
        Map<String, Object> model = new HashMap<>();
        model.put("chrome", new Chrome(tenant.name(), login, csrf.field(ctx), "message", true));
        model.put("title", title);
        model.put("message", text);
        WebPages.render(ctx, status, "message", model);
    }

    /** The same 404 for what does not exist and what is someone else's: no telling which. */
    public void notYours(Context ctx, Visit v, String title, String text) {
        message(ctx, v.tenant(), v.user().login(), 404, title, text);
    }

    /** RFC 9110 §15.4.4: 303 See Other, so the browser follows with a GET. */
    public static void redirect(Context ctx, String location) {
        ctx.status(303).header("Location", location).header("Cache-Control", "no-store").result("");
    }

    /** A time as the pages show it, to the minute, in UTC; "" for none. */
    public static String minute(Instant at) {
        return at == null ? "" : MINUTE.format(at);
    }
}
