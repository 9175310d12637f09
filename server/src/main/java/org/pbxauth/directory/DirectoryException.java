package org.pbxauth.directory;

/** A directory change that cannot be made: its message is fit to show an operator. */
public class DirectoryException extends RuntimeException {
    private final boolean conflict;

    private DirectoryException(String message, boolean conflict) {
        super(message);
        this.conflict = conflict;
    }

    /** The change collides with what exists: a taken name, login or hostname. */
    public static DirectoryException conflict(String message) {
        return new DirectoryException(message, true);
    }

    /** The change is malformed. */
    public static DirectoryException invalid(String message) {
        return new DirectoryException(message, false);
    }

    public boolean isConflict() {
        return conflict;
    }
}
