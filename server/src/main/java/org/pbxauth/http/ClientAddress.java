package org.pbxauth.http;

import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The client's address: the socket's peer, or, when the peer is a trusted proxy, the nearest
 * address in {@code Forwarded} (RFC 7239) or, without that header, {@code X-Forwarded-For} that
 * is not itself a trusted proxy. Resolved together with the {@link ExternalOrigin}, from the same
 * hop: headers from anyone else are ignored, so a client can choose neither its own address for
 * the limits nor the scheme and host we print.
 */
public final class ClientAddress {
    public static final String ATTRIBUTE = "pbxauth.client-address";

    private final TrustedProxies proxies;

    public ClientAddress(List<String> trustedProxies) {
        this.proxies = new TrustedProxies(trustedProxies);
    }

    /** Resolves the address and the external origin once per request and keeps them on the context. */
    public void resolve(Context ctx) {
        String peer = ctx.req().getRemoteAddr();
        String address = peer;
        ExternalOrigin origin;
        if (!proxies.trusts(peer)) {
            // Nobody speaks for the client: its own socket and Host (ExternalOrigin works that out
            // when a handler first asks; the noop and API paths never need more than the Host).
            ctx.attribute(ATTRIBUTE, peer);
            return;
        } else if (ctx.header("Forwarded") != null) {
            Hop hop = fromForwarded(ctx.header("Forwarded"), peer);
            address = hop.address();
            origin = ExternalOrigin.forwarded(ctx, hop.proto(), hop.host(), null);
        } else {
            address = fromXForwardedFor(ctx.header("X-Forwarded-For"), peer);
            // The value the nearest proxy added (our trusted peer) is the last of a list.
            origin = ExternalOrigin.forwarded(ctx, last(ctx.header("X-Forwarded-Proto")),
                    last(ctx.header("X-Forwarded-Host")), last(ctx.header("X-Forwarded-Port")));
        }
        ctx.attribute(ATTRIBUTE, address);
        ctx.attribute(ExternalOrigin.ATTRIBUTE, origin);
    }

    /** The resolved address of this request (the socket's peer if none was resolved). */
    public static String of(Context ctx) {
        String a = ctx.attribute(ATTRIBUTE);
        return a != null ? a : ctx.req().getRemoteAddr();
    }

    private record Hop(String address, String proto, String host) {}

    /**
     * Walks the elements from the nearest proxy outwards while each one's sender is trusted: the
     * element that names an untrusted {@code for} was written by the outermost trusted proxy, and
     * what it says of the client (address, proto, host) is what we believe. A value missing in
     * that element is taken from the nearer ones.
     */
    private Hop fromForwarded(String header, String peer) {
        Optional<List<Map<String, String>>> parsed = Forwarded.parse(header);
        if (parsed.isEmpty()) {
            return new Hop(peer, null, null); // garbage: trust nothing in it
        }
        List<Map<String, String>> elements = parsed.get();
        String address = peer;
        String proto = null;
        String host = null;
        for (int i = elements.size() - 1; i >= 0; i--) {
            Map<String, String> e = elements.get(i);
            proto = e.getOrDefault("proto", proto);
            host = e.getOrDefault("host", host);
            String hop = Forwarded.address(e.get("for"));
            if (hop == null) {
                break; // unknown or obfuscated: nothing before it can be placed
            }
            address = hop;
            if (!proxies.trusts(hop)) {
                break;
            }
        }
        return new Hop(address, proto, host);
    }

    private String fromXForwardedFor(String forwarded, String peer) {
        String address = peer;
        if (forwarded == null) {
            return address;
        }
        String[] hops = forwarded.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (!TrustedProxies.isAddress(hop)) {
                break; // garbage in the chain: trust nothing before it
            }
            address = hop;
            if (!proxies.trusts(hop)) {
                break;
            }
        }
        return address;
    }

    private static String last(String list) {
        if (list == null) {
            return null;
        }
        String v = list.substring(list.lastIndexOf(',') + 1).trim();
        return v.isEmpty() ? null : v;
    }
}
