package org.pbxauth.tokens;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.pbxauth.apps.PbxApp;
import org.pbxauth.directory.PbxUser;
import org.pbxauth.secrets.RandomTokens;
import org.pbxauth.secrets.Secret;
import org.pbxauth.secrets.TokenHash;

/** Mints tokens, stores only their hashes, rotates refresh tokens, and finds live tokens by value. */
public final class TokenService {
    private final TokenRepository tokens;
    private final RandomTokens random;
    private final Clock clock;
    private final TokenLifetimes lifetimes;
    private volatile TokenEvents events = TokenEvents.NONE;
    private final TokenUse use;

    /** The one refusal after which the token's key from before the clock slot is tried too. */
    private static final RefreshResult.Refused UNKNOWN =
            new RefreshResult.Refused("the refresh token is unknown or belongs to another app", false);

    public TokenService(TokenRepository tokens, RandomTokens random, Clock clock, TokenLifetimes lifetimes) {
        this.tokens = tokens;
        this.random = random;
        this.clock = clock;
        this.lifetimes = lifetimes;
        this.use = new TokenUse(tokens);
    }

    /** When logins and apps were last used: in memory, written by {@link TokenUse#flush}. */
    public TokenUse use() {
        return use;
    }

    /** A bearer call with this live access token: its login and app were used now. */
    public void used(TokenRecord token) {
        use.used(token.familyId(), token.appId(), clock.instant());
    }

    /** The logins of {@code user} that still have a live token, newest first, with their last use. */
    public List<LiveLogin> liveLogins(long tenantId, long userId) {
        return liveLogins(tenantId, userId, null, Long.MAX_VALUE, 500);
    }

    /**
     * The customer's logins that still have a live token, of one user and/or app when given,
     * newest first, ids below {@code beforeId} (a cursor), with their last use.
     */
    public List<LiveLogin> liveLogins(long tenantId, Long userId, Long appId, long beforeId, int limit) {
        return tokens.liveLogins(tenantId, userId, appId, beforeId, clock.instant(), limit).stream()
                .map(l -> {
                    Instant used = use.familyLastUsed(l.familyId(), l.lastUsedAt());
                    return used == l.lastUsedAt() ? l : new LiveLogin(l.familyId(), l.userId(), l.appId(),
                            l.clientId(), l.appName(), l.startedAt(), used, l.address());
                })
                .toList();
    }

    /** An administrator's "end": one login of any user of the customer; empty when none such is live. */
    public Optional<TokenFamily> endLoginOfCustomer(long tenantId, long familyId) {
        return end(familyId, f -> f.tenantId() == tenantId, "admin");
    }

    private Optional<TokenFamily> end(long familyId, java.util.function.Predicate<TokenFamily> whose, String cause) {
        Optional<TokenFamily> family = tokens.family(familyId).filter(f -> f.revokedAt() == null).filter(whose);
        if (family.isEmpty() || !tokens.revokeFamily(familyId, clock.instant())) {
            return Optional.empty();
        }
        events.revoked(cause, 1);
        return family;
    }

    /**
     * "End this session": revokes one login of this user and returns it; empty when the family is
     * not theirs (another user's, another customer's, unknown) or already ended, and then nothing changes.
     */
    public Optional<TokenFamily> endLogin(long tenantId, long userId, long familyId) {
        return end(familyId, f -> f.tenantId() == tenantId && f.userId() == userId, "session");
    }

    /** Where issued and revoked tokens are reported (metrics). */
    public void reportTo(TokenEvents events) {
        this.events = events;
    }

    /**
     * A new login of {@code user} through {@code app} from {@code address}: a new family, an
     * access token, maybe a refresh token.
     */
    public IssuedTokens issueForLogin(PbxUser user, PbxApp app, boolean withRefreshToken, String address) {
        Instant now = clock.instant();
        Minted minted = mint(app.tenantId(), user.id(), app, 0, now, withRefreshToken,
                now.plus(lifetimes.refreshIdle()));
        TokenFamily family = new TokenFamily(0, app.tenantId(), user.id(), app.id(), app.access(), now, null,
                address != null && address.length() <= 45 ? address : null);
        long familyId = tokens.createFamily(family, minted.rows());
        use.used(familyId, app.id(), now);
        minted.report(events);
        return minted.issued(familyId);
    }

    /**
     * Rotates a refresh token presented by {@code app} (RFC 6749 §6, RFC 9700 §4.14.2): the old
     * token is spent and a new pair joins its family. A spent token presented again within
     * {@code grace} by the same app gets another pair in the same family (a client retrying
     * after a lost answer stays logged in); after it, the whole family is revoked.
     */
    public RefreshResult refresh(PbxApp app, Secret presented, Duration grace) {
        Instant now = clock.instant();
        RefreshResult result = tokens.withLockedToken(TokenHash.of(presented), locked -> rotate(locked, app, grace, now));
        if (result == UNKNOWN) { // maybe minted before the clock slot: stored under its bare SHA-256
            result = tokens.withLockedToken(TokenHash.legacy(presented), locked -> rotate(locked, app, grace, now));
        }
        switch (result) {
            case RefreshResult.Rotated r -> {
                events.issued(TokenKind.ACCESS, 1);
                events.issued(TokenKind.REFRESH, 1);
            }
            case RefreshResult.Refused r -> {
                if (r.familyRevoked()) {
                    events.revoked("refresh_reuse", 1);
                }
            }
        }
        return result;
    }

    /** One refresh inside the transaction that holds the presented token's row. */
    private RefreshResult rotate(TokenRepository.LockedToken locked, PbxApp app, Duration grace, Instant now) {
        TokenRecord token = locked.token().orElse(null);
        TokenFamily family = locked.family().orElse(null);
        if (token == null || family == null) {
            return UNKNOWN;
        }
        // RFC 6749 §6: the refresh token must have been "issued to the client" and be valid.
        if (token.kind() != TokenKind.REFRESH || token.appId() != app.id() || token.tenantId() != app.tenantId()) {
            return new RefreshResult.Refused(UNKNOWN.reason(), false); // the same words, no second look
        }
        if (token.revokedAt() != null || family.revokedAt() != null) {
            return new RefreshResult.Refused("the refresh token has been revoked", false);
        }
        Instant familyEnd = family.createdAt().plus(lifetimes.familyMax());
        if (!now.isBefore(token.expiresAt()) || !now.isBefore(familyEnd)) {
            return new RefreshResult.Refused("the refresh token has expired", false);
        }
        if (token.spentAt() != null) {
            if (grace.isZero() || now.isAfter(token.spentAt().plus(grace))) {
                locked.revokeFamily(now);
                return new RefreshResult.Refused("the refresh token was already used; its login is revoked", true);
            }
        } else {
            locked.markSpent(now);
        }
        Instant refreshEnd = min(now.plus(lifetimes.refreshIdle()), familyEnd);
        Minted minted = mint(token.tenantId(), token.userId(), app, family.id(), now, true, refreshEnd);
        locked.addTokens(minted.rows());
        use.used(family.id(), family.appId(), now);
        return new RefreshResult.Rotated(minted.issued(family.id()));
    }

    /** Ends a login: every access and refresh token of the family stops working at once. */
    public void revokeFamily(long familyId) {
        if (tokens.revokeFamily(familyId, clock.instant())) {
            events.revoked("code_replay", 1);
        }
    }

    /**
     * RFC 7009 §2.1: revoking a refresh token ends its family; an access token ends alone.
     * Unknown tokens are a quiet no-op, as the RFC asks.
     */
    public void revoke(TokenRecord token) {
        boolean revoked = token.kind() == TokenKind.REFRESH
                ? tokens.revokeFamily(token.familyId(), clock.instant())
                : tokens.revokeToken(token.hash(), clock.instant());
        if (revoked) {
            events.revoked("revocation", 1);
        }
    }

    public int revokeUser(long tenantId, long userId) {
        return counted("user", tokens.revokeFamiliesOfUser(tenantId, userId, clock.instant()));
    }

    public int revokeApp(long appId) {
        return counted("app", tokens.revokeFamiliesOfApp(appId, clock.instant()));
    }

    public int revokeUserApp(long tenantId, long userId, long appId) {
        return counted("consent", tokens.revokeFamiliesOfUserAndApp(tenantId, userId, appId, clock.instant()));
    }

    private int counted(String cause, int families) {
        events.revoked(cause, families);
        return families;
    }

    /** Any stored token with this value (for revocation and introspection), live or not. */
    public Optional<TokenRecord> find(Secret value) {
        return byKey(value, tokens::find);
    }

    /** Any stored token with this value, with its user and app (introspection), live or not. */
    public Optional<TokenWithUser> findWithUser(Secret value) {
        return byKey(value, tokens::findWithUser);
    }

    /** The live access token of this customer with this value, if any, with its user. */
    public Optional<TokenWithUser> liveAccessToken(long tenantId, Secret value) {
        return findWithUser(value)
                .filter(t -> t.token().kind() == TokenKind.ACCESS)
                .filter(t -> t.token().tenantId() == tenantId)
                .filter(t -> t.token().isLiveAt(clock.instant()));
    }

    /**
     * A token by its key; a token minted before keys began with the clock slot (TokenHash) is
     * stored under its bare SHA-256, so a miss looks there too. Only unknown tokens pay it.
     */
    private static <T> Optional<T> byKey(Secret value, Function<TokenHash, Optional<T>> find) {
        Optional<T> found = find.apply(TokenHash.of(value));
        return found.isPresent() ? found : find.apply(TokenHash.legacy(value));
    }

    public Instant now() {
        return clock.instant();
    }

    private Minted mint(long tenantId, long userId, PbxApp app, long familyId, Instant now, boolean withRefresh,
                        Instant refreshExpiry) {
        Secret access = random.token();
        List<TokenRecord> rows = new ArrayList<>(2);
        rows.add(TokenRecord.fresh(TokenHash.of(access), TokenKind.ACCESS, familyId, tenantId, userId, app.id(),
                app.access(), now, now.plus(lifetimes.access())));
        Secret refresh = null;
        if (withRefresh) {
            refresh = random.token();
            rows.add(TokenRecord.fresh(TokenHash.of(refresh), TokenKind.REFRESH, familyId, tenantId, userId,
                    app.id(), app.access(), now, refreshExpiry));
        }
        return new Minted(access, Optional.ofNullable(refresh), rows);
    }

    private record Minted(Secret access, Optional<Secret> refresh, List<TokenRecord> rows) {
        void report(TokenEvents events) {
            events.issued(TokenKind.ACCESS, 1);
            refresh.ifPresent(r -> events.issued(TokenKind.REFRESH, 1));
        }

        IssuedTokens issued(long familyId) {
            return new IssuedTokens(access, Duration.between(rows.get(0).issuedAt(), rows.get(0).expiresAt()),
                    refresh, familyId, rows.get(0).userId());
        }
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
