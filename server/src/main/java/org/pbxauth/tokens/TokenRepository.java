package org.pbxauth.tokens;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.pbxauth.secrets.TokenHash;

/** Tokens by hash; implemented by the store. */
public interface TokenRepository {
    /** Stores a new family and its first tokens in one transaction; returns the family's id. */
    long createFamily(TokenFamily family, List<TokenRecord> tokens);

    /**
     * The token with this hash; {@code revokedAt} is set when the token or its family is revoked,
     * so a caller needs only {@link TokenRecord#isLiveAt}.
     */
    Optional<TokenRecord> find(TokenHash hash);

    /** Revokes one family: every token born of that login. True when it was live. */
    boolean revokeFamily(long familyId, Instant at);

    /** Revokes every family of a user (a password change, a block, "log out everywhere"). */
    int revokeFamiliesOfUser(long tenantId, long userId, Instant at);
}
