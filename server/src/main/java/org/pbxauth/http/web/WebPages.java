package org.pbxauth.http.web;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Renders the PBX web pages ({@code src/main/jte/web}) through {@link Templates} and serves the
 * one stylesheet. Every page goes out with headers that keep it out of frames, caches and
 * Referer headers, and a CSP that allows no script at all and nothing from elsewhere.
 */
final class WebPages {
    static final String STYLESHEET = Templates.STYLESHEET;
    /** Forms post only to this origin; no {@code <base>} either. */
    private static final String CSP = Templates.policy("'self'") + "; base-uri 'none'";
    private static final byte[] CSS = resource("/web/pbx.css");

    private WebPages() {}

    static void render(Context ctx, int status, String template, Map<String, Object> model) {
        Templates.page(ctx, status, "web/" + template, model, CSP);
    }

    /** The stylesheet: the same bytes for an hour in any cache (it names no one). */
    static void stylesheet(Context ctx) {
        ctx.header("Cache-Control", "public, max-age=3600");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.status(200).contentType("text/css;charset=UTF-8").result(CSS);
    }

    static void securityHeaders(Context ctx) {
        Templates.securityHeaders(ctx, CSP);
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
