package org.pbxauth.http.ops;

import io.javalin.Javalin;
import java.util.function.BooleanSupplier;

/** {@code /health/live} (the process answers) and {@code /health/ready} (and its database does). */
public final class HealthEndpoints {
    private HealthEndpoints() {}

    public static void register(Javalin app, BooleanSupplier databaseAnswers) {
        app.get("/health/live", ctx -> ctx.header("Cache-Control", "no-store")
                .contentType("application/json").result("{\"status\":\"live\"}"));
        app.get("/health/ready", ctx -> {
            ctx.header("Cache-Control", "no-store").contentType("application/json");
            if (databaseAnswers.getAsBoolean()) {
                ctx.result("{\"status\":\"ready\"}");
            } else {
                ctx.status(503).result("{\"status\":\"unavailable\",\"reason\":\"database\"}");
            }
        });
    }
}
