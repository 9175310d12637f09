package org.pbxauth.http.admin;

/** One live login on the console. */
public record ConsoleSessionRow(long id, String user, String app, String started, String lastUsed, String address) {}
