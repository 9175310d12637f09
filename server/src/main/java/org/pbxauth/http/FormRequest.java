package org.pbxauth.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.Map;
import org.pbxauth.grants.OAuthError;

/** Reading a form POST, for the OAuth endpoints and the web pages alike. */
public final class FormRequest {
    /** The most of a refused body read and dropped, Tomcat's default maxSwallowSize. */
    private static final long SWALLOW_BYTES = 2L * 1024 * 1024;

    private FormRequest() {}

    /**
     * The form of a POST to an OAuth endpoint: only {@code application/x-www-form-urlencoded}
     * (RFC 6749 §3.2), nothing in the query string (credentials there end up in access logs), and
     * at most {@code maxBodyBytes}.
     */
    public static Map<String, String> read(Context ctx, FormBody form, int maxBodyBytes) {
        String query = ctx.queryString();
        if (query != null && !query.isEmpty()) {
            throw OAuthError.invalidRequest("parameters belong in the form body, not in the query string");
        }
        String contentType = ctx.contentType();
        if (contentType == null || !isForm(contentType)) {
            throw OAuthError.invalidRequest("the body must be application/x-www-form-urlencoded");
        }
        long declaredLength = ctx.req().getContentLengthLong();
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] body = FormBody.read(in, declaredLength, maxBodyBytes);
            if (body.length > maxBodyBytes) {
                swallow(in, declaredLength);
                throw OAuthError.requestTooLarge("the form body is larger than " + maxBodyBytes + " bytes");
            }
            return form.parse(body);
        } catch (IOException e) {
            throw OAuthError.invalidRequest("the request body could not be read");
        }
    }

    /**
     * Reads and drops the rest of a refused body of at most {@link #SWALLOW_BYTES} declared, as
     * Tomcat's maxSwallowSize does: a client still sending it then reads the 413. Closing with its
     * bytes unread makes the kernel reset the connection, and the reset can reach the client
     * before the answer (a test sending 2 MiB saw "received no bytes" once). A larger or
     * undeclared body is left to Jetty, which closes the connection after the answer.
     */
    private static void swallow(InputStream in, long declaredLength) {
        if (declaredLength < 0 || declaredLength > SWALLOW_BYTES) {
            return;
        }
        try {
            in.transferTo(OutputStream.nullOutputStream()); // ends at Content-Length
        } catch (IOException e) {
            // the client went away: nothing to answer anyway
        }
    }

    private static boolean isForm(String contentType) {
        String[] parts = contentType.toLowerCase(Locale.ROOT).split(";");
        // "Content-Type: ;" splits into nothing at all (found by the fuzzer: it was a 500)
        if (parts.length == 0 || !parts[0].trim().equals("application/x-www-form-urlencoded")) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            if (p.startsWith("charset=") && !p.substring(8).replace("\"", "").equals("utf-8")) {
                return false;
            }
        }
        return true;
    }
}
