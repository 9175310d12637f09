package org.pbxauth.directory;

/**
 * A user of one PBX customer, with the fields the vendor's /user/ answer shows. {@code version}
 * counts the writes to the user's row: a change under If-Match is a compare-and-set on it.
 */
public record PbxUser(
        long id,
        long tenantId,
        String login,
        UserLevel level,
        boolean admin,
        boolean blocked,
        String timezone,
        Long extensionId,
        Long extensionGroupId,
        String passwordHash,
        long version) {

    /** This user with these fields, of the same version: the {@code changed} of a compare-and-set. */
    public PbxUser with(UserLevel level, boolean admin, boolean blocked, String timezone, Long extensionId,
                        Long extensionGroupId, String passwordHash) {
        return new PbxUser(id, tenantId, login, level, admin, blocked, timezone, extensionId, extensionGroupId,
                passwordHash, version);
    }

    /** This user as a compare-and-set from it leaves it. */
    public PbxUser nextVersion() {
        return new PbxUser(id, tenantId, login, level, admin, blocked, timezone, extensionId, extensionGroupId,
                passwordHash, version + 1);
    }

    @Override
    public String toString() {
        return "PbxUser[id=" + id + ", tenant=" + tenantId + ", login=" + login + "]";
    }
}
