package org.pbxauth.apps;

import java.util.Locale;

/** The three kinds of PBX app; each is tied to exactly one way of getting a token. */
public enum AppType {
    /** Authorization code flow: the user logs in and agrees in a browser. */
    PUBLIC,
    /** Client credentials: the token acts as the user who registered the app. */
    TRUSTED,
    /** Resource owner password credentials (the seed page); only an administrator may own one. */
    PASSWORD_CREDENTIALS;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AppType parse(String s) {
        for (AppType t : values()) {
            if (t.wireName().equals(s.toLowerCase(Locale.ROOT).replace('-', '_'))) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown app type '" + s + "' (public, trusted or password_credentials)");
    }
}
