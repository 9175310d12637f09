package org.pbxauth.http.admin;

/** One audit event on the console. */
public record ConsoleEventRow(String at, String what, String detail, String user, String app, String address,
                           String outcome) {}
