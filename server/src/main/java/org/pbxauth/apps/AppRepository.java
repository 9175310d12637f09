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

    /**
     * Makes the app {@code current} describes what {@code changed} says — name, redirect URLs,
     * disabled (from now, or since it already was) and hourly limit, in one statement — but only
     * while its version is still {@code current.version()} (a compare-and-set: of two changes made
     * on the same state, on one node or on two behind one database, one applies). Adds one to the
     * version. False, and nothing changed, when the app is gone or was written since.
     */
    boolean update(PbxApp current, PbxApp changed);

    /** Disables the app from {@code at}, or (null) enables it again. Like every write to an app, adds one to its version. */
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
