package org.pbxauth.http.gateway;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.oauth2.sdk.ErrorObject;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import org.pbxauth.access.AccessDecision;
import org.pbxauth.access.ApiAccess;
import org.pbxauth.access.ApiPath;
import org.pbxauth.apps.AccessLevel;
import org.pbxauth.apps.AppRegistry;
import org.pbxauth.apps.PbxApp;
import org.pbxauth.http.Answer;
import org.pbxauth.http.ClientAddress;
import org.pbxauth.http.ExternalOrigin;
import org.pbxauth.http.api.BearerAuth;
import org.pbxauth.http.errors.ErrorRenderer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The check in front of the PBX API that forward-auth and the gateway share: the Bearer token of
 * the Host's customer (RFC 6750; 401 otherwise), the hourly limits (429), then the access policy
 * (the vendor's 403 statuses). Allowed: the identity headers for the upstream. Refused: the
 * vendor's answer, written on {@code ctx}, its status word also in {@code X-Pbx-Status}, and an
 * audit line.
 */
public final class ApiGate {
    /** The identity headers: set for the upstream, and never taken from a client. */
    public static final String CUSTOMER = "X-Pbx-Customer-Id";
    public static final String USER = "X-Pbx-User-Id";
    public static final String LOGIN = "X-Pbx-User-Login";
    public static final String APP = "X-Pbx-App-Id";
    public static final String ACCESS = "X-Pbx-Access";
    public static final String STATUS = "X-Pbx-Status";

    private static final Logger audit = LoggerFactory.getLogger("pbxauth.audit");

    private final BearerAuth bearer;
    private final ApiAccess access;
    private final AppRegistry apps;
    private final MeterRegistry metrics;
    /** App IDs by the app's row id: they never change, and every request needs one. */
    private final Cache<Long, String> appIds = Caffeine.newBuilder().maximumSize(10_000).build();
    private final java.util.concurrent.ConcurrentMap<String, Counter> counters = new java.util.concurrent.ConcurrentHashMap<>();

    public ApiGate(BearerAuth bearer, ApiAccess access, AppRegistry apps, MeterRegistry metrics) {
        this.bearer = bearer;
        this.access = access;
        this.apps = apps;
        this.metrics = metrics;
    }

    /** Who the request is: what the upstream is told. */
    public record Identity(long customerId, long userId, String login, String appId, String access) {
        /** The identity headers, in a fixed order: what forward-auth answers and the gateway sends upstream. */
        public java.util.Map<String, String> headers() {
            java.util.Map<String, String> h = new java.util.LinkedHashMap<>();
            h.put(CUSTOMER, Long.toString(customerId));
            h.put(USER, Long.toString(userId));
            h.put(LOGIN, headerValue(login));
            h.put(APP, appId);
            h.put(ACCESS, access);
            return h;
        }
    }

    /** Whether a header is one of ours ({@code X-Pbx-*}): a client's own never passes on. */
    public static boolean isIdentityHeader(String name) {
        return name.regionMatches(true, 0, "X-Pbx-", 0, 6);
    }

    /**
     * Checks {@code method} on {@code uri} (the original request's) with this request's
     * Authorization and Host. The identity when allowed; empty once the refusal is written.
     */
    public Optional<Identity> check(Context ctx, String method, String uri, boolean refuse429As403) {
        BearerAuth.Outcome outcome = bearer.check(ctx);
        if (outcome instanceof BearerAuth.Refusal r) {
            ErrorRenderer.noStore(ctx); // a refusal is about one token, for one request
            String word = r.code();
            count(r.status() == 429 ? "429" : "401", word);
            if (r.status() == 429) {
                ctx.header(STATUS, word);
                // nginx's auth_request takes only 2xx, 401 and 403 (anything else is its 500): on
                // request it gets a 403 that says rate_limit_exceeded, its config answers the 429
                Answer.write(ctx.status(refuse429As403 ? 403 : 429), "application/json", "{\"status\":\"rate_limit_exceeded\"}");
            } else {
                ctx.header(STATUS, word);
                Answer.json(ctx.status(r.status()), new ErrorObject(word, r.description()).toJSONObject().toJSONString());
            }
            audit.info("api refused method={} path={} host={} client={} status={} outcome={}", method, safe(uri),
                    safe(ExternalOrigin.of(ctx).authority()), ClientAddress.of(ctx), r.status(), word);
            return Optional.empty();
        }
        BearerAuth.Authenticated a = (BearerAuth.Authenticated) outcome;
        Optional<ApiPath> path = ApiPath.parse(uri);
        AccessDecision decision = path.isEmpty()
                ? new AccessDecision.Denied("access_denied", "a path that is not plain (dot segments, encoded slashes)")
                : access.decide(method, path.get(), a.user(), a.token().access());
        if (decision instanceof AccessDecision.Denied d) {
            count("403", d.status());
            ErrorRenderer.noStore(ctx);
            ctx.header(STATUS, d.status());
            Answer.write(ctx.status(403), "application/json", "{\"status\":\"" + d.status() + "\"}");
            audit.info("api denied method={} path={} customer={} user={} app={} client={} outcome={} reason={}",
                    method, safe(uri), a.tenant().id(), a.user().id(), appId(a), ClientAddress.of(ctx), d.status(),
                    safe(d.reason()));
            return Optional.empty();
        }
        count("allowed", "ok");
        return Optional.of(new Identity(a.tenant().id(), a.user().id(), a.user().login(), appId(a),
                a.token().access() == AccessLevel.ALL ? "full" : "call_api"));
    }

    private String appId(BearerAuth.Authenticated a) {
        return appIds.get(a.token().appId(), id -> apps.app(a.tenant().id(), id).map(PbxApp::clientId).orElse("-"));
    }

    private void count(String decision, String status) {
        // looked up once per kind: building and registering a meter id on every request showed in the profile
        counters.computeIfAbsent(decision + ' ' + status, k -> Counter.builder("pbxauth.gateway.decisions")
                .description("PBX API requests checked, by decision and status word")
                .tag("decision", decision).tag("status", status).register(metrics)).increment();
    }

    /** A login as a header value: percent-encoded UTF-8 (RFC 3986), so any login travels in ASCII. */
    public static String headerValue(String login) {
        return java.net.URLEncoder.encode(login, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Log-safe: printable ASCII, at most 200 characters (a path is the client's to choose). */
    static String safe(String s) {
        if (s == null) {
            return "-";
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 200; i++) {
            char c = s.charAt(i);
            b.append(c > 0x20 && c < 0x7f && c != '"' ? c : '_');
        }
        return b.toString();
    }
}
