package org.pbxauth.http.operator;

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
import org.pbxauth.directory.Customers;
import org.pbxauth.http.Answer;
import org.pbxauth.http.admin.AdminApi;
import org.pbxauth.http.errors.ErrorRenderer;
import org.pbxauth.http.errors.Problem;
import org.pbxauth.http.ops.Audit;
import org.pbxauth.http.ops.RequestMetrics;

/**
 * The platform operator's REST API, {@code /operator/api/v1/}: PBX customers across the
 * platform. The contract is {@code openapi/operator.json} (OpenAPI 3.1), served at
 * {@code /operator/api/openapi.json} whether the API is on or not; the handlers follow it. Off
 * (no route, 404) unless the operator credential is set; every route authenticates by it
 * (HTTP Basic), answers JSON, fails as an RFC 9457 problem, and is never cached. Any Host:
 * the API belongs to no customer.
 */
public final class OperatorApi {
    public static final String BASE = "/operator/api/v1";
    public static final String CONTRACT = "/operator/api/openapi.json";

    private final OperatorCredential credential;
    private final CustomersResource customers;
    private final String contract;

    public OperatorApi(OperatorCredential credential, Customers customers) {
        this.credential = credential;
        this.customers = new CustomersResource(customers);
        this.contract = readContract();
    }

    /** True for a path of the operator API, whose failures are problems (the contract too). */
    public static boolean isApi(String path) {
        return path.startsWith("/operator/api/");
    }

    public void addTo(Javalin app) {
        app.get(CONTRACT, ctx -> Answer.write(ctx.header("Cache-Control", "no-cache"), "application/json", contract));
        if (!credential.isConfigured()) {
            return; // off: everything under BASE is the server's 404, as a problem
        }
        app.get(BASE + "/customers", guarded(customers::list));
        app.post(BASE + "/customers", guarded(customers::create));
        app.get(BASE + "/customers/{id}", guarded(customers::get));
        app.patch(BASE + "/customers/{id}", guarded(customers::update));
        app.delete(BASE + "/customers/{id}", guarded(customers::delete));
    }

    /** One operator route: authenticated, and every way it can fail rendered as a problem. */
    private Handler guarded(Handler route) {
        return ctx -> {
            ErrorRenderer.noStore(ctx);
            try {
                credential.check(ctx);
                route.handle(ctx);
            } catch (Problem p) {
                if (p.status() == 401) {
                    Audit.operatorRefused(ctx);
                }
                answer(ctx, p);
            } catch (HttpResponseException e) {
                answer(ctx, AdminApi.problemOf(e));
            } catch (RuntimeException e) {
                answer(ctx, AdminApi.unexpected(e, ctx));
            }
        };
    }

    private static void answer(Context ctx, Problem p) {
        ctx.attribute(RequestMetrics.OUTCOME, p.code());
        Problem.render(p, ctx);
    }

    static void json(Context ctx, int status, Map<String, Object> body) {
        Answer.json(ctx.status(status), JSONValue.toJSONString(body));
    }

    private static String readContract() {
        try (InputStream in = OperatorApi.class.getResourceAsStream("/openapi/operator.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi/operator.json is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
