package org.pbxauth;

import java.net.URI;
import java.util.Map;

/**
 * The user's side of an authorization-code login for the SDK's tests, over HTTP with cookies:
 * the server's own AuthorizeClient (the form posts a browser makes, CSRF fields included). The
 * pages themselves are tested in Chromium in server/.
 */
public final class BrowserStandIn {
    private BrowserStandIn() {}

    /** Opens {@code authorizeUrl}, logs in as {@code login}, allows; the redirect's query parameters. */
    public static Map<String, String> allow(TestServer server, URI authorizeUrl, String login, String password) {
        AuthorizeClient browser = new AuthorizeClient(server, "localhost");
        URI location = browser.authorizeAndAllow(AuthorizeClient.query(authorizeUrl), login, password);
        return AuthorizeClient.query(location);
    }
}
