package org.pbxauth.directory;

import java.util.Locale;

/** The three levels of a PBX user; a token never grants more than its user's level allows. */
public enum UserLevel {
    /** The PBX customer's own administrator account. */
    CLIENT,
    EXTENSION_GROUP,
    EXTENSION;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static UserLevel parse(String s) {
        for (UserLevel level : values()) {
            if (level.wireName().equals(s.toLowerCase(Locale.ROOT).replace('-', '_'))) {
                return level;
            }
        }
        throw new IllegalArgumentException("unknown user level '" + s + "' (client, extension_group or extension)");
    }
}
