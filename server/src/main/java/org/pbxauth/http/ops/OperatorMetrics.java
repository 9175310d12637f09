package org.pbxauth.http.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Locale;
import org.pbxauth.tokens.TokenEvents;
import org.pbxauth.tokens.TokenKind;

/** The process's Prometheus registry, with JVM meters and token counters. */
public final class OperatorMetrics implements TokenEvents {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    public OperatorMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    @Override
    public void issued(TokenKind kind, int count) {
        Counter.builder("pbxauth.tokens.issued").description("tokens issued")
                .tag("kind", kind.name().toLowerCase(Locale.ROOT)).register(registry).increment(count);
    }

    @Override
    public void revoked(String cause, int count) {
        Counter.builder("pbxauth.tokens.revoked").description("logins (token families) or single tokens revoked")
                .tag("cause", cause).register(registry).increment(count);
    }
}
