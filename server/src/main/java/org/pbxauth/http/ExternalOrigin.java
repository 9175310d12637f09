package org.pbxauth.http;

import io.javalin.http.Context;
import java.net.URI;
import java.util.Locale;

/**
 * The origin a client used to reach this server: the scheme, host and port it typed, which a
 * TLS-terminating proxy in front of us does not show on the socket. Computed once per request
 * (by {@link ClientAddress#resolve}) and used by everything that prints a URL of ours or decides
 * on a cookie: the metadata's issuer and endpoints (RFC 8414 §3.3: "The issuer value returned
 * MUST be identical to the authorization server's issuer identifier value into which the
 * well-known URI string was inserted"), the web pages' links, {@code Secure} and {@code __Host-}.
 *
 * <p>It comes from the request itself, or from {@code Forwarded} (RFC 7239) or
 * {@code X-Forwarded-Proto}/{@code -Host}/{@code -Port} when the peer is a trusted proxy; a
 * customer's stated public URL (its {@code public-url}) overrides both ({@link #settle}).
 */
public final class ExternalOrigin {
    static final String ATTRIBUTE = "pbxauth.origin";

    private final String scheme;
    private final String host;
    private final int port;
    /** host[:port], made once: every request's customer is looked up by it. */
    private final String authority;

    ExternalOrigin(String scheme, String host, int port) {
        this.scheme = scheme.toLowerCase(Locale.ROOT);
        this.host = host.toLowerCase(Locale.ROOT);
        this.port = port;
        this.authority = port == defaultPort(this.scheme) ? this.host : this.host + ":" + port;
    }

    public String scheme() {
        return scheme;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public boolean https() {
        return "https".equals(scheme);
    }

    /** {@code scheme://host[:port]}, the port left out when it is the scheme's default (RFC 3986 §6.2.3). */
    public String base() {
        return scheme + "://" + authority();
    }

    /** {@code host[:port]} as a Host header carries it: what the customer is found by. */
    public String authority() {
        return authority;
    }

    /** This request's origin (as resolved for it, else as the socket shows it). */
    public static ExternalOrigin of(Context ctx) {
        ExternalOrigin o = ctx.attribute(ATTRIBUTE);
        if (o == null) {
            // No trusted proxy spoke for this request: the socket's view, worked out on first use.
            o = direct(ctx);
            ctx.attribute(ATTRIBUTE, o);
        }
        return o;
    }

    /** The origin as this server sees it: its own scheme, and the request's Host. */
    static ExternalOrigin direct(Context ctx) {
        String scheme = ctx.req().isSecure() ? "https" : "http";
        ExternalOrigin o = fromAuthority(scheme, ctx.header("Host"), -1);
        // No usable Host: an origin that names no host, so no customer answers on it.
        return o != null ? o : new ExternalOrigin(scheme, "", defaultPort(scheme));
    }

    /**
     * The origin a trusted proxy reports; {@code proto}, {@code authority} and {@code port} may
     * each be null (or unusable), and then what the proxy itself sent stands: its Host, our scheme.
     */
    static ExternalOrigin forwarded(Context ctx, String proto, String authority, String port) {
        ExternalOrigin direct = direct(ctx);
        String scheme = "https".equalsIgnoreCase(proto) || "http".equalsIgnoreCase(proto) ? proto : direct.scheme();
        int explicitPort = port != null && port.matches("\\d{1,5}") ? Integer.parseInt(port) : -1;
        if (explicitPort < 1 || explicitPort > 65535) {
            explicitPort = -1;
        }
        ExternalOrigin named = fromAuthority(scheme, authority, explicitPort);
        if (named != null) {
            return named;
        }
        // No usable host from the proxy: its Host header, with the client's scheme. The port the
        // proxy connected to is ours, not the client's, unless the Host said one.
        String host = ctx.header("Host");
        ExternalOrigin kept = fromAuthority(scheme, host, explicitPort);
        return kept != null ? kept : new ExternalOrigin(scheme, direct.host(), defaultPort(scheme));
    }

    /**
     * Once the request's customer is known: its stated public URL, when it has one, becomes this
     * request's origin for everything after (links, cookies, the issuer); else the origin stays.
     * The customer itself is always found by the request's own origin, never by the stated one.
     */
    public static ExternalOrigin settle(Context ctx, URI publicUrl) {
        if (publicUrl == null) {
            return of(ctx);
        }
        int port = publicUrl.getPort() < 0 ? defaultPort(publicUrl.getScheme()) : publicUrl.getPort();
        ExternalOrigin stated = new ExternalOrigin(publicUrl.getScheme(), publicUrl.getHost(), port);
        ctx.attribute(ATTRIBUTE, stated);
        return stated;
    }

    /**
     * {@code host[:port]} as a Host header or a proxy carries it (RFC 9110 §7.2): a name of
     * letters, digits, dots, hyphens and underscores, or a bracketed IPv6 address; null for
     * anything else. Hand-parsed: it runs on every request.
     */
    private static ExternalOrigin fromAuthority(String scheme, String authority, int explicitPort) {
        if (authority == null) {
            return null;
        }
        String a = authority.trim();
        int n = a.length();
        if (n == 0 || n > 260) {
            return null;
        }
        int hostEnd;
        if (a.charAt(0) == '[') {
            hostEnd = a.indexOf(']') + 1;
            if (hostEnd < 3) {
                return null;
            }
            for (int i = 1; i < hostEnd - 1; i++) {
                char c = a.charAt(i);
                if (!(c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
                    return null;
                }
            }
        } else {
            int colon = a.indexOf(':');
            hostEnd = colon < 0 ? n : colon;
            if (hostEnd == 0) {
                return null;
            }
            for (int i = 0; i < hostEnd; i++) {
                char c = a.charAt(i);
                if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-'
                        || c == '_')) {
                    return null;
                }
            }
        }
        int port = -1;
        if (hostEnd < n) {
            if (a.charAt(hostEnd) != ':' || n - hostEnd - 1 < 1 || n - hostEnd - 1 > 5) {
                return null;
            }
            port = 0;
            for (int i = hostEnd + 1; i < n; i++) {
                char c = a.charAt(i);
                if (c < '0' || c > '9') {
                    return null;
                }
                port = port * 10 + (c - '0');
            }
            if (port < 1 || port > 65535) {
                return null;
            }
        }
        int effective = explicitPort > 0 ? explicitPort : port > 0 ? port : defaultPort(scheme);
        return new ExternalOrigin(scheme, a.substring(0, hostEnd), effective);
    }

    static int defaultPort(String scheme) {
        return "https".equalsIgnoreCase(scheme) ? 443 : 80;
    }
}
