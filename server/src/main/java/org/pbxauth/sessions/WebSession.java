package org.pbxauth.sessions;

import java.time.Instant;

/**
 * A login of the PBX web pages: whose, from where, since when, until when. Known by the SHA-256
 * of its cookie's id ({@code idHash}); the id itself exists only in the browser.
 */
public record WebSession(String idHash, long tenantId, long userId, String userStamp, String address,
                         Instant createdAt, Instant lastSeenAt, Instant expiresAt) {}
