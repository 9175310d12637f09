package org.pbxauth.apps;

/** An app that cannot be registered as asked: its message is fit to show an operator. */
public class AppException extends RuntimeException {
    private final boolean conflict;

    private AppException(String message, boolean conflict) {
        super(message);
        this.conflict = conflict;
    }

    /** The App ID is taken. */
    public static AppException conflict(String message) {
        return new AppException(message, true);
    }

    /** The app breaks a registration rule. */
    public static AppException invalid(String message) {
        return new AppException(message, false);
    }

    public boolean isConflict() {
        return conflict;
    }
}
