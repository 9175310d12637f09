package org.pbxauth.audit;

/** What an audit event records, as "My activity" names it. */
public enum AuditKind {
    LOGIN("Signed in"),
    LOGIN_FAILED("Sign-in refused"),
    APP_REGISTERED("App registered"),
    SECRET_ROTATED("App Secret rotated"),
    SESSION_ENDED("Session ended"),
    CONSENT_GIVEN("Access allowed"),
    CONSENT_REVOKED("Access revoked");

    private final String title;

    AuditKind(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }
}
