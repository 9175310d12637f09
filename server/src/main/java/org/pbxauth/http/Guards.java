package org.pbxauth.http;

import org.pbxauth.guard.ApiRateLimiter;
import org.pbxauth.guard.RequestRateLimiter;

/** What guards the HTTP face: client addresses, per-address request limits, hourly API limits. */
public record Guards(ClientAddress addresses, RequestRateLimiter requests, ApiRateLimiter api, boolean rateLimitsOn,
                     Https tls) {

    /** HTTPS on {@code host:port} with this certificate; null in {@link Guards#tls} when TLS is off. */
    public record Https(String host, int httpPort, int port, org.eclipse.jetty.util.ssl.SslContextFactory.Server factory) {}
}
