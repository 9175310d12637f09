package org.pbxauth.access;

/** What the access policy says about one API request. */
public sealed interface AccessDecision {
    /** Allowed; {@code rule} names why (the Call API rule, or the app's access All). */
    record Allowed(String rule) implements AccessDecision {}

    /**
     * Refused with the vendor's 403 {@code status}: {@code access_denied}, {@code user_blocked},
     * {@code user_access_type_deny} or {@code app_access_type_deny}; {@code reason} for the audit line.
     */
    record Denied(String status, String reason) implements AccessDecision {}
}
