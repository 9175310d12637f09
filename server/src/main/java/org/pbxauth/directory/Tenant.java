package org.pbxauth.directory;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A PBX customer: one telephone exchange, answering on its own hostnames. {@code publicUrl}, when
 * set, is the base URL its users and apps reach it by ({@code https://pbx.example.com}): its
 * issuer, whatever Host or proxy a request came through. {@code apiLimitPerHour} is its own hourly
 * API limit, all apps together (null: the server's {@code rate.api-per-customer-hour}).
 */
public record Tenant(long id, String name, List<String> hostnames, URI publicUrl, Long apiLimitPerHour) {
    public Tenant {
        hostnames = List.copyOf(hostnames);
    }

    public Tenant(long id, String name, List<String> hostnames, URI publicUrl) {
        this(id, name, hostnames, publicUrl, null);
    }

    public Tenant(long id, String name, List<String> hostnames) {
        this(id, name, hostnames, null, null);
    }

    public Optional<URI> publicUrlIfSet() {
        return Optional.ofNullable(publicUrl);
    }

    /**
     * A public base URL as an operator may state it: http or https, a host, an optional port, no
     * user, path, query or fragment (RFC 8414 §2: the issuer "has no query or fragment
     * components"). Plain http only for a loopback host: an issuer elsewhere is https.
     */
    public static URI parsePublicUrl(String text) {
        URI u;
        try {
            u = new URI(text.trim());
        } catch (Exception e) {
            throw DirectoryException.invalid("'" + text + "' is not a public URL (https://host[:port])");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        String host = u.getHost();
        boolean pathless = u.getRawPath() == null || u.getRawPath().isEmpty() || u.getRawPath().equals("/");
        if (!(scheme.equals("https") || scheme.equals("http")) || host == null || u.getRawUserInfo() != null
                || !pathless || u.getRawQuery() != null || u.getRawFragment() != null || text.length() > 255) {
            throw DirectoryException.invalid("a public URL is https://host[:port], with no path, query or fragment: '"
                    + text + "'");
        }
        String h = host.toLowerCase(Locale.ROOT);
        boolean loopback = h.equals("localhost") || h.endsWith(".localhost") || h.startsWith("127.") || h.equals("[::1]");
        if (scheme.equals("http") && !loopback) {
            throw DirectoryException.invalid("a public URL is https (plain http only for localhost): '" + text + "'");
        }
        return URI.create(scheme + "://" + h + (u.getPort() < 0 ? "" : ":" + u.getPort()));
    }
}
