package org.pbxauth.http.admin;

/** One audit event on the console; {@code by} is the administrator who made a change, or empty. */
public record ConsoleEventRow(String at, String what, String detail, String user, String by, String app, String address,
                              String outcome) {}
