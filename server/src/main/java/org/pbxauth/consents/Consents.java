package org.pbxauth.consents;

import java.time.Clock;
import java.util.List;
import org.pbxauth.apps.PbxApp;
import org.pbxauth.directory.PbxUser;
import org.pbxauth.tokens.TokenService;

/**
 * Remembered consents of the authorization-code flow: the platform asks once and remembers "the
 * grant until revoked"; revoking ends every login of that user through that app at once.
 */
public final class Consents {
    private final ConsentRepository consents;
    private final TokenService tokens;
    private final Clock clock;

    public Consents(ConsentRepository consents, TokenService tokens, Clock clock) {
        this.consents = consents;
        this.tokens = tokens;
        this.clock = clock;
    }

    public boolean isGranted(long tenantId, long userId, long appId) {
        return consents.isGranted(tenantId, userId, appId);
    }

    public void grant(PbxUser user, PbxApp app) {
        requireSameCustomer(user, app);
        consents.grant(user.tenantId(), user.id(), app.id(), clock.instant());
    }

    /**
     * Revokes the consent and then every token family of this user and app. In this order: a
     * code exchange that created a family before the revocation is caught here, and one that
     * creates it after sees the revoked consent (it checks again after issuing).
     */
    public Revocation revoke(PbxUser user, PbxApp app) {
        requireSameCustomer(user, app);
        boolean wasLive = consents.revoke(user.tenantId(), user.id(), app.id(), clock.instant());
        int families = tokens.revokeUserApp(user.tenantId(), user.id(), app.id());
        return new Revocation(wasLive, families);
    }

    public List<Consent> list(PbxUser user) {
        return consents.list(user.tenantId(), user.id());
    }

    private static void requireSameCustomer(PbxUser user, PbxApp app) {
        if (user.tenantId() != app.tenantId()) {
            throw new IllegalArgumentException("the user and the app belong to different customers");
        }
    }

    /** What a revocation did: whether a live consent ended, and how many logins were revoked. */
    public record Revocation(boolean consentWasLive, int familiesRevoked) {}
}
