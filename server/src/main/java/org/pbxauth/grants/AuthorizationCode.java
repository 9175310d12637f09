package org.pbxauth.grants;

import java.time.Instant;
import java.util.Optional;
import org.pbxauth.secrets.TokenHash;

/**
 * A stored authorization code: its hash and everything it is bound to (RFC 6749 §4.1.2), never
 * its value. {@code usedAt} is set by the one exchange that wins; {@code familyId} names the
 * tokens that exchange produced, so a replay can revoke them.
 */
public record AuthorizationCode(
        TokenHash hash,
        long tenantId,
        long appId,
        long userId,
        String redirectUri,
        boolean redirectUriGiven,
        String scope,
        Optional<Pkce> pkce,
        Instant createdAt,
        Instant expiresAt,
        Instant usedAt,
        Long familyId) {

    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
