package org.pbxauth;

import java.time.Clock;
import java.util.List;
import org.pbxauth.config.Settings;
import org.pbxauth.grants.PasswordGrant;
import org.pbxauth.http.HttpServer;

/** One running pbx-auth server: its services and its HTTP port. */
public final class Node implements AutoCloseable {
    private final Services services;
    private final HttpServer http;

    private Node(Services services, HttpServer http) {
        this.services = services;
        this.http = http;
    }

    public static Node start(Settings settings, Clock clock) {
        Services services = Services.open(settings, clock);
        try {
            HttpServer http = new HttpServer(services.directory, services.apps, services.tokens,
                    List.of(new PasswordGrant(services.directory, services.tokens)));
            http.start(settings.bindAddress(), settings.port());
            return new Node(services, http);
        } catch (RuntimeException e) {
            services.close();
            throw e;
        }
    }

    public int port() {
        return http.port();
    }

    public Services services() {
        return services;
    }

    @Override
    public void close() {
        http.close();
        services.close();
    }
}
