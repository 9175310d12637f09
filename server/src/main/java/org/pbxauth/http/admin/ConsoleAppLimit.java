package org.pbxauth.http.admin;

/** One app's line of the console's limits: its own limit ("" for the server's), the limit in force, this hour's requests. */
public record ConsoleAppLimit(String name, String clientId, String own, String effective, long used) {}
