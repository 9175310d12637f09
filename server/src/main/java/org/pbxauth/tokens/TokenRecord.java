package org.pbxauth.tokens;

import java.time.Instant;
import org.pbxauth.apps.AccessLevel;
import org.pbxauth.secrets.TokenHash;

/**
 * A stored token: its hash and everything it stands for, never its value. {@code revokedAt} is
 * the earlier of the token's own and its family's revocation; {@code spentAt} is set once a
 * refresh token has been rotated.
 */
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
        Instant revokedAt,
        Instant spentAt) {

    /** A token as minted: not yet in a family (the store assigns it), not revoked, not spent. */
    public static TokenRecord fresh(TokenHash hash, TokenKind kind, long familyId, long tenantId, long userId,
                                    long appId, AccessLevel access, Instant issuedAt, Instant expiresAt) {
        return new TokenRecord(hash, kind, familyId, tenantId, userId, appId, access, issuedAt, expiresAt, null, null);
    }

    /** Live: not expired at {@code now} and not revoked, itself or through its family. */
    public boolean isLiveAt(Instant now) {
        return revokedAt == null && now.isBefore(expiresAt);
    }
}
