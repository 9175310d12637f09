package org.pbxauth.http.ops;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.pbxauth.http.Answer;

/**
 * Requests by endpoint, grant and outcome, with latency histograms; and {@code /metrics} in the
 * Prometheus text format.
 */
public final class RequestMetrics {
    /** Set by endpoints: the grant type of a token request. */
    public static final String GRANT = "pbxauth.grant";
    /** Set by the error renderer: the OAuth error code of a refused request. */
    public static final String OUTCOME = "pbxauth.outcome";
    private static final String STARTED = "pbxauth.started";
    /** A dozen latency buckets from 1 ms to 5 s: enough for p50/p99 by endpoint, cheap to scrape. */
    private static final Duration[] BUCKETS = LongStream.of(1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000)
            .mapToObj(Duration::ofMillis).toArray(Duration[]::new);

    /** The tags of one timer. */
    private record TimerKey(String endpoint, String method, int status, String grant, String outcome) {}

    private RequestMetrics() {}

    public static void register(Javalin app, PrometheusMeterRegistry registry) {
        app.before(ctx -> ctx.attribute(STARTED, System.nanoTime()));
        // The timers already registered, by their tags: the registry's own lookup (a builder, five
        // tags, an id) per request showed in the profiles of the cheapest endpoints.
        Map<TimerKey, Timer> timers = new ConcurrentHashMap<>();
        app.after(ctx -> record(ctx, registry, timers));
        app.get("/metrics", ctx -> Answer.write(ctx, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
    }

    private static void record(Context ctx, MeterRegistry registry, Map<TimerKey, Timer> timers) {
        Long started = ctx.attribute(STARTED);
        if (started == null) {
            return;
        }
        String endpoint = ctx.endpointHandlerPath();
        if (endpoint.equals("/metrics")) {
            return;
        }
        String grant = ctx.attribute(GRANT);
        String outcome = ctx.attribute(OUTCOME);
        int status = ctx.statusCode();
        TimerKey key = new TimerKey(endpoint.equals("*") ? "other" : endpoint, ctx.method().name(), status,
                grant == null ? "none" : grant, outcome != null ? outcome : status < 400 ? "ok" : "error");
        timers.computeIfAbsent(key, k -> Timer.builder("pbxauth.http.requests")
                        .description("HTTP requests by endpoint, grant and outcome")
                        .tag("endpoint", k.endpoint())
                        .tag("method", k.method())
                        .tag("status", Integer.toString(k.status()))
                        .tag("grant", k.grant())
                        .tag("outcome", k.outcome())
                        .serviceLevelObjectives(BUCKETS)
                        .register(registry))
                .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }
}
