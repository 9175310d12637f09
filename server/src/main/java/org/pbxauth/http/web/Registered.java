package org.pbxauth.http.web;

/** The page after a registration: the App ID and, this once, the App Secret, with a curl that uses them. */
public record Registered(String name, String clientId, String clientSecret, String type, String access, String curl) {}
