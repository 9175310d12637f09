package org.pbxauth.directory;

/** What it takes to add a user; the password is already hashed. */
public record NewUser(
        long tenantId,
        String login,
        UserLevel level,
        boolean admin,
        String timezone,
        Long extensionId,
        Long extensionGroupId,
        String passwordHash) {}
