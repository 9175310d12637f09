package org.pbxauth.cli;

/** A customer, user or app named on the command line that does not exist. */
public final class NotFoundException extends RuntimeException {
    public NotFoundException(String message) {
        super(message);
    }
}
