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

    /** Changes what an administrator may change of a user besides password and block. */
    void update(long tenantId, long userId, UserLevel level, boolean admin, String timezone, Long extensionId,
                Long extensionGroupId);

    /** Creates the user; fails with {@link DirectoryException} on a duplicate login. */
    PbxUser create(NewUser user);

    void updatePasswordHash(long tenantId, long userId, String passwordHash);

    void setBlocked(long tenantId, long userId, boolean blocked);

    /** Deletes the user with their apps and tokens. True when the user existed. */
    boolean delete(long tenantId, long userId);

    /** Whether a user of the customer has extension {@code extensionId} in group {@code groupId}: the group's extensions as the directory knows them. */
    boolean extensionInGroup(long tenantId, long groupId, long extensionId);
}
