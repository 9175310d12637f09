package org.pbxauth.http.admin;

/** One line of the console's apps. */
public record ConsoleAppRow(String name, String clientId, String owner, String type, String access, String created,
                      String lastUsed, boolean disabled) {}
