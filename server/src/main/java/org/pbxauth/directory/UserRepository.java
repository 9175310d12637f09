package org.pbxauth.directory;

import java.util.List;
import java.util.Optional;

/** Where users live; every lookup is scoped by customer. */
public interface UserRepository {
    Optional<PbxUser> findByLogin(long tenantId, String login);

    Optional<PbxUser> findById(long tenantId, long userId);

    List<PbxUser> list(long tenantId);

    /**
     * One page of the customer's users by id (keyset paging: steady with thousands), those after
     * {@code afterId}, whose login contains {@code query} (any case; null or empty: all).
     */
    List<PbxUser> page(long tenantId, String query, long afterId, int limit);

    /** The logins of these users of the customer (id to login; unknown ids absent): one query for a page's names. */
    java.util.Map<Long, String> logins(long tenantId, java.util.Collection<Long> userIds);

    /**
     * Makes the user {@code current} describes what {@code changed} says — level, admin flag,
     * blocked, time zone, extension ids and password hash, in one statement — but only while its
     * version is still {@code current.version()} (a compare-and-set: of two changes made on the
     * same state, on one node or on two behind one database, one applies). Adds one to the
     * version. False, and nothing changed, when the user is gone or was written since.
     */
    boolean update(PbxUser current, PbxUser changed);

    /** Creates the user; fails with {@link DirectoryException} on a duplicate login. */
    PbxUser create(NewUser user);

    /** A new password hash; like every write to a user, adds one to its version (its ETag goes stale). */
    void updatePasswordHash(long tenantId, long userId, String passwordHash);

    /** Blocks or unblocks, whatever the user's version; adds one to it. */
    void setBlocked(long tenantId, long userId, boolean blocked);

    /** Deletes the user with their apps and tokens. True when the user existed. */
    boolean delete(long tenantId, long userId);

    /** Whether a user of the customer has extension {@code extensionId} in group {@code groupId}: the group's extensions as the directory knows them. */
    boolean extensionInGroup(long tenantId, long groupId, long extensionId);
}
