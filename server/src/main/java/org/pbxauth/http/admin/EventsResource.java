package org.pbxauth.http.admin;

import io.javalin.http.Context;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.pbxauth.apps.PbxApp;
import org.pbxauth.audit.AuditEvent;
import org.pbxauth.audit.AuditKind;
import org.pbxauth.audit.AuditQuery;
import org.pbxauth.audit.StoredEvent;
import org.pbxauth.directory.PbxUser;
import org.pbxauth.http.errors.Problem;

/** {@code /events}: the customer's audit trail, newest first, filtered by user, app, kind, outcome and time. */
final class EventsResource {
    private final AdminDomain domain;

    EventsResource(AdminDomain domain) {
        this.domain = domain;
    }

    void list(Context ctx, Admin admin) {
        Long userId = Params.id(ctx, "user_id");
        Long appId = Params.id(ctx, "app_id");
        String clientId = Params.text(ctx, "client_id", 32);
        AuditKind kind = kind(Params.text(ctx, "kind", 32));
        String outcome = Params.text(ctx, "outcome", 32);
        Instant since = Params.instant(ctx, "since");
        Instant until = Params.instant(ctx, "until");
        Paging paging = Paging.of(ctx, "events");
        List<StoredEvent> found = List.of();
        // app_id is the app's, found in this customer; client_id also finds a deleted app's events
        Optional<String> appClientId = appId == null ? Optional.ofNullable(clientId)
                : domain.apps().app(admin.tenantId(), appId).map(PbxApp::clientId)
                        .filter(c -> clientId == null || c.equals(clientId));
        if (appId == null || appClientId.isPresent()) {
            // a user's events, and the refused sign-ins that typed its login (as the console shows them)
            String login = userId == null ? null
                    : domain.users().findById(admin.tenantId(), userId).map(PbxUser::login).orElse(null);
            found = domain.audit().search(new AuditQuery(admin.tenantId(), userId, login, appClientId.orElse(null),
                    kind, outcome, since, until, paging.beforeId(), paging.fetch()));
        }
        // the logins of the page's users in one query; the login a refused sign-in typed is its own
        Set<Long> userIds = new HashSet<>();
        found.forEach(e -> {
            if (e.event().userId() != null) {
                userIds.add(e.event().userId());
            }
        });
        Map<Long, String> logins = userIds.isEmpty() ? Map.of() : domain.users().logins(admin.tenantId(), userIds);
        AdminApi.json(ctx, 200, paging.page(found, StoredEvent::id, e -> render(e, e.event().login() != null
                ? e.event().login() : e.event().userId() == null ? null : logins.get(e.event().userId()))));
    }

    private static Map<String, Object> render(StoredEvent stored, String login) {
        AuditEvent e = stored.event();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", stored.id());
        m.put("at", Params.wire(e.at()));
        m.put("kind", e.kind().wireName());
        m.put("user_id", e.userId());
        m.put("actor_id", e.actorId());
        m.put("login", login);
        m.put("client_id", e.clientId());
        m.put("detail", e.detail());
        m.put("outcome", e.outcome());
        m.put("address", e.address());
        return m;
    }

    private static AuditKind kind(String text) {
        if (text == null) {
            return null;
        }
        for (AuditKind k : AuditKind.values()) {
            if (k.wireName().equals(text)) {
                return k;
            }
        }
        throw Problem.badRequest("kind is one of " + java.util.Arrays.stream(AuditKind.values()).map(AuditKind::wireName)
                .collect(java.util.stream.Collectors.joining(", ")));
    }
}
