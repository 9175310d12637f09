package org.pbxauth.audit;

import java.time.Instant;

/**
 * One row of the audit trail: who (customer, user when known, the login typed for a refused
 * sign-in), which administrator made the change ({@code actorId}; null for a user's own events and
 * the operator's CLI), through which app, from where, what, how it ended, when. Never a password,
 * secret or token: {@code detail} is a grant name or a short fixed phrase, {@code outcome} "ok" or
 * an error code.
 */
public record AuditEvent(long tenantId, Long userId, Long actorId, String login, String clientId, AuditKind kind,
                         String detail, String outcome, String address, Instant at) {

    public AuditEvent {
        login = cap(login, 100);
        clientId = cap(clientId, 32);
        detail = cap(detail, 64);
        outcome = cap(outcome == null ? "ok" : outcome, 32);
        address = cap(address == null ? "-" : address, 45);
    }

    private static String cap(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
