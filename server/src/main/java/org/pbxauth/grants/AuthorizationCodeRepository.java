package org.pbxauth.grants;

import java.time.Instant;
import java.util.Optional;
import org.pbxauth.secrets.TokenHash;

/** Authorization codes by hash; implemented by the store. */
public interface AuthorizationCodeRepository {
    void create(AuthorizationCode code);

    Optional<AuthorizationCode> find(TokenHash hash);

    /**
     * Marks the code used, atomically: true for exactly one caller, and only while the code is
     * unused and unexpired at {@code now}.
     */
    boolean markUsed(TokenHash hash, Instant now);

    /** Records the family an exchange produced; true when the code was replayed meanwhile. */
    boolean attachFamily(TokenHash hash, long familyId);

    /** Records a replay; the family the code produced, when there is one yet. */
    Optional<Long> markReplayed(TokenHash hash, Instant now);

    /** Deletes at most {@code batch} codes that expired before {@code before}; returns how many. */
    int purgeExpired(Instant before, int batch);
}
