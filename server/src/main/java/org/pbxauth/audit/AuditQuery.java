package org.pbxauth.audit;

import java.time.Instant;

/**
 * An administrator's filter over the customer's audit events: by user (its id: the events about
 * it and the changes it made as an administrator; with {@code login} also the refused sign-ins
 * that typed its login), App ID, kind, outcome and time range (each null for any), newest first,
 * ids below {@code beforeId} (a cursor).
 */
public record AuditQuery(long tenantId, Long userId, String login, String clientId, AuditKind kind, String outcome, Instant since,
                         Instant until, long beforeId, int limit) {
    public AuditQuery {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit is 1 to 1000");
        }
    }
}
