package org.pbxauth.grants;

import java.util.Map;
import java.util.Optional;
import org.pbxauth.apps.PbxApp;
import org.pbxauth.directory.Tenant;
import org.pbxauth.secrets.Secret;

/**
 * A parsed, client-authenticated token request: the customer of the Host, the authenticated app,
 * and the form parameters (each present once). Secret parameters are read through {@link #secret}.
 */
public record TokenRequest(Tenant tenant, PbxApp app, String grantType, Map<String, String> parameters,
                           String clientAddress) {

    public TokenRequest {
        parameters = Map.copyOf(parameters);
    }

    public Optional<String> parameter(String name) {
        return Optional.ofNullable(parameters.get(name));
    }

    /** A required parameter, or {@code invalid_request} naming it. */
    public String required(String name) {
        String value = parameters.get(name);
        if (value == null || value.isEmpty()) {
            throw OAuthError.invalidRequest("missing parameter: " + name);
        }
        return value;
    }

    public Secret secret(String name) {
        return Secret.of(required(name));
    }

    @Override
    public String toString() {
        return "TokenRequest[" + grantType + ", app=" + app.clientId() + ", tenant=" + tenant.id() + "]";
    }
}
