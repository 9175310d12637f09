package org.pbxauth.access;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A request's path as the access policy reads it: decoded segments, no query. A path that two
 * servers could read differently is refused rather than guessed at: dot segments ({@code .},
 * {@code ..}, also percent-encoded), an encoded {@code /}, {@code \} or NUL, empty segments
 * ({@code //}), bad percent-encoding or UTF-8. A trailing {@code /} is kept aside: the vendor's
 * paths end in one, and {@code /x} and {@code /x/} are the same resource to the rules.
 *
 * @param segments the decoded segments, e.g. [api, ver1.0, extension, 100, cdr]
 */
public record ApiPath(List<String> segments) {
    public ApiPath {
        segments = List.copyOf(segments);
    }

    /** The path of {@code uri} (an origin-form request target, with or without its query); empty when ambiguous. */
    public static Optional<ApiPath> parse(String uri) {
        if (uri == null || !uri.startsWith("/") || uri.length() > 8192) {
            return Optional.empty();
        }
        int end = uri.length();
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c == '?' || c == '#') {
                end = i;
                break;
            }
        }
        String path = uri.substring(1, end);
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        List<String> segments = new ArrayList<>();
        if (path.isEmpty()) {
            return Optional.of(new ApiPath(segments));
        }
        for (String raw : path.split("/", -1)) {
            Optional<String> s = decode(raw);
            if (s.isEmpty() || s.get().isEmpty() || s.get().equals(".") || s.get().equals("..")
                    || s.get().indexOf('/') >= 0 || s.get().indexOf('\\') >= 0 || s.get().indexOf('\0') >= 0) {
                return Optional.empty();
            }
            segments.add(s.get());
        }
        return Optional.of(new ApiPath(segments));
    }

    private static Optional<String> decode(String raw) {
        if (raw.indexOf('%') < 0) {
            // a request target is ASCII (RFC 9112 §3.2); anything else was sent raw by someone
            return raw.chars().allMatch(c -> c > 0x20 && c < 0x7f) ? Optional.of(raw) : Optional.empty();
        }
        ByteBuffer bytes = ByteBuffer.allocate(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return Optional.empty();
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return Optional.empty();
                }
                bytes.put((byte) (hi * 16 + lo));
                i += 2;
            } else if (c > 0x20 && c < 0x7f) {
                bytes.put((byte) c);
            } else {
                return Optional.empty(); // a request target is ASCII (RFC 9112 §3.2)
            }
        }
        bytes.flip();
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** Segment {@code i}, or null past the end. */
    public String segment(int i) {
        return i < segments.size() ? segments.get(i) : null;
    }

    public int size() {
        return segments.size();
    }

    /** Under {@code /api/ver1.0/}: the PBX API. */
    public boolean isPbxApi() {
        return size() >= 2 && segments.get(0).equals("api") && segments.get(1).equals("ver1.0");
    }

    @Override
    public String toString() {
        return "/" + String.join("/", segments) + "/";
    }
}
