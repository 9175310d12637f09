package org.pbxauth.http.oauth;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import java.util.Map;
import org.pbxauth.grants.OAuthError;
import org.pbxauth.secrets.Secret;

/**
 * The App ID and App Secret of a request, from HTTP Basic (RFC 6749 §2.3.1, parsed by Nimbus)
 * or from the form body (the seed's way). "The client MUST NOT use more than one authentication
 * method in each request."
 */
record ClientCredentials(String clientId, Secret secret, boolean basic) {

    static ClientCredentials from(String authorization, Map<String, String> form) {
        String bodyId = form.get("client_id");
        String bodySecret = form.get("client_secret");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            if (bodySecret != null) {
                throw OAuthError.invalidRequest("client credentials both in the Authorization header and in the body");
            }
            ClientSecretBasic basic;
            try {
                basic = ClientSecretBasic.parse(authorization);
            } catch (ParseException | RuntimeException e) { // bad Base64 or percent-escapes inside it too
                throw OAuthError.invalidRequest("malformed HTTP Basic client authentication");
            }
            String id = basic.getClientID().getValue();
            if (bodyId != null && !bodyId.equals(id)) {
                throw OAuthError.invalidRequest("client_id in the body differs from the one in the Authorization header");
            }
            return new ClientCredentials(id, Secret.of(basic.getClientSecret().getValue()), true);
        }
        if (bodyId == null || bodyId.isEmpty() || bodySecret == null || bodySecret.isEmpty()) {
            throw OAuthError.invalidClient("client authentication is required: client_id and client_secret");
        }
        return new ClientCredentials(bodyId, Secret.of(bodySecret), false);
    }

    @Override
    public String toString() {
        return "ClientCredentials[" + clientId + "]";
    }
}
