package org.pbxauth.audit;

/** An audit event as stored, with its id (the cursor of the next page). */
public record StoredEvent(long id, AuditEvent event) {}
