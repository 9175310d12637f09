package org.pbxauth.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code Forwarded} header of RFC 7239: a list of elements, one per proxy, each a list of
 * {@code name=value} pairs ({@code for}, {@code proto}, {@code host}, {@code by}).
 */
final class Forwarded {
    private Forwarded() {}

    /**
     * The elements, nearest proxy last; empty when the header breaks RFC 7239 §4's grammar, so a
     * garbled header is ignored as a whole rather than half believed.
     */
    static Optional<List<Map<String, String>>> parse(String header) {
        if (header == null || header.length() > 4096) {
            return Optional.empty();
        }
        List<Map<String, String>> elements = new ArrayList<>();
        Map<String, String> element = new LinkedHashMap<>();
        int i = 0;
        int n = header.length();
        while (i < n) {
            char c = header.charAt(i);
            if (c == ' ' || c == '\t' || c == ';') {
                i++;
                continue;
            }
            if (c == ',') {
                elements.add(element);
                element = new LinkedHashMap<>();
                i++;
                continue;
            }
            int eq = header.indexOf('=', i);
            if (eq < 0) {
                return Optional.empty();
            }
            String name = header.substring(i, eq).trim().toLowerCase(Locale.ROOT);
            if (!isToken(name)) {
                return Optional.empty();
            }
            i = eq + 1;
            StringBuilder value = new StringBuilder();
            if (i < n && header.charAt(i) == '"') {
                // RFC 7230 §3.2.6 quoted-string, with its backslash escapes
                i++;
                boolean closed = false;
                while (i < n) {
                    char q = header.charAt(i++);
                    if (q == '\\' && i < n) {
                        value.append(header.charAt(i++));
                    } else if (q == '"') {
                        closed = true;
                        break;
                    } else {
                        value.append(q);
                    }
                }
                if (!closed) {
                    return Optional.empty();
                }
            } else {
                int start = i;
                while (i < n && ",; \t".indexOf(header.charAt(i)) < 0) {
                    i++;
                }
                value.append(header, start, i);
                if (!isToken(value.toString())) {
                    return Optional.empty();
                }
            }
            // §4: a parameter appears at most once per element
            if (element.putIfAbsent(name, value.toString()) != null) {
                return Optional.empty();
            }
        }
        elements.add(element);
        return Optional.of(elements);
    }

    /**
     * The address in a {@code for} value: {@code 192.0.2.60}, {@code 192.0.2.60:4711} or
     * {@code [2001:db8::1]:4711}; null for {@code unknown}, an obfuscated name or anything else.
     */
    static String address(String forValue) {
        if (forValue == null) {
            return null;
        }
        String v = forValue;
        if (v.startsWith("[")) {
            int end = v.indexOf(']');
            v = end < 0 ? "" : v.substring(1, end);
        } else if (v.indexOf(':') == v.lastIndexOf(':') && v.indexOf(':') > 0) {
            v = v.substring(0, v.indexOf(':')); // IPv4 with a port
        }
        return TrustedProxies.isAddress(v) ? v : null;
    }

    private static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c <= 0x20 || c >= 0x7f || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0 && c != ':' && c != '[' && c != ']') {
                return false;
            }
        }
        return true;
    }
}
