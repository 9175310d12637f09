package org.pbxauth.audit;

/**
 * What an audit event records, as "My activity" and the console name it. Stored by name (at most
 * 32 characters): a kind is never renamed, only added.
 */
public enum AuditKind {
    LOGIN("Signed in"),
    LOGIN_FAILED("Sign-in refused"),
    APP_REGISTERED("App registered"),
    SECRET_ROTATED("App Secret rotated"),
    SESSION_ENDED("Session ended"),
    CONSENT_GIVEN("Access allowed"),
    CONSENT_REVOKED("Access revoked"),
    USER_CREATED("User created"),
    USER_CHANGED("User changed"),
    USER_BLOCKED("User blocked"),
    USER_UNBLOCKED("User unblocked"),
    PASSWORD_RESET("Password reset"),
    USER_DELETED("User deleted"),
    APP_DISABLED("App disabled"),
    APP_ENABLED("App enabled"),
    APP_DELETED("App deleted");

    private final String title;

    AuditKind(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }

    /** Its name on the wire and in filters: {@code user_blocked}. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
