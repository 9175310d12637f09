package org.pbxauth.tokens;

import java.time.Instant;
import org.pbxauth.apps.AccessLevel;
import org.pbxauth.secrets.TokenHash;

/** A stored token: its hash and everything it stands for, never its value. */
public record TokenRecord(
        TokenHash hash,
        TokenKind kind,
        long familyId,
        long tenantId,
        long userId,
        long appId,
        AccessLevel access,
        Instant issuedAt,
        Instant expiresAt,
        Instant revokedAt) {

    /** Live: not expired at {@code now} and not revoked, itself or through its family. */
    public boolean isLiveAt(Instant now) {
        return revokedAt == null && now.isBefore(expiresAt);
    }
}
