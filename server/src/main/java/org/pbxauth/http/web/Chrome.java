package org.pbxauth.http.web;

/**
 * What every page's frame shows: the customer's name (null on an authorize page that does not
 * know it), who is signed in (null: nobody), the CSRF field for its forms, which page it is (for
 * the navigation), whether it is a narrow one, and whether the user may see the admin console.
 */
public record Chrome(String customer, String login, String csrf, String page, boolean narrow, boolean admin) {
    public Chrome(String customer, String login, String csrf, String page, boolean narrow) {
        this(customer, login, csrf, page, narrow, false);
    }

    /** The {@link #page} of the authorize flow's pages. */
    public static final String AUTHORIZE = "authorize";

    /**
     * A page of the authorize flow (login, consent, error): the user is on the way back to an
     * app, so the frame has nothing to click away to — no header bar with its link to the
     * account pages, no navigation, no sign-out. {@code customer} (may be null) names the tab.
     */
    public static Chrome authorizeFlow(String customer) {
        return new Chrome(customer, null, null, AUTHORIZE, true);
    }

    /** True on the authorize flow's pages (see {@link #authorizeFlow}). */
    public boolean midFlow() {
        return AUTHORIZE.equals(page);
    }
}
