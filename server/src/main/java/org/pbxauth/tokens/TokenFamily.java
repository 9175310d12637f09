package org.pbxauth.tokens;

import java.time.Instant;
import org.pbxauth.apps.AccessLevel;

/** One login: every access and refresh token born of it belongs to it and dies with it. */
public record TokenFamily(long id, long tenantId, long userId, long appId, AccessLevel access,
                          Instant createdAt, Instant revokedAt) {}
