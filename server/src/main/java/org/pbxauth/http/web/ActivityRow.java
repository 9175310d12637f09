package org.pbxauth.http.web;

/** One line of My activity. */
public record ActivityRow(String at, String what, String detail, String app, String address, String outcome) {}
