package org.pbxauth.tokens;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.pbxauth.apps.PbxApp;
import org.pbxauth.directory.PbxUser;
import org.pbxauth.secrets.RandomTokens;
import org.pbxauth.secrets.Secret;
import org.pbxauth.secrets.TokenHash;

/** Mints tokens, stores only their hashes, and finds live tokens by value. */
public final class TokenService {
    private final TokenRepository tokens;
    private final RandomTokens random;
    private final Clock clock;
    private final TokenLifetimes lifetimes;

    public TokenService(TokenRepository tokens, RandomTokens random, Clock clock, TokenLifetimes lifetimes) {
        this.tokens = tokens;
        this.random = random;
        this.clock = clock;
        this.lifetimes = lifetimes;
    }

    /** A new login of {@code user} through {@code app}: a new family, an access token, maybe a refresh token. */
    public IssuedTokens issueForLogin(PbxUser user, PbxApp app, boolean withRefreshToken) {
        Instant now = clock.instant();
        Secret access = random.token();
        List<TokenRecord> rows = new ArrayList<>(2);
        rows.add(new TokenRecord(TokenHash.of(access), TokenKind.ACCESS, 0, app.tenantId(), user.id(), app.id(),
                app.access(), now, now.plus(lifetimes.access()), null));
        Optional<Secret> refresh = Optional.empty();
        if (withRefreshToken) {
            Secret r = random.token();
            refresh = Optional.of(r);
            rows.add(new TokenRecord(TokenHash.of(r), TokenKind.REFRESH, 0, app.tenantId(), user.id(), app.id(),
                    app.access(), now, now.plus(lifetimes.refreshIdle()), null));
        }
        TokenFamily family = new TokenFamily(0, app.tenantId(), user.id(), app.id(), app.access(), now, null);
        long familyId = tokens.createFamily(family, rows);
        return new IssuedTokens(access, lifetimes.access(), refresh, familyId);
    }

    /** Ends a login: every access and refresh token of the family stops working at once. */
    public void revokeFamily(long familyId) {
        tokens.revokeFamily(familyId, clock.instant());
    }

    /** The live access token of this customer with this value, if any. */
    public Optional<TokenRecord> liveAccessToken(long tenantId, Secret value) {
        return tokens.find(TokenHash.of(value))
                .filter(t -> t.kind() == TokenKind.ACCESS)
                .filter(t -> t.tenantId() == tenantId)
                .filter(t -> t.isLiveAt(clock.instant()));
    }
}
