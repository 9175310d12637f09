package org.pbxauth.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pbxauth.grants.OAuthError;

/**
 * A strict {@code application/x-www-form-urlencoded} parser for hostile input. The JDK's and the
 * servlet container's decoders are lenient (they guess at bad escapes and replace bad UTF-8);
 * an authorization server must refuse instead: RFC 6749 §3.1 "Request and response parameters
 * MUST NOT be included more than once", and every malformed byte is {@code invalid_request}.
 */
public final class FormBody {
    private final int maxParameters;
    private final int maxValueLength;

    public FormBody(int maxParameters, int maxValueLength) {
        this.maxParameters = maxParameters;
        this.maxValueLength = maxValueLength;
    }

    /**
     * Reads a request body of at most {@code limit} bytes; a longer one comes back as {@code limit
     * + 1} bytes, for the caller to refuse, and the rest is never read. The array is sized by the
     * declared Content-Length ({@code -1} when there is none) and grown only for a body sent
     * without one or longer than declared: {@code InputStream.readNBytes(limit + 1)} allocated a
     * 16 KiB buffer for every request, most of the allocation of a client_credentials grant.
     */
    public static byte[] read(InputStream in, long declaredLength, int limit) throws IOException {
        int cap = limit + 1;
        byte[] buf = new byte[(int) Math.min(cap, declaredLength >= 0 ? declaredLength : 512)];
        int n = 0;
        while (n < cap) {
            if (n == buf.length) { // full: the end of the body, or more than was declared
                int next = in.read();
                if (next < 0) {
                    return buf;
                }
                buf = Arrays.copyOf(buf, (int) Math.min(cap, Math.max(64L, 2L * buf.length)));
                buf[n++] = (byte) next;
                continue;
            }
            int read = in.read(buf, n, buf.length - n);
            if (read < 0) {
                break;
            }
            n += read;
        }
        return n == buf.length ? buf : Arrays.copyOf(buf, n);
    }

    /** Parameters in order of appearance; an empty value counts as present (and so as a duplicate). */
    public Map<String, String> parse(byte[] body) {
        Map<String, String> out = new LinkedHashMap<>();
        if (body.length == 0) {
            return out;
        }
        int start = 0;
        for (int i = 0; i <= body.length; i++) {
            if (i == body.length || body[i] == '&') {
                if (i > start) {
                    addPair(out, body, start, i);
                }
                start = i + 1;
            }
        }
        return Collections.unmodifiableMap(out);
    }

    private void addPair(Map<String, String> out, byte[] body, int from, int to) {
        int eq = from;
        while (eq < to && body[eq] != '=') {
            eq++;
        }
        String name = decode(body, from, eq);
        String value = eq < to ? decode(body, eq + 1, to) : "";
        if (name.isEmpty()) {
            throw OAuthError.invalidRequest("a form parameter without a name");
        }
        if (out.containsKey(name)) {
            throw OAuthError.invalidRequest("parameter sent more than once: " + printable(name));
        }
        if (out.size() >= maxParameters) {
            throw OAuthError.invalidRequest("too many form parameters (at most " + maxParameters + ")");
        }
        if (value.length() > maxValueLength || name.length() > 64) {
            throw OAuthError.invalidRequest("parameter too long: " + printable(name));
        }
        out.put(name, value);
    }

    private static String decode(byte[] body, int from, int to) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            byte b = body[i];
            if (b == '+') {
                bytes.write(' ');
            } else if (b == '%') {
                if (i + 2 >= to) {
                    throw OAuthError.invalidRequest("truncated percent-encoding in the form body");
                }
                int hi = Character.digit(body[i + 1], 16);
                int lo = Character.digit(body[i + 2], 16);
                if (hi < 0 || lo < 0) {
                    throw OAuthError.invalidRequest("bad percent-encoding in the form body");
                }
                bytes.write((hi << 4) | lo);
                i += 2;
            } else if (b < 0x20 || b == 0x7f || b < 0) {
                throw OAuthError.invalidRequest("a raw control or non-ASCII byte in the form body");
            } else {
                bytes.write(b);
            }
        }
        String s = utf8(bytes.toByteArray());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) { // NUL and other controls have no place in any OAuth parameter
                throw OAuthError.invalidRequest("a control character in a form parameter");
            }
        }
        return s;
    }

    private static String utf8(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw OAuthError.invalidRequest("a form parameter that is not valid UTF-8");
        }
    }

    /** A parameter name fit for an error description: RFC 6749 allows only printable ASCII there. */
    public static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 40; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? c : '?');
        }
        return b.toString();
    }
}
