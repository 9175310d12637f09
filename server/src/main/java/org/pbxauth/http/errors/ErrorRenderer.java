package org.pbxauth.http.errors;

import com.nimbusds.oauth2.sdk.ErrorObject;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.pbxauth.grants.OAuthError;
import org.pbxauth.http.ExternalOrigin;
import org.pbxauth.http.Answer;
import org.pbxauth.http.ops.Audit;
import org.pbxauth.http.ops.RequestMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place an error becomes an HTTP answer: RFC 6749 §5.2 JSON, never cached. */
public final class ErrorRenderer {
    /** Set on the context when the client authenticated with HTTP Basic. */
    public static final String BASIC_USED = "pbxauth.basic-used";
    /** Set on the context once the client's App ID is known, for the audit line of a refusal. */
    public static final String CLIENT_ID = "pbxauth.client-id";
    /** Set once the customer of the request is known, for the audit line of a refusal. */
    public static final String CUSTOMER = "pbxauth.customer";
    /** Set to the login a password grant tried, for the audit line of a refusal. */
    public static final String USER_TRIED = "pbxauth.user-tried";

    private static final Logger log = LoggerFactory.getLogger(ErrorRenderer.class);

    private ErrorRenderer() {}

    public static void oauth(OAuthError e, Context ctx) {
        ctx.attribute(RequestMetrics.OUTCOME, e.code());
        if (ctx.path().startsWith("/oauth/")) {
            Audit.refused(ctx, ctx.path(), ctx.attribute(RequestMetrics.GRANT), ctx.attribute(CUSTOMER),
                    ctx.attribute(CLIENT_ID), ctx.attribute(USER_TRIED), e.code());
        }
        ErrorObject error = new ErrorObject(e.code(), e.description(), e.status());
        noStore(ctx);
        if (e.status() == 401 && Boolean.TRUE.equals(ctx.attribute(BASIC_USED))) {
            // RFC 6749 §5.2: "MUST include the WWW-Authenticate response header field matching
            // the authentication scheme used by the client".
            ctx.header("WWW-Authenticate", "Basic realm=\"" + ErrorRenderer.realm(ctx) + "\", charset=\"UTF-8\"");
        }
        if (e.status() == 503) {
            ctx.header("Retry-After", "1");
        }
        Answer.json(ctx.status(e.status()), error.toJSONObject().toJSONString());
    }

    /** Javalin's own refusals (413, 405, 404, 400 from the container) in the same JSON shape. */
    public static void http(HttpResponseException e, Context ctx) {
        String code = switch (e.getStatus()) {
            case 404 -> "not_found";
            case 405 -> "invalid_request";
            default -> "invalid_request";
        };
        noStore(ctx);
        Answer.json(ctx.status(e.getStatus()),
                new ErrorObject(code, safe(e.getMessage()), e.getStatus()).toJSONObject().toJSONString());
    }

    /**
     * Anything unforeseen. A database that does not answer is a 503 the client may retry (and
     * one log line, not a trace per request); anything else is logged with its trace and is a 500.
     */
    public static void unexpected(Exception e, Context ctx) {
        if (logged(e, ctx) == 503) {
            oauth(OAuthError.temporarilyUnavailable("the service is temporarily unavailable, retry shortly"), ctx);
            return;
        }
        noStore(ctx);
        Answer.json(ctx.status(500), new ErrorObject("server_error", "internal error", 500).toJSONObject().toJSONString());
    }

    /**
     * Logs an unforeseen failure and says what it is: 503 for a database that does not answer
     * (one line, not a trace per request), else 500 (with its trace).
     */
    public static int logged(Exception e, Context ctx) {
        if (StoreFailure.isUnavailable(e)) {
            log.warn("database unavailable on {} {}: {}", ctx.method(), ctx.path(), StoreFailure.summary(e));
            return 503;
        }
        log.error("unexpected failure on {} {}", ctx.method(), ctx.path(), e);
        return 500;
    }

    public static void noStore(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        ctx.header("Pragma", "no-cache");
    }

    public static String realm(Context ctx) {
        String host = ExternalOrigin.of(ctx).host();
        return host.isEmpty() ? "pbx-auth" : safe(host);
    }

    /** Only RFC 6749's printable ASCII in descriptions, never quotes or backslashes. */
    static String safe(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 200; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? c : '?');
        }
        return b.toString();
    }
}
