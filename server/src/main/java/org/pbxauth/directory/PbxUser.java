package org.pbxauth.directory;

/** A user of one PBX customer, with the fields the vendor's /user/ answer shows. */
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
        String passwordHash) {

    @Override
    public String toString() {
        return "PbxUser[id=" + id + ", tenant=" + tenantId + ", login=" + login + "]";
    }
}
