package org.pbxauth.config;

/** A setting with a value the server cannot run with; the message names the setting. */
public final class SettingsException extends RuntimeException {
    public SettingsException(String setting, String problem) {
        super("setting '" + setting + "' (" + Settings.envName(setting) + ") " + problem);
    }
}
