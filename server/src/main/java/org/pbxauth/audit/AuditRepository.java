package org.pbxauth.audit;

import java.time.Instant;
import java.util.List;

/** Audit events in the store; implemented by the store. */
public interface AuditRepository {
    void append(List<AuditEvent> events);

    /** The newest events of one user: those naming the user, and refused sign-ins with its login. */
    List<AuditEvent> recent(long tenantId, long userId, String login, int limit);

    /** The customer's events that match {@code query}, newest first. */
    List<StoredEvent> search(AuditQuery query);

    /** Deletes at most {@code batch} events older than {@code before}; returns how many went. */
    int purgeBefore(Instant before, int batch);
}
