package org.pbxauth.lifecycle;

/**
 * Who makes a change, for the audit trail: an administrator of the customer ({@code userId})
 * from a client address, or the platform's operator at the CLI ({@link #CLI}: no user).
 */
public record Actor(Long userId, String address) {
    /** The operator, running {@code pbx-auth user …} or {@code pbx-auth app …} on the server. */
    public static final Actor CLI = new Actor(null, "cli");

    /** An administrator of the customer, from {@code address}. */
    public static Actor admin(long userId, String address) {
        return new Actor(userId, address);
    }
}
