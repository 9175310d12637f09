package org.pbxauth.http.operator;

import io.javalin.http.Context;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pbxauth.directory.Customers;
import org.pbxauth.directory.DirectoryException;
import org.pbxauth.directory.Tenant;
import org.pbxauth.http.admin.ETags;
import org.pbxauth.http.admin.JsonBody;
import org.pbxauth.http.admin.Paging;
import org.pbxauth.http.admin.Params;
import org.pbxauth.http.errors.Problem;
import org.pbxauth.http.ops.Audit;

/** {@code /customers}: list, add, read, change (merge patch under If-Match), delete. */
final class CustomersResource {
    private static final Set<String> MEMBERS = Set.of("name", "hostnames", "public_url", "api_limit_per_hour");

    private final Customers customers;

    CustomersResource(Customers customers) {
        this.customers = customers;
    }

    void list(Context ctx) {
        Paging paging = Paging.of(ctx, "customers");
        List<Tenant> found = customers.page(paging.afterId(), paging.fetch());
        OperatorApi.json(ctx, 200, paging.page(found, Tenant::id, CustomersResource::render));
    }

    void create(Context ctx) {
        JsonBody body = JsonBody.read(ctx, JsonBody.JSON, MEMBERS);
        String name = body.requiredString("name");
        if (!body.has("hostnames")) {
            throw Problem.badRequest("'hostnames' is required");
        }
        List<String> hostnames = body.strings("hostnames", List.of());
        URI publicUrl = publicUrl(body, null);
        Long limit = body.nullableLong("api_limit_per_hour", null);
        Tenant created = refusing(() -> customers.create(name, hostnames, publicUrl, limit));
        Audit.operatorChange(ctx, "created", created.id());
        ctx.header("Location", OperatorApi.BASE + "/customers/" + created.id());
        ctx.header("ETag", etag(created));
        OperatorApi.json(ctx, 201, render(created));
    }

    void get(Context ctx) {
        Tenant t = find(Params.pathId(ctx));
        ctx.header("ETag", etag(t));
        OperatorApi.json(ctx, 200, render(t));
    }

    void update(Context ctx) {
        long id = Params.pathId(ctx);
        Tenant t = find(id);
        JsonBody patch = JsonBody.read(ctx, JsonBody.MERGE_PATCH, MEMBERS);
        ETags.requireMatch(ctx, etag(t));
        Tenant wanted = new Tenant(id, patch.string("name", t.name()), patch.strings("hostnames", t.hostnames()),
                publicUrl(patch, t.publicUrl()), patch.nullableLong("api_limit_per_hour", t.apiLimitPerHour()));
        // applied only while the customer is still t: a change since (any node) makes this one stale
        Customers.Change change = refusing(() -> customers.change(t, wanted));
        if (change == Customers.Change.GONE) {
            throw Problem.notFound("no customer " + id);
        }
        if (!(change instanceof Customers.Change.Done done)) {
            throw new Problem(412, "precondition_failed", "the resource changed since it was read: read it again");
        }
        Audit.operatorChange(ctx, "changed", id);
        ctx.header("ETag", etag(done.customer()));
        OperatorApi.json(ctx, 200, render(done.customer()));
    }

    void delete(Context ctx) {
        long id = Params.pathId(ctx);
        if (!customers.delete(id)) {
            throw Problem.notFound("no customer " + id);
        }
        Audit.operatorChange(ctx, "deleted", id);
        ctx.status(204);
    }

    private Tenant find(long id) {
        return customers.find(id).orElseThrow(() -> Problem.notFound("no customer " + id));
    }

    /** {@code public_url}: absent keeps {@code current}, null clears, else a URL as {@link Tenant#parsePublicUrl} takes. */
    private static URI publicUrl(JsonBody body, URI current) {
        String text = body.nullableString("public_url", current == null ? null : current.toString());
        return text == null ? null : refusing(() -> Tenant.parsePublicUrl(text));
    }

    /** A refused change as its problem: 409 for what collides with another customer, else 400. */
    private static <T> T refusing(java.util.function.Supplier<T> change) {
        try {
            return change.get();
        } catch (DirectoryException e) {
            throw e.isConflict() ? Problem.conflict(e.getMessage()) : Problem.badRequest(e.getMessage());
        }
    }

    static String etag(Tenant t) {
        return ETags.of("customer", t.id(), t.name(), t.hostnames(), t.publicUrl(), t.apiLimitPerHour());
    }

    static Map<String, Object> render(Tenant t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("name", t.name());
        m.put("hostnames", t.hostnames());
        m.put("public_url", t.publicUrl() == null ? null : t.publicUrl().toString());
        m.put("api_limit_per_hour", t.apiLimitPerHour());
        return m;
    }
}
