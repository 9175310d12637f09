package org.pbxauth.consents;

import java.time.Instant;
import java.util.List;

/** Consents by customer, user and app; implemented by the store. */
public interface ConsentRepository {
    boolean isGranted(long tenantId, long userId, long appId);

    /** Records the consent, or renews a revoked one; granting a live consent again is a no-op. */
    void grant(long tenantId, long userId, long appId, Instant at);

    /** Revokes the live consent; true when there was one. */
    boolean revoke(long tenantId, long userId, long appId, Instant at);

    /** Every consent of one user, live or revoked, oldest first. */
    List<Consent> list(long tenantId, long userId);
}
