package org.pbxauth.config;

/** A setting with a value the server cannot run with; the message names the setting. */
public final class SettingsException extends RuntimeException {
    public SettingsException(String setting, String problem) {
        super("setting '" + setting + "' (" + Settings.envName(setting) + ") " + problem);
    }

    private SettingsException(String message) {
        super(message);
    }

    /** An environment variable that names no setting. */
    static SettingsException unknownVariable(String variable) {
        return new SettingsException("environment variable " + variable + " is not a setting (misspelt?); "
                + "./pbx-auth settings lists them all");
    }
}
