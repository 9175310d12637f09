package org.pbxauth.apps;

import java.util.Locale;

/** What an app's tokens may do on the PBX API: Call API (the default) or All (administrators only). */
public enum AccessLevel {
    CALL_API,
    ALL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AccessLevel parse(String s) {
        for (AccessLevel a : values()) {
            if (a.wireName().equals(s.toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_'))) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown access '" + s + "' (call_api or all)");
    }
}
