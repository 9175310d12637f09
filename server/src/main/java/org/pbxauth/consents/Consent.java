package org.pbxauth.consents;

import java.time.Instant;

/** A user's "Allow" for one app of the same customer; live while {@code revokedAt} is null. */
public record Consent(long tenantId, long userId, long appId, Instant grantedAt, Instant revokedAt) {
    public boolean isLive() {
        return revokedAt == null;
    }
}
