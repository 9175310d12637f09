package org.pbxauth.http.oauth;

import io.javalin.http.Context;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.pbxauth.apps.AccessLevel;
import org.pbxauth.http.web.Chrome;
import org.pbxauth.http.web.Templates;

/**
 * The HTML of the authorization flow: login, consent and error pages, rendered from the jte
 * templates in {@code src/main/jte/oauth} inside the PBX web's layout (without its header bar
 * and navigation: the user is on the way back to an app) and styled by its one stylesheet. No script, every
 * printed value escaped by jte, and headers that keep the pages out of frames, caches and
 * Referer headers.
 */
final class AuthorizePages {
    static final String LOGIN_ACTION = "/oauth/authorize/login";
    static final String CONSENT_ACTION = "/oauth/authorize/consent";

    /** What a CSP source expression may hold; anything else is left out rather than quoted. */
    private static final Pattern ORIGIN = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://[A-Za-z0-9.\\-\\[\\]:]+");

    private AuthorizePages() {}

    /** What the login page shows; {@code login} refills the field after a failed attempt. */
    record LoginView(String customer, String appName, String pending, String csrf, String login, String error,
                     URI redirectUri) {}

    record ConsentView(String appName, String login, AccessLevel access, String pending, String csrf,
                       URI redirectUri) {}

    static void login(Context ctx, LoginView v) {
        Map<String, Object> model = new HashMap<>();
        model.put("chrome", Chrome.authorizeFlow(v.customer()));
        model.put("action", LOGIN_ACTION);
        model.put("appName", v.appName());
        model.put("pending", v.pending());
        model.put("csrf", v.csrf());
        model.put("login", v.login() == null ? "" : v.login());
        model.put("error", v.error());
        render(ctx, 200, "login", model, v.redirectUri());
    }

    /** The platform's consent: "<app> wants to use the PBX API as <login> with access <level>". */
    static void consent(Context ctx, ConsentView v) {
        Map<String, Object> model = new HashMap<>();
        // The view names no customer: the tab is "Allow access?", as the page's heading.
        model.put("chrome", Chrome.authorizeFlow(null));
        model.put("action", CONSENT_ACTION);
        model.put("appName", v.appName());
        model.put("login", v.login());
        model.put("accessName", accessName(v.access()));
        model.put("accessMeaning", accessMeaning(v.access()));
        model.put("pending", v.pending());
        model.put("csrf", v.csrf());
        model.put("returnHost", v.redirectUri().getHost());
        render(ctx, 200, "consent", model, v.redirectUri());
    }

    /** A page that ends the flow here: never a redirect to a URL we could not vouch for. */
    static void error(Context ctx, int status, String message) {
        Map<String, Object> model = new HashMap<>();
        model.put("chrome", Chrome.authorizeFlow(null));
        model.put("message", message);
        render(ctx, status, "error", model, null);
    }

    static String accessName(AccessLevel access) {
        return access == AccessLevel.ALL ? "All" : "Call API";
    }

    private static String accessMeaning(AccessLevel access) {
        return access == AccessLevel.ALL
                ? "With All, the app may do everything you may do on the PBX, including configuration changes."
                : "With Call API, the app may see what you see and manage calls, call events, recordings, voicemail "
                        + "and faxes, but not change the configuration.";
    }

    private static void render(Context ctx, int status, String template, Map<String, Object> model,
                               URI redirectUri) {
        Templates.page(ctx, status, "oauth/" + template, model, policy(redirectUri));
    }

    /**
     * Also on the redirects that leave a form POST: Chrome applies form-action to them, so the
     * redirect URL's origin must be allowed next to 'self'.
     */
    static void securityHeaders(Context ctx, URI redirectUri) {
        Templates.securityHeaders(ctx, policy(redirectUri));
    }

    /** The pages' CSP: the stylesheet from 'self', forms to 'self' and to the redirect URL's origin. */
    private static String policy(URI redirectUri) {
        String origin = redirectUri == null ? null : origin(redirectUri);
        return Templates.policy(origin == null ? "'self'" : "'self' " + origin);
    }

    static String origin(URI uri) {
        if (uri.getScheme() == null || uri.getHost() == null) {
            return null;
        }
        String origin = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
        return ORIGIN.matcher(origin).matches() ? origin : null;
    }
}
