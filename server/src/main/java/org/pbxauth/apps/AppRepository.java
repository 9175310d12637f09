package org.pbxauth.apps;

import java.util.List;
import java.util.Optional;

/** Where apps live; implemented by the store. */
public interface AppRepository {
    /** An app by App ID, whatever its customer: the caller checks the customer. */
    Optional<PbxApp> findByClientId(String clientId);

    List<PbxApp> list(long tenantId);

    /** Stores the app; fails with {@link AppException} when the App ID is taken. */
    PbxApp create(PbxApp app);
}
