package org.pbxauth.lifecycle;

import org.pbxauth.apps.PbxApp;
import org.pbxauth.audit.AuditEvent;
import org.pbxauth.audit.AuditKind;
import org.pbxauth.audit.AuditTrail;
import org.pbxauth.directory.PbxUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit of what an administrator (or the operator) changed of a user or an app: one line of
 * the {@code pbxauth.audit} log and one event of the trail, naming the actor beside the user or
 * app. Only changes that were made are recorded: a refused or lost compare-and-set is none.
 */
final class ChangeTrail {
    private static final Logger audit = LoggerFactory.getLogger("pbxauth.audit");

    private final AuditTrail trail;

    ChangeTrail(AuditTrail trail) {
        this.trail = trail;
    }

    void user(AuditKind kind, PbxUser user, String detail, Actor by) {
        audit.info("user change kind={} customer={} user={} admin={} client={} outcome=ok", kind.wireName(),
                user.tenantId(), user.id(), by.userId() == null ? "cli" : by.userId(), by.address());
        record(kind, user.tenantId(), user.id(), null, detail, by);
    }

    /** An app's change; the event's user is the administrator who made it, as for an app registered. */
    void app(AuditKind kind, PbxApp app, Actor by) {
        audit.info("app change kind={} customer={} app={} admin={} client={} outcome=ok", kind.wireName(),
                app.tenantId(), app.clientId(), by.userId() == null ? "cli" : by.userId(), by.address());
        record(kind, app.tenantId(), by.userId(), app.clientId(), null, by);
    }

    private void record(AuditKind kind, long tenantId, Long userId, String clientId, String detail, Actor by) {
        String said = by.userId() == null && detail == null ? "by the operator" : detail;
        trail.record(new AuditEvent(tenantId, userId, by.userId(), null, clientId, kind, said, "ok", by.address(),
                trail.clock().instant()));
    }
}
