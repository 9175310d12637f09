package org.pbxauth.http.ops;

import io.javalin.Javalin;
import java.util.function.BooleanSupplier;
import org.pbxauth.http.Answer;

/** {@code /health/live} (the process answers) and {@code /health/ready} (and its database does). */
public final class HealthEndpoints {
    private HealthEndpoints() {}

    public static void register(Javalin app, BooleanSupplier databaseAnswers) {
        app.get("/health/live", ctx -> Answer.write(ctx.header("Cache-Control", "no-store"), "application/json",
                "{\"status\":\"live\"}"));
        app.get("/health/ready", ctx -> {
            ctx.header("Cache-Control", "no-store");
            if (databaseAnswers.getAsBoolean()) {
                Answer.write(ctx, "application/json", "{\"status\":\"ready\"}");
            } else {
                Answer.write(ctx.status(503), "application/json", "{\"status\":\"unavailable\",\"reason\":\"database\"}");
            }
        });
    }
}
