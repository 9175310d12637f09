package org.pbxauth.http.web;

import org.pbxauth.apps.PbxApp;
import org.pbxauth.secrets.Secret;

/**
 * The vendor's seed request, filled in for a newly registered app: the password grant for a
 * password_credentials app (the seed page's curl, verbatim but for its values),
 * client_credentials for a trusted one, and the authorize URL and code exchange for a public one.
 */
final class SeedCurl {
    private SeedCurl() {}

    /** Inside single quotes in a shell: a quote ends them, so it goes in as '\'' (a login may hold one). */
    private static String quoted(String s) {
        return s.replace("'", "'\\''");
    }

    static String forApp(String base, PbxApp app, Secret secret, String login) {
        String id = app.clientId();
        String s = secret.reveal();
        return switch (app.type()) {
            case PASSWORD_CREDENTIALS -> "curl -L -X POST '" + base + "/oauth/token' \\\n"
                    + "  -H 'Content-Type: application/x-www-form-urlencoded' \\\n"
                    + "  --data-urlencode 'grant_type=password' \\\n"
                    + "  --data-urlencode 'client_id=" + id + "' \\\n"
                    + "  --data-urlencode 'client_secret=" + s + "' \\\n"
                    + "  --data-urlencode 'username=" + quoted(login) + "' \\\n"
                    + "  --data-urlencode 'password=<password>'";
            case TRUSTED -> "curl -L -X POST '" + base + "/oauth/token' \\\n"
                    + "  -H 'Content-Type: application/x-www-form-urlencoded' \\\n"
                    + "  --data-urlencode 'grant_type=client_credentials' \\\n"
                    + "  --data-urlencode 'client_id=" + id + "' \\\n"
                    + "  --data-urlencode 'client_secret=" + s + "'";
            case PUBLIC -> "# 1. send the user to (PKCE S256: code_challenge = BASE64URL(SHA256(code_verifier))):\n"
                    + "#    " + base + "/oauth/authorize?response_type=code&client_id=" + id + "&redirect_uri="
                    + (app.redirectUris().isEmpty() ? "<redirect URL>" : app.redirectUris().get(0))
                    + "&state=<state>&code_challenge=<challenge>&code_challenge_method=S256\n"
                    + "# 2. exchange the code that comes back:\n"
                    + "curl -L -X POST '" + base + "/oauth/token' \\\n"
                    + "  -H 'Content-Type: application/x-www-form-urlencoded' \\\n"
                    + "  --data-urlencode 'grant_type=authorization_code' \\\n"
                    + "  --data-urlencode 'client_id=" + id + "' \\\n"
                    + "  --data-urlencode 'client_secret=" + s + "' \\\n"
                    + "  --data-urlencode 'code=<code>' \\\n"
                    + "  --data-urlencode 'redirect_uri="
                    + (app.redirectUris().isEmpty() ? "<redirect URL>" : app.redirectUris().get(0)) + "' \\\n"
                    + "  --data-urlencode 'code_verifier=<code_verifier>'";
        };
    }
}
