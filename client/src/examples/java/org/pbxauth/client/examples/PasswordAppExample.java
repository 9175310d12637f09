package org.pbxauth.client.examples;

import java.net.URI;
import org.pbxauth.client.PbxApiClient;
import org.pbxauth.client.PbxAuth;
import org.pbxauth.client.PbxAuthListener;
import org.pbxauth.client.TokenSource;

/**
 * A wallboard of a password_credentials app: it polls the PBX API with the user's login and keeps
 * going when the login is ended on the server (the user's sessions ended, the refresh token
 * revoked): the next call gets 401, the SDK refreshes, is refused, logs in again with the held
 * credentials and sends the call once more.
 *
 * <pre>
 * PBX_BASE_URL=https://pbx.example.com PBX_APP_ID=... PBX_APP_SECRET=... PBX_USER=... PBX_PASSWORD=... \
 *   PBX_POLLS=10 PBX_POLL_SECONDS=5 java -cp pbx-auth-client.jar PasswordAppExample.java
 * </pre>
 */
public final class PasswordAppExample {
    public static void main(String[] args) throws InterruptedException {
        PbxAuthListener log = new PbxAuthListener() {
            @Override
            public void tokenObtained(String grantType, long expiresIn) {
                System.out.println("logged in (" + grantType + "), token for " + expiresIn + " s");
            }

            @Override
            public void refreshRefused(String error) {
                System.out.println("refresh refused: " + error);
            }

            @Override
            public void reauthenticated(String method, String path) {
                System.out.println("401 on " + method + " " + path + ": new token, sent once more");
            }
        };
        PbxAuth auth = PbxAuth.builder(URI.create(env("PBX_BASE_URL")))
                .app(env("PBX_APP_ID"), env("PBX_APP_SECRET").toCharArray())
                .listener(log)
                .build();
        TokenSource tokens = auth.password(env("PBX_USER"), env("PBX_PASSWORD").toCharArray());
        PbxApiClient api = auth.api(tokens);
        int polls = Integer.parseInt(System.getenv().getOrDefault("PBX_POLLS", "10"));
        long pause = Long.parseLong(System.getenv().getOrDefault("PBX_POLL_SECONDS", "5"));
        for (int i = 1; i <= polls; i++) {
            System.out.println("poll " + i + ": " + api.user().login());
            if (i < polls) {
                Thread.sleep(pause * 1000);
            }
        }
    }

    private static String env(String name) {
        String v = System.getenv(name);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("set " + name);
        }
        return v;
    }
}
