package org.pbxauth.http.web;

/** One live login on My sessions: its family id (the path of "End this session"), app, times and address. */
public record SessionRow(long id, String app, String clientId, String started, String lastUsed, String address) {}
