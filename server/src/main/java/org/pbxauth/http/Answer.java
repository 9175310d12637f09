package org.pbxauth.http;

import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes a whole answer straight to the response. Javalin copies a {@code ctx.result(...)} into
 * the response through a fresh 32 KiB buffer per request: for our few hundred bytes that buffer
 * was four fifths of all the memory a request allocated, and a young collection came every 9 ms
 * under wrk (every 34 ms without it; BENCHMARKS.md). Call it last: the status and headers go out
 * with the body.
 */
public final class Answer {
    private static final String WRITTEN = "pbxauth.answer-written";

    private Answer() {}

    public static void json(Context ctx, String body) {
        write(ctx, "application/json;charset=UTF-8", body);
    }

    public static void write(Context ctx, String contentType, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ctx.contentType(contentType);
        ctx.attribute(WRITTEN, true);
        HttpServletResponse res = ctx.res();
        res.setContentLength(bytes.length);
        try {
            res.getOutputStream().write(bytes);
        } catch (IOException clientGone) {
            // The client closed the connection: there is no one left to answer, and whatever the
            // request did (a token stored) stands, as it would had the answer been lost on the way.
        }
    }

    /** True when this request's answer has been written (error pages must not write a second). */
    public static boolean written(Context ctx) {
        return Boolean.TRUE.equals(ctx.attribute(WRITTEN));
    }
}
