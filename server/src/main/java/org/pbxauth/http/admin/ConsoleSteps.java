package org.pbxauth.http.admin;

import io.javalin.http.Context;
import java.util.Map;
import org.pbxauth.http.web.PageSteps;
import org.pbxauth.http.web.Visit;
import org.pbxauth.http.web.WebPages;

/**
 * The admin console's gate: a signed-in administrator of the Host's customer (the web login of
 * the PBX pages); anyone else signed in gets 403 in the pages' look, nobody signed in the login.
 * Every console query is scoped by the visit's customer, so another customer's id is a 404.
 */
final class ConsoleSteps {
    final PageSteps pages;

    ConsoleSteps(PageSteps pages) {
        this.pages = pages;
    }

    /** The administrator's visit to a console page; null after the login redirect or the 403. */
    Visit admin(Context ctx) {
        Visit v = pages.visit(ctx);
        return v == null || allowed(ctx, v) ? v : null;
    }

    /** An administrator's POST with a valid CSRF field; null after the page that said why not. */
    PageSteps.Posted adminPost(Context ctx) {
        PageSteps.Posted p = pages.posted(ctx);
        return p == null || allowed(ctx, p.visit()) ? p : null;
    }

    private boolean allowed(Context ctx, Visit v) {
        if (v.user().admin() && !v.user().blocked()) {
            return true;
        }
        pages.message(ctx, v.tenant(), v.user().login(), 403, "Administrators only",
                "The admin console is for the administrators of " + v.tenant().name() + ".");
        return false;
    }

    /** The model of a console page: {@code tab} names the console's section. */
    Map<String, Object> model(Context ctx, Visit v, String tab) {
        Map<String, Object> model = pages.model(ctx, v, "admin-" + tab, false);
        model.put("tab", tab);
        return model;
    }

    void render(Context ctx, int status, String template, Map<String, Object> model) {
        WebPages.renderPage(ctx, status, "admin/" + template, model);
    }

    void notFound(Context ctx, Visit v, String what) {
        pages.notYours(ctx, v, "No such " + what, "This customer has no " + what + " with this id.");
    }

    static Long longParam(String s) {
        if (s == null || s.isEmpty() || s.length() > 18 || !s.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return Long.parseLong(s);
    }
}
