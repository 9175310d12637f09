package org.pbxauth.http.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import org.pbxauth.http.Answer;

/**
 * Renders the PBX web pages from the precompiled jte templates ({@code src/main/jte}; checked
 * and compiled at build time, every value HTML-escaped by its context) and serves the one
 * stylesheet. Every page goes out with headers that keep it out of frames, caches and Referer
 * headers, and a CSP that allows no script at all and nothing from elsewhere.
 */
final class WebPages {
    static final String STYLESHEET = "/assets/pbx.css";
    private static final TemplateEngine TEMPLATES = TemplateEngine.createPrecompiled(ContentType.Html);
    private static final byte[] CSS = resource("/web/pbx.css");

    private WebPages() {}

    static void render(Context ctx, int status, String template, Map<String, Object> model) {
        StringOutput out = new StringOutput();
        TEMPLATES.render("web/" + template + ".jte", model, out);
        securityHeaders(ctx);
        Answer.write(ctx.status(status), "text/html;charset=UTF-8", out.toString());
    }

    /** The stylesheet: the same bytes for an hour in any cache (it names no one). */
    static void stylesheet(Context ctx) {
        ctx.header("Cache-Control", "public, max-age=3600");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.status(200).contentType("text/css;charset=UTF-8").result(CSS);
    }

    static void securityHeaders(Context ctx) {
        ctx.header("Content-Security-Policy", "default-src 'none'; style-src 'self'; form-action 'self'; "
                + "frame-ancestors 'none'; base-uri 'none'");
        ctx.header("X-Frame-Options", "DENY");
        // A page may show an App Secret: never stored by a cache or the browser's history.
        ctx.header("Cache-Control", "no-store");
        ctx.header("Pragma", "no-cache");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Content-Type-Options", "nosniff");
    }

    private static byte[] resource(String name) {
        try (InputStream in = WebPages.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
