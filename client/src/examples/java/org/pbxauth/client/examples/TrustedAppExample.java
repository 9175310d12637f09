package org.pbxauth.client.examples;

import java.net.URI;
import java.net.http.HttpResponse;
import org.pbxauth.client.PbxApiClient;
import org.pbxauth.client.PbxAuth;
import org.pbxauth.client.PbxUser;
import org.pbxauth.client.TokenSource;

/**
 * A trusted app (a CRM connector, say) calling the PBX API with client_credentials: it acts as
 * its owner. Secrets come from the environment, never the command line (others can read that).
 *
 * <pre>
 * PBX_BASE_URL=https://pbx.example.com PBX_APP_ID=... PBX_APP_SECRET=... \
 *   java -cp pbx-auth-client.jar TrustedAppExample.java
 * </pre>
 */
public final class TrustedAppExample {
    public static void main(String[] args) {
        PbxAuth auth = PbxAuth.builder(URI.create(env("PBX_BASE_URL")))
                .app(env("PBX_APP_ID"), env("PBX_APP_SECRET").toCharArray())
                .build();
        TokenSource tokens = auth.clientCredentials();
        PbxApiClient api = auth.api(tokens);
        PbxUser me = api.user();
        System.out.println("acting as " + me.login() + " (user " + me.id() + ", access " + me.access() + ")");
        HttpResponse<String> cdr = api.get("/api/ver1.0/extension/" + me.extensionId() + "/cdr/");
        System.out.println("GET cdr: HTTP " + cdr.statusCode());
        api.rateLimitRemaining().ifPresent(n -> System.out.println("calls left this hour: " + n));
    }

    private static String env(String name) {
        String v = System.getenv(name);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("set " + name);
        }
        return v;
    }
}
