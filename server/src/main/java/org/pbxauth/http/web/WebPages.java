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
public final class WebPages {
    static final String STYLESHEET = Templates.STYLESHEET;
    /** Forms post only to this origin; no {@code <base>} either. */
    private static final String CSP = Templates.policy("'self'") + "; base-uri 'none'";
    private static final byte[] CSS = resource("/web/pbx.css");

    private WebPages() {}

    public static void render(Context ctx, int status, String template, Map<String, Object> model) {
        Templates.page(ctx, status, "web/" + template, model, CSP);
    }

    /** A page of another family under {@code src/main/jte} ({@code admin/users}), with the pages' headers. */
    public static void renderPage(Context ctx, int status, String path, Map<String, Object> model) {
        Templates.page(ctx, status, path, model, CSP);
    }

    /** The stylesheet: the same bytes for an hour in any cache (it names no one). */
    static void stylesheet(Context ctx) {
        ctx.header("Cache-Control", "public, max-age=3600");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.status(200).contentType("text/css;charset=UTF-8").result(CSS);
    }

    /** A path of the PBX web pages (not the OAuth endpoints or the API): its failures are pages too. */
    public static boolean isPage(String path) {
        return path.equals("/login") || path.equals("/logout") || path.startsWith("/account/")
                || path.equals("/account") || path.startsWith("/app/") || path.equals("/admin")
                || (path.startsWith("/admin/") && !path.startsWith("/admin/api/"));
    }

    /** A failure of a page, in the pages' look: what happened in words, never a trace. */
    public static void errorPage(Context ctx, int status) {
        String[] words = switch (status) {
            case 404 -> new String[] {"Page not found", "There is no page at this address."};
            case 405 -> new String[] {"Not allowed here", "This page does not take this kind of request."};
            case 413 -> new String[] {"Too large", "What was sent is larger than this page takes."};
            case 503 -> new String[] {"Busy right now", "The service is briefly unavailable. Please try again in a moment."};
            default -> status < 500
                    ? new String[] {"This request could not be read", "Please go back and try again."}
                    : new String[] {"Something went wrong", "The server could not answer this time. Please try again."};
        };
        if (status == 503) {
            ctx.header("Retry-After", "1");
        }
        Map<String, Object> model = new java.util.HashMap<>();
        model.put("chrome", new Chrome(null, null, null, "message", true));
        model.put("title", words[0]);
        model.put("message", words[1]);
        render(ctx, status, "message", model);
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
