package org.pbxauth.http.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import java.util.Map;
import org.pbxauth.http.Answer;

/**
 * The HTML pages of pbx-auth, the PBX web's ({@code jte/web}) and the authorize flow's
 * ({@code jte/oauth}): rendered from the precompiled jte templates ({@code src/main/jte}; checked
 * and compiled at build time, every value HTML-escaped by its context), styled by the one
 * stylesheet ({@link #STYLESHEET}), and sent with the headers that keep a page out of frames,
 * caches and Referer headers. Each family of pages states its own Content-Security-Policy
 * (the authorize pages must let their forms' answer go to the app), built by {@link #policy}.
 */
public final class Templates {
    /** The one stylesheet, served by {@link WebRoutes} on every customer's host without a login. */
    public static final String STYLESHEET = "/assets/pbx.css";
    private static final TemplateEngine ENGINE = TemplateEngine.createPrecompiled(ContentType.Html);

    private Templates() {}

    /**
     * Renders {@code template} (a path under {@code src/main/jte}, without {@code .jte}) with
     * {@code model} and writes it with {@code status} and the security headers; call it last.
     */
    public static void page(Context ctx, int status, String template, Map<String, Object> model,
                            String contentSecurityPolicy) {
        StringOutput out = new StringOutput();
        ENGINE.render(template + ".jte", model, out);
        securityHeaders(ctx, contentSecurityPolicy);
        Answer.write(ctx.status(status), "text/html;charset=UTF-8", out.toString());
    }

    /**
     * No script, nothing from elsewhere: styles only from this origin (the stylesheet), forms
     * only to {@code formAction}, never in a frame.
     */
    public static String policy(String formAction) {
        return "default-src 'none'; style-src 'self'; form-action " + formAction + "; frame-ancestors 'none'";
    }

    /** The headers of every page, and of the redirects that leave its forms. */
    public static void securityHeaders(Context ctx, String contentSecurityPolicy) {
        ctx.header("Content-Security-Policy", contentSecurityPolicy);
        ctx.header("X-Frame-Options", "DENY");
        // A page may show an App Secret or carry a sealed sign-in: never stored by a cache or the history.
        ctx.header("Cache-Control", "no-store");
        ctx.header("Pragma", "no-cache");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Content-Type-Options", "nosniff");
    }
}
