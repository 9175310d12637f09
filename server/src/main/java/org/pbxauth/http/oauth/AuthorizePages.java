package org.pbxauth.http.oauth;

import io.javalin.http.Context;
import java.net.URI;
import java.util.regex.Pattern;
import org.pbxauth.apps.AccessLevel;
import org.pbxauth.http.Answer;

/**
 * The HTML of the authorization flow: login, consent and error pages. Self-contained (inline CSS,
 * no script, no external asset), every printed value escaped, and headers that keep the pages
 * out of frames, caches and Referer headers.
 */
final class AuthorizePages {
    static final String LOGIN_ACTION = "/oauth/authorize/login";
    static final String CONSENT_ACTION = "/oauth/authorize/consent";

    /** What a CSP source expression may hold; anything else is left out rather than quoted. */
    private static final Pattern ORIGIN = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://[A-Za-z0-9.\\-\\[\\]:]+");

    private static final String STYLE = """
            body{margin:0;background:#f3f4f6;color:#111827;font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif}
            main{max-width:24rem;margin:4rem auto;padding:2rem;background:#fff;border-radius:.75rem;\
            box-shadow:0 1px 3px rgba(0,0,0,.12)}
            h1{font-size:1.35rem;margin:0 0 1rem}
            p{margin:0 0 1rem}
            label{display:block;font-weight:600;margin:.75rem 0 .25rem}
            input{box-sizing:border-box;width:100%;padding:.55rem .65rem;border:1px solid #9ca3af;border-radius:.4rem;font:inherit}
            .buttons{display:flex;gap:.75rem;margin-top:1.5rem}
            button{flex:1;padding:.6rem 1rem;border:0;border-radius:.4rem;font:inherit;font-weight:600;\
            background:#1d4ed8;color:#fff;cursor:pointer}
            button.secondary{background:#e5e7eb;color:#111827}
            .error{background:#fef2f2;color:#991b1b;border:1px solid #fecaca;border-radius:.4rem;padding:.6rem .75rem}
            .note{color:#4b5563;font-size:.9rem}
            """;

    private AuthorizePages() {}

    /** What the login page shows; {@code login} refills the field after a failed attempt. */
    record LoginView(String customer, String appName, String pending, String csrf, String login, String error,
                     URI redirectUri) {}

    record ConsentView(String appName, String login, AccessLevel access, String pending, String csrf,
                       URI redirectUri) {}

    static void login(Context ctx, LoginView v) {
        StringBuilder b = new StringBuilder();
        b.append("<h1>Sign in to ").append(esc(v.customer())).append("</h1>");
        b.append("<p><strong>").append(esc(v.appName())).append("</strong> asks to use the PBX API on your behalf.</p>");
        if (v.error() != null) {
            b.append("<p class=\"error\" role=\"alert\">").append(esc(v.error())).append("</p>");
        }
        b.append("<form method=\"post\" action=\"").append(LOGIN_ACTION).append("\">");
        hidden(b, v.pending(), v.csrf());
        b.append("<label for=\"login\">Login</label>")
                .append("<input id=\"login\" name=\"login\" autocomplete=\"username\" required autofocus value=\"")
                .append(esc(v.login() == null ? "" : v.login())).append("\">");
        b.append("<label for=\"password\">Password</label>")
                .append("<input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required>");
        b.append("<div class=\"buttons\"><button type=\"submit\">Sign in</button></div></form>");
        render(ctx, 200, "Sign in", b, v.redirectUri());
    }

    /** The platform's consent: "<app> wants to use the PBX API as <login> with access <level>". */
    static void consent(Context ctx, ConsentView v) {
        StringBuilder b = new StringBuilder();
        b.append("<h1>Allow access?</h1>");
        b.append("<p><strong>").append(esc(v.appName())).append("</strong> wants to use the PBX API as <strong>")
                .append(esc(v.login())).append("</strong> with access <strong>").append(accessName(v.access()))
                .append("</strong>.</p>");
        b.append("<p class=\"note\">").append(accessMeaning(v.access())).append(" You can revoke this later.</p>");
        b.append("<form method=\"post\" action=\"").append(CONSENT_ACTION).append("\">");
        hidden(b, v.pending(), v.csrf());
        b.append("<div class=\"buttons\">")
                .append("<button type=\"submit\" name=\"decision\" value=\"allow\" id=\"allow\">Allow</button>")
                .append("<button type=\"submit\" name=\"decision\" value=\"deny\" id=\"deny\" class=\"secondary\">Deny</button>")
                .append("</div></form>");
        b.append("<p class=\"note\">Either way you return to ").append(esc(v.redirectUri().getHost())).append(".</p>");
        render(ctx, 200, "Allow access?", b, v.redirectUri());
    }

    /** A page that ends the flow here: never a redirect to a URL we could not vouch for. */
    static void error(Context ctx, int status, String message) {
        StringBuilder b = new StringBuilder();
        b.append("<h1>This sign-in cannot continue</h1>");
        b.append("<p>").append(esc(message)).append("</p>");
        b.append("<p class=\"note\">Go back to the app and start again.</p>");
        render(ctx, status, "Sign-in error", b, null);
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

    private static void hidden(StringBuilder b, String pending, String csrf) {
        b.append("<input type=\"hidden\" name=\"request\" value=\"").append(esc(pending)).append("\">");
        b.append("<input type=\"hidden\" name=\"csrf\" value=\"").append(esc(csrf)).append("\">");
    }

    private static void render(Context ctx, int status, String title, StringBuilder body, URI redirectUri) {
        securityHeaders(ctx, redirectUri);
        String html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
                + "<title>" + esc(title) + "</title><style>" + STYLE + "</style></head><body><main>"
                + body + "</main></body></html>";
        Answer.write(ctx.status(status), "text/html;charset=UTF-8", html);
    }

    /**
     * Also on the redirects that leave a form POST: Chrome applies form-action to them, so the
     * redirect URL's origin must be allowed next to 'self'.
     */
    static void securityHeaders(Context ctx, URI redirectUri) {
        String formAction = "'self'";
        String origin = redirectUri == null ? null : origin(redirectUri);
        if (origin != null) {
            formAction += " " + origin;
        }
        ctx.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action "
                + formAction + "; frame-ancestors 'none'");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Cache-Control", "no-store");
        ctx.header("Pragma", "no-cache");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Content-Type-Options", "nosniff");
    }

    static String origin(URI uri) {
        if (uri.getScheme() == null || uri.getHost() == null) {
            return null;
        }
        String origin = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
        return ORIGIN.matcher(origin).matches() ? origin : null;
    }

    /** HTML escaping for text and double-quoted attribute values. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
