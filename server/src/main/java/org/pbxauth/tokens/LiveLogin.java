package org.pbxauth.tokens;

import java.time.Instant;

/**
 * A login of one user that still has a live token, as "My sessions" lists it: the app, when it
 * began, when a token of it was last used (to the minute) and where it came from (null: not kept).
 */
public record LiveLogin(long familyId, long userId, long appId, String clientId, String appName, Instant startedAt,
                        Instant lastUsedAt, String address) {}
