package org.pbxauth.http.api;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.LinkedHashMap;
import java.util.Map;
import net.minidev.json.JSONValue;
import org.pbxauth.apps.AccessLevel;
import org.pbxauth.directory.PbxUser;
import org.pbxauth.http.Answer;
import org.pbxauth.http.errors.ErrorRenderer;

/** {@code GET /api/ver1.0/user/}: the token's user, in the vendor's shape. */
public final class UserApi implements Handler {
    private final BearerAuth bearer;

    public UserApi(BearerAuth bearer) {
        this.bearer = bearer;
    }

    @Override
    public void handle(Context ctx) {
        ErrorRenderer.noStore(ctx); // a user's data, and refusals about a user, are never cached
        var auth = bearer.authenticate(ctx);
        if (auth.isEmpty()) {
            return;
        }
        var token = auth.get().token();
        PbxUser user = auth.get().user(); // a deleted user took the token with it: BearerAuth answered 401
        if (user.blocked()) {
            Answer.write(ctx.status(403), "application/json", "{\"status\":\"user_blocked\"}");
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", user.id());
        body.put("login", user.login());
        body.put("client_id", user.tenantId());
        body.put("admin", user.admin());
        // What this token may do: "full" for an All app, "call_api" for a Call API app.
        body.put("access", token.access() == AccessLevel.ALL ? "full" : "call_api");
        body.put("extension_id", user.extensionId());
        body.put("extension_group_id", user.extensionGroupId());
        body.put("timezone", user.timezone());
        body.put("dealer_id", null);
        body.put("extra_params", null);
        ctx.header("Cache-Control", "no-store");
        Answer.json(ctx, JSONValue.toJSONString(body));
    }
}
