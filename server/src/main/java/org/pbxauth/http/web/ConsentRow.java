package org.pbxauth.http.web;

/** One app the user has allowed, on My sessions. */
public record ConsentRow(String app, String clientId, String given) {}
