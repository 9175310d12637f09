package org.pbxauth.http.errors;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import net.minidev.json.JSONValue;
import org.pbxauth.http.Answer;

/**
 * An RFC 9457 problem: the admin API's one error shape, {@code application/problem+json} with
 * {@code type}, {@code title}, {@code status}, {@code detail} and the vendor-style word in
 * {@code code}. Thrown by a handler and rendered in one place ({@link #render}), as OAuth errors
 * are by {@link ErrorRenderer}; never cached. {@code detail} is our own text, fit to show.
 */
public final class Problem extends RuntimeException {
    /** A problem's {@code type}: a URN per code (RFC 9457 §3.1.1 allows a non-resolvable URI). */
    public static final String TYPE_PREFIX = "urn:pbx-auth:problem:";

    private final int status;
    private final String code;

    public Problem(int status, String code, String detail) {
        super(detail, null, false, false); // a refusal, not a failure: no stack trace to fill
        this.status = status;
        this.code = code;
    }

    public static Problem badRequest(String detail) {
        return new Problem(400, "invalid_request", detail);
    }

    public static Problem notFound(String detail) {
        return new Problem(404, "not_found", detail);
    }

    public static Problem conflict(String detail) {
        return new Problem(409, "conflict", detail);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String detail() {
        return getMessage();
    }

    /** Writes {@code problem} as the answer, never cached. */
    public static void render(Problem problem, Context ctx) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_PREFIX + problem.code);
        body.put("title", title(problem.status));
        body.put("status", problem.status);
        if (problem.detail() != null) {
            body.put("detail", ErrorRenderer.safe(problem.detail()));
        }
        body.put("code", problem.code);
        ErrorRenderer.noStore(ctx);
        Answer.write(ctx.status(problem.status), "application/problem+json", JSONValue.toJSONString(body));
    }

    /** RFC 9457 §3.1.3: a short summary that does not change between occurrences: the status's reason phrase. */
    static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 412 -> "Precondition Failed";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 428 -> "Precondition Required";
            case 429 -> "Too Many Requests";
            case 503 -> "Service Unavailable";
            default -> status >= 500 ? "Internal Server Error" : "Bad Request";
        };
    }
}
