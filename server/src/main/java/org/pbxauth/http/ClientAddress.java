package org.pbxauth.http;

import io.javalin.http.Context;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The client's address: the socket's peer, or, when the peer is a configured trusted proxy, the
 * nearest address in {@code X-Forwarded-For} that is not itself a trusted proxy. A header from
 * anyone else is ignored, so a client cannot choose its own address for the limits.
 */
public final class ClientAddress {
    public static final String ATTRIBUTE = "pbxauth.client-address";

    private final List<Cidr> trustedProxies;

    public ClientAddress(List<String> trustedProxies) {
        this.trustedProxies = trustedProxies.stream().map(Cidr::parse).toList();
    }

    /** Resolves the address once per request and keeps it on the context. */
    public void resolve(Context ctx) {
        String peer = ctx.req().getRemoteAddr();
        String address = peer;
        if (isTrusted(peer)) {
            String forwarded = ctx.header("X-Forwarded-For");
            if (forwarded != null) {
                String[] hops = forwarded.split(",");
                for (int i = hops.length - 1; i >= 0; i--) {
                    String hop = hops[i].trim();
                    if (!hop.isEmpty() && hop.length() <= 45 && hop.matches("[0-9a-fA-F:.]+")) {
                        address = hop;
                        if (!isTrusted(hop)) {
                            break;
                        }
                    } else {
                        break; // garbage in the chain: trust nothing before it
                    }
                }
            }
        }
        ctx.attribute(ATTRIBUTE, address);
    }

    /** The resolved address of this request (the socket's peer if none was resolved). */
    public static String of(Context ctx) {
        String a = ctx.attribute(ATTRIBUTE);
        return a != null ? a : ctx.req().getRemoteAddr();
    }

    private boolean isTrusted(String address) {
        for (Cidr c : trustedProxies) {
            if (c.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** An address block such as 10.0.0.0/8 or a single address. */
    record Cidr(byte[] network, int bits) {
        static Cidr parse(String s) {
            String[] parts = s.trim().split("/", 2);
            byte[] addr = bytes(parts[0]);
            if (addr == null) {
                throw new IllegalArgumentException("not an IP address: " + s);
            }
            int bits = parts.length == 2 ? Integer.parseInt(parts[1]) : addr.length * 8;
            return new Cidr(addr, bits);
        }

        boolean contains(String address) {
            byte[] a = bytes(address);
            if (a == null || a.length != network.length) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >> (i % 8);
                if ((a[i / 8] & mask) != (network[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }

        /** Parses a literal address only: never a name lookup. */
        private static byte[] bytes(String literal) {
            if (literal == null || literal.isEmpty() || !literal.matches("[0-9a-fA-F:.]+")) {
                return null;
            }
            try {
                return InetAddress.getByName(literal).getAddress();
            } catch (UnknownHostException e) {
                return null;
            }
        }
    }
}
