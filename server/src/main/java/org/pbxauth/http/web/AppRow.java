package org.pbxauth.http.web;

/**
 * One line of "My apps"; {@code lastUsed} is "never" or a time to the minute; {@code oldSecretUntil}
 * is set while a rotated-away secret still works.
 */
public record AppRow(String name, String clientId, String type, String access, String created, String lastUsed,
                     String oldSecretUntil) {}
