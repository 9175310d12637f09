package org.pbxauth.grants;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.pbxauth.apps.PbxApp;
import org.pbxauth.directory.PbxUser;
import org.pbxauth.secrets.RandomTokens;
import org.pbxauth.secrets.Secret;
import org.pbxauth.secrets.TokenHash;

/** Mints authorization codes (stored only as SHA-256) and finds them by value. */
public final class AuthorizationCodes {
    /**
     * RFC 6749 §4.1.2: "The authorization code MUST expire shortly after it is issued to mitigate
     * the risk of leaks. A maximum authorization code lifetime of 10 minutes is RECOMMENDED."
     * The app exchanges it right after the redirect, so one minute is plenty.
     */
    public static final Duration LIFETIME = Duration.ofSeconds(60);

    /** A used code is kept a day past its expiry, so that a late replay still revokes its tokens. */
    static final Duration KEEP_AFTER_EXPIRY = Duration.ofDays(1);

    private final AuthorizationCodeRepository codes;
    private final RandomTokens random;
    private final Clock clock;

    public AuthorizationCodes(AuthorizationCodeRepository codes, RandomTokens random, Clock clock) {
        this.codes = codes;
        this.random = random;
        this.clock = clock;
    }

    /** A new code for {@code user} through {@code app}, bound to the request's redirect URL and PKCE. */
    public Secret issue(PbxApp app, PbxUser user, String redirectUri, boolean redirectUriGiven, String scope,
                        Optional<Pkce> pkce) {
        if (app.tenantId() != user.tenantId()) {
            throw new IllegalArgumentException("app and user of different customers");
        }
        Secret value = random.token();
        Instant now = clock.instant();
        codes.create(new AuthorizationCode(TokenHash.of(value), app.tenantId(), app.id(), user.id(), redirectUri,
                redirectUriGiven, scope, pkce, now, now.plus(LIFETIME), null, null));
        return value;
    }

    public Optional<AuthorizationCode> find(Secret value) {
        return codes.find(TokenHash.of(value));
    }

    /** True for the one exchange that may use this code; false when it is used or expired by now. */
    public boolean consume(AuthorizationCode code) {
        return codes.markUsed(code.hash(), clock.instant());
    }

    /** True when the code was replayed while its exchange ran: the caller must revoke what it issued. */
    public boolean attachFamily(AuthorizationCode code, long familyId) {
        return codes.attachFamily(code.hash(), familyId);
    }

    /** A used code came back: records it and answers the family to revoke, if issued yet. */
    public Optional<Long> replayed(AuthorizationCode code) {
        return codes.markReplayed(code.hash(), clock.instant());
    }

    /** Deletes long-expired codes in batches of {@code batch} until none is left; returns how many. */
    public int purgeExpired(int batch) {
        Instant before = clock.instant().minus(KEEP_AFTER_EXPIRY);
        int total = 0;
        int n;
        do {
            n = codes.purgeExpired(before, batch);
            total += n;
        } while (n == batch);
        return total;
    }

    public Instant now() {
        return clock.instant();
    }
}
