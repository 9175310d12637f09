package org.pbxauth.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The setting {@code trusted-proxies}: the peers whose forwarding headers are believed. One list
 * decides both what the client's address is ({@link ClientAddress}) and which scheme and host it
 * used ({@link ExternalOrigin}), so a proxy is either trusted for everything it says or for nothing.
 */
public final class TrustedProxies {
    private final List<Cidr> blocks;

    public TrustedProxies(List<String> blocks) {
        this.blocks = blocks.stream().map(Cidr::parse).toList();
    }

    /** True when the literal address is in a trusted block (never a name lookup). */
    public boolean trusts(String address) {
        for (Cidr c : blocks) {
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
    }

    /** True for an IPv4 or IPv6 literal as a proxy writes it into a header. */
    static boolean isAddress(String s) {
        return s != null && !s.isEmpty() && s.length() <= 45 && s.matches("[0-9a-fA-F:.]+");
    }

    /** Parses a literal address only: never a name lookup. */
    private static byte[] bytes(String literal) {
        if (!isAddress(literal)) {
            return null;
        }
        try {
            return InetAddress.getByName(literal).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
