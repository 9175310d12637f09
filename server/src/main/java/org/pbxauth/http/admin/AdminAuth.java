package org.pbxauth.http.admin;

import io.javalin.http.Context;
import org.pbxauth.apps.AccessLevel;
import org.pbxauth.http.api.BearerAuth;
import org.pbxauth.http.errors.Problem;

/**
 * Who may use the admin API: a live access token of the Host's customer (as on
 * {@code /api/ver1.0/}, counted against the same hourly limits), issued to an app with access
 * All, of a user who is an administrator and not blocked.
 */
final class AdminAuth {
    private final BearerAuth bearer;

    AdminAuth(BearerAuth bearer) {
        this.bearer = bearer;
    }

    Admin admin(Context ctx) {
        BearerAuth.Outcome outcome = bearer.check(ctx);
        if (outcome instanceof BearerAuth.Refusal r) {
            // 401 with its RFC 6750 challenge already set, or 429 with Retry-After
            throw new Problem(r.status(), r.code(), r.description());
        }
        BearerAuth.Authenticated a = (BearerAuth.Authenticated) outcome;
        if (a.token().access() != AccessLevel.ALL) {
            // the vendor's word for a Call API token on an endpoint of access All
            throw new Problem(403, "app_access_type_deny", "the app's access is Call API; the admin API needs access All");
        }
        if (!a.user().admin() || a.user().blocked()) {
            throw new Problem(403, "access_denied", "only an administrator of this PBX may use the admin API");
        }
        return new Admin(a.tenant(), a.user(), a.token());
    }
}
