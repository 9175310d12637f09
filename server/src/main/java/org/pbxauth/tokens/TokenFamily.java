package org.pbxauth.tokens;

import java.time.Instant;
import org.pbxauth.apps.AccessLevel;

/**
 * One login: every access and refresh token born of it belongs to it and dies with it.
 * {@code address} is the client address the login came from (null for logins from before it was kept).
 */
public record TokenFamily(long id, long tenantId, long userId, long appId, AccessLevel access,
                          Instant createdAt, Instant revokedAt, String address) {}
