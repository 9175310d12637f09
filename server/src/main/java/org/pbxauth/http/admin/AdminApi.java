package org.pbxauth.http.admin;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import net.minidev.json.JSONValue;
import org.pbxauth.guard.OverloadedException;
import org.pbxauth.http.Answer;
import org.pbxauth.http.api.BearerAuth;
import org.pbxauth.http.errors.ErrorRenderer;
import org.pbxauth.http.errors.Problem;
import org.pbxauth.http.ops.RequestMetrics;

/**
 * The admin REST API, {@code /admin/api/v1/}: a PBX customer's administrator manages users,
 * apps, live sessions and reads the audit trail. The contract is
 * {@code openapi/admin.json} (OpenAPI 3.1), served at {@code /admin/api/openapi.json}; the
 * handlers follow it. Every route authenticates (AdminAuth), answers JSON, fails as an RFC 9457
 * problem, and is never cached.
 */
public final class AdminApi {
    public static final String BASE = "/admin/api/v1";
    public static final String CONTRACT = "/admin/api/openapi.json";

    private final AdminAuth auth;
    private final UsersResource users;
    private final AppsResource apps;
    private final SessionsResource sessions;
    private final EventsResource events;
    private final byte[] contract;

    public AdminApi(BearerAuth bearer, AdminDomain domain) {
        this.auth = new AdminAuth(bearer);
        this.users = new UsersResource(domain);
        this.apps = new AppsResource(domain);
        this.sessions = new SessionsResource(domain);
        this.events = new EventsResource(domain);
        this.contract = readContract();
    }

    /** True for a path of the admin API, whose failures are problems (the contract too). */
    public static boolean isApi(String path) {
        return path.startsWith("/admin/api/");
    }

    public void addTo(Javalin app) {
        app.get(CONTRACT, ctx -> Answer.write(ctx.header("Cache-Control", "no-cache"), "application/json",
                new String(contract, StandardCharsets.UTF_8)));
        app.get(BASE + "/users", guarded(users::list));
        app.post(BASE + "/users", guarded(users::create));
        app.get(BASE + "/users/{id}", guarded(users::get));
        app.patch(BASE + "/users/{id}", guarded(users::update));
        app.delete(BASE + "/users/{id}", guarded(users::delete));
        app.get(BASE + "/apps", guarded(apps::list));
        app.post(BASE + "/apps", guarded(apps::register));
        app.get(BASE + "/apps/{id}", guarded(apps::get));
        app.patch(BASE + "/apps/{id}", guarded(apps::update));
        app.delete(BASE + "/apps/{id}", guarded(apps::delete));
        app.post(BASE + "/apps/{id}/secret", guarded(apps::rotateSecret));
        app.get(BASE + "/sessions", guarded(sessions::list));
        app.delete(BASE + "/sessions", guarded(sessions::endAll));
        app.delete(BASE + "/sessions/{id}", guarded(sessions::end));
        app.get(BASE + "/events", guarded(events::list));
    }

    /** One admin route: authenticated, and every way it can fail rendered as a problem. */
    private Handler guarded(Route route) {
        return ctx -> {
            ErrorRenderer.noStore(ctx);
            try {
                route.handle(ctx, auth.admin(ctx));
            } catch (Problem p) {
                answer(ctx, p);
            } catch (OverloadedException e) {
                ctx.header("Retry-After", "1");
                answer(ctx, new Problem(503, "temporarily_unavailable", "too many password checks at once, retry shortly"));
            } catch (HttpResponseException e) {
                answer(ctx, problemOf(e));
            } catch (RuntimeException e) {
                answer(ctx, unexpected(e, ctx));
            }
        };
    }

    /** Javalin's own refusals (no such endpoint, method, a body over the size cap) as problems. */
    public static Problem problemOf(HttpResponseException e) {
        return switch (e.getStatus()) {
            case 404 -> Problem.notFound("no such endpoint");
            case 405 -> new Problem(405, "method_not_allowed", "method not allowed on this endpoint");
            default -> new Problem(e.getStatus(), e.getStatus() >= 500 ? "server_error" : "invalid_request", e.getMessage());
        };
    }

    /** A failure nobody foresaw: logged; a store that does not answer is a 503 to retry. */
    public static Problem unexpected(Exception e, Context ctx) {
        if (ErrorRenderer.logged(e, ctx) == 503) {
            ctx.header("Retry-After", "1");
            return new Problem(503, "temporarily_unavailable", "the service is temporarily unavailable, retry shortly");
        }
        return new Problem(500, "server_error", "internal error");
    }

    private static void answer(Context ctx, Problem p) {
        ctx.attribute(RequestMetrics.OUTCOME, p.code());
        Problem.render(p, ctx);
    }

    static void json(Context ctx, int status, Map<String, Object> body) {
        Answer.json(ctx.status(status), JSONValue.toJSONString(body));
    }

    private static byte[] readContract() {
        try (InputStream in = AdminApi.class.getResourceAsStream("/openapi/admin.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi/admin.json is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A handler of an authenticated admin request. */
    @FunctionalInterface
    interface Route {
        void handle(Context ctx, Admin admin);
    }
}
