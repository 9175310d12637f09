package org.pbxauth.tokens;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.pbxauth.secrets.TokenHash;

/** Tokens by hash, and their families; implemented by the store. */
public interface TokenRepository {
    /** Stores a new family and its first tokens in one transaction; returns the family's id. */
    long createFamily(TokenFamily family, List<TokenRecord> tokens);

    /** The token with this hash, its {@code revokedAt} including its family's revocation. */
    Optional<TokenRecord> find(TokenHash hash);

    /** As {@link #find}, with the token's user and app; empty also when either is gone. */
    Optional<TokenWithUser> findWithUser(TokenHash hash);

    /**
     * Runs {@code work} in one transaction holding the lock of the token's row, so concurrent
     * refreshes of one token take turns and see each other's changes.
     */
    <T> T withLockedToken(TokenHash hash, Function<LockedToken, T> work);

    /** The family with this id, live or not. */
    Optional<TokenFamily> family(long familyId);

    /**
     * The customer's logins with a live token (neither revoked, spent nor expired at {@code now}),
     * newest first (by id), of one user and/or one app when given, with an id below {@code beforeId}.
     */
    List<LiveLogin> liveLogins(long tenantId, Long userId, Long appId, long beforeId, Instant now, int limit);

    /**
     * Records when families and apps were last used (id to epoch milliseconds); a time never goes
     * back. Unknown ids (purged since) are ignored.
     */
    void recordUse(Map<Long, Long> families, Map<Long, Long> apps);

    /** Revokes one family: every token born of that login. True when it was live. */
    boolean revokeFamily(long familyId, Instant at);

    /** Revokes a single token. True when it was live. */
    boolean revokeToken(TokenHash hash, Instant at);

    /** Revokes every family of a user (a password change, a block, "log out everywhere"). */
    int revokeFamiliesOfUser(long tenantId, long userId, Instant at);

    /** Revokes every family of an app (its secret rotated, the app deleted). */
    int revokeFamiliesOfApp(long appId, Instant at);

    /** Revokes the families of one user with one app (a consent withdrawn). */
    int revokeFamiliesOfUserAndApp(long tenantId, long userId, long appId, Instant at);

    /**
     * Deletes at most {@code batch} tokens that expired before {@code before}, and families
     * left without tokens; returns how many tokens went. Callers loop until it returns 0.
     */
    int purgeExpired(Instant before, int batch);

    /** A token row under lock, and what may be done with it inside the transaction. */
    interface LockedToken {
        /** The token as stored (its own revocation only), empty when unknown. */
        Optional<TokenRecord> token();

        /** The token's family, empty when the token is unknown. */
        Optional<TokenFamily> family();

        void markSpent(Instant at);

        void addTokens(List<TokenRecord> tokens);

        void revokeFamily(Instant at);
    }
}
