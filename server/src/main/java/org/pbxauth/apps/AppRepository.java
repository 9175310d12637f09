package org.pbxauth.apps;

import java.util.List;
import java.util.Optional;

/** Where apps live; implemented by the store. */
public interface AppRepository {
    /** An app by App ID, whatever its customer: the caller checks the customer. */
    Optional<PbxApp> findByClientId(String clientId);

    Optional<PbxApp> findById(long tenantId, long appId);

    List<PbxApp> list(long tenantId);

    void updateSecretHash(long tenantId, long appId, String secretHash);

    /** The secret before the last rotation with overlap, if one was kept. */
    Optional<PreviousSecret> previousSecret(long tenantId, long appId);

    /** In one transaction: the new secret's hash, and the old one kept as {@code previous}. */
    void rotateSecret(long tenantId, long appId, String secretHash, PreviousSecret previous);

    /** Forgets the previous secret: only the current one works from now on. */
    void endPreviousSecret(long tenantId, long appId);

    /** Deletes the app and, through the schema, its tokens. True when it existed. */
    boolean delete(long tenantId, long appId);

    /** Disables the app from {@code at}, or (null) enables it again. */
    void setDisabled(long tenantId, long appId, java.time.Instant at);

    /** The app's own hourly API limit; null for the server's. */
    void setApiLimit(long tenantId, long appId, Long perHour);

    /** Changes an app's name and redirect URLs. */
    void updateDetails(long tenantId, long appId, String name, List<String> redirectUris);

    /** When each app of the customer was last used (app id to time; apps never used are absent). */
    java.util.Map<Long, java.time.Instant> lastUsed(long tenantId);

    /** Stores the app; fails with {@link AppException} when the App ID is taken. */
    PbxApp create(PbxApp app);
}
