package org.pbxauth.http.errors;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * What Jetty itself refuses before a route runs (a bad Host, a malformed request line, an
 * oversized header) answers in the same JSON error shape as everything else, never cached,
 * instead of Jetty's HTML page.
 */
public final class JsonErrorHandler extends ErrorHandler {
    /** The description of Jetty's 503; KillTest tells it from a store's 503 by it. */
    public static final String STOPPING = "the server is stopping, retry on another node or shortly";

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json;charset=utf-8");
        fields.put(HttpHeader.CACHE_CONTROL, "no-store");
        fields.put(HttpHeader.PRAGMA, "no-cache");
        return ByteBuffer.wrap(json(status, reason));
    }

    @Override
    protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request,
                                              HttpServletResponse response, int code, String message) throws IOException {
        baseRequest.setHandled(true);
        response.setContentType("application/json;charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Pragma", "no-cache");
        if (code == 503) {
            // Jetty's only 503: a request that came on an open connection after SIGTERM, which
            // the stopping server does not start. Nothing of it was done; the client may retry.
            response.setHeader("Retry-After", "1");
            message = STOPPING;
        }
        response.getOutputStream().write(json(code, message));
    }

    private static byte[] json(int status, String reason) {
        String code = switch (status) {
            case 503 -> "temporarily_unavailable";
            case 404 -> "not_found";
            default -> status >= 500 ? "server_error" : "invalid_request";
        };
        String description = ErrorRenderer.safe(reason == null ? "bad request" : reason);
        return ("{\"error\":\"" + code + "\",\"error_description\":\"" + description + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
