package org.pbxauth.cli;

import org.pbxauth.apps.AppException;
import org.pbxauth.config.SettingsException;
import org.pbxauth.directory.DirectoryException;

/** Exit codes that scripts can branch on; listed in {@code pbx-auth --help}. */
public final class ExitCodes {
    public static final int FAILURE = 1;
    public static final int USAGE = 2;
    public static final int NOT_FOUND = 3;
    public static final int CONFLICT = 4;

    private ExitCodes() {}

    public static int of(Exception e) {
        if (e instanceof NotFoundException) {
            return NOT_FOUND;
        }
        if (e instanceof SettingsException || e instanceof IllegalArgumentException) {
            return USAGE;
        }
        if (e instanceof DirectoryException d) {
            return d.isConflict() ? CONFLICT : USAGE;
        }
        if (e instanceof AppException a) {
            return a.isConflict() ? CONFLICT : USAGE;
        }
        return FAILURE;
    }
}
