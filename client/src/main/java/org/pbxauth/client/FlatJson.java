package org.pbxauth.client;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A strict parser of one flat JSON object (RFC 8259): members whose values are strings, numbers,
 * {@code true}, {@code false} or {@code null} — the shape of every token, error and user answer.
 * Nested objects and arrays, duplicate names, trailing text, bad escapes, unpaired surrogates and
 * raw control characters are refused. Hand-written because the SDK has no dependencies.
 */
final class FlatJson {
    /** Larger answers are refused: the flat objects of the protocol are a few hundred bytes. */
    static final int MAX_LENGTH = 64 * 1024;

    private final String text;
    private int pos;

    private FlatJson(String text) {
        this.text = text;
    }

    /** The members, in order; a JSON null is a null value. */
    static Map<String, Object> parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("no JSON text");
        }
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("JSON text longer than " + MAX_LENGTH + " characters");
        }
        FlatJson p = new FlatJson(text);
        Map<String, Object> members = p.object();
        p.whitespace();
        if (p.pos != text.length()) {
            throw p.error("text after the object");
        }
        return Collections.unmodifiableMap(members);
    }

    private Map<String, Object> object() {
        whitespace();
        expect('{');
        Map<String, Object> members = new LinkedHashMap<>();
        whitespace();
        if (peek() == '}') {
            pos++;
            return members;
        }
        while (true) {
            whitespace();
            if (peek() != '"') {
                throw error("a member name (a string) expected");
            }
            String name = string();
            whitespace();
            expect(':');
            whitespace();
            Object value = value();
            if (members.containsKey(name)) {
                throw error("member \"" + name + "\" twice");
            }
            members.put(name, value);
            whitespace();
            char c = next();
            if (c == '}') {
                return members;
            }
            if (c != ',') {
                throw error("',' or '}' expected");
            }
        }
    }

    private Object value() {
        char c = peek();
        switch (c) {
            case '"':
                return string();
            case 't':
                literal("true");
                return Boolean.TRUE;
            case 'f':
                literal("false");
                return Boolean.FALSE;
            case 'n':
                literal("null");
                return null;
            case '{':
            case '[':
                throw error("nested objects and arrays are not expected here");
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw error("a value expected");
        }
    }

    private void literal(String word) {
        if (!text.startsWith(word, pos)) {
            throw error("'" + word + "' expected");
        }
        pos += word.length();
    }

    // number = [ minus ] int [ frac ] [ exp ]; int = zero / ( digit1-9 *DIGIT )
    private BigDecimal number() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (isDigit(peek())) {
            while (isDigit(peek())) {
                pos++;
            }
        } else {
            throw error("a digit expected");
        }
        if (peek() == '.') {
            pos++;
            digits();
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            digits();
        }
        if (pos - start > 100) {
            throw error("number too long");
        }
        return new BigDecimal(text.substring(start, pos));
    }

    private void digits() {
        if (!isDigit(peek())) {
            throw error("a digit expected");
        }
        while (isDigit(peek())) {
            pos++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private String string() {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                throw error("a control character in a string");
            }
            if (c == '\\') {
                char e = next();
                switch (e) {
                    case '"': out.append('"'); break;
                    case '\\': out.append('\\'); break;
                    case '/': out.append('/'); break;
                    case 'b': out.append('\b'); break;
                    case 'f': out.append('\f'); break;
                    case 'n': out.append('\n'); break;
                    case 'r': out.append('\r'); break;
                    case 't': out.append('\t'); break;
                    case 'u': out.append(unicodeEscape()); break;
                    default: throw error("bad escape \\" + e);
                }
            } else {
                if (Character.isHighSurrogate(c)) {
                    if (!Character.isLowSurrogate(peek())) {
                        throw error("an unpaired surrogate");
                    }
                    out.append(c).append(next());
                    continue;
                }
                if (Character.isLowSurrogate(c)) {
                    throw error("an unpaired surrogate");
                }
                out.append(c);
            }
        }
    }

    private String unicodeEscape() {
        char c = hex4();
        if (Character.isLowSurrogate(c)) {
            throw error("an unpaired surrogate escape");
        }
        if (Character.isHighSurrogate(c)) {
            if (!text.startsWith("\\u", pos)) {
                throw error("an unpaired surrogate escape");
            }
            pos += 2;
            char low = hex4();
            if (!Character.isLowSurrogate(low)) {
                throw error("an unpaired surrogate escape");
            }
            return new String(new char[] {c, low});
        }
        return String.valueOf(c);
    }

    private char hex4() {
        if (pos + 4 > text.length()) {
            throw error("four hex digits expected");
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(text.charAt(pos++), 16);
            if (d < 0) {
                throw error("four hex digits expected");
            }
            v = v * 16 + d;
        }
        return (char) v;
    }

    private void whitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private void expect(char c) {
        if (next() != c) {
            pos--;
            throw error("'" + c + "' expected");
        }
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private char next() {
        if (pos >= text.length()) {
            pos++;
            throw error("unexpected end of the text");
        }
        return text.charAt(pos++);
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("malformed JSON at offset " + Math.min(pos, text.length()) + ": " + what);
    }

    // Typed reads of parsed members: a member of the wrong type is an error, never a guess.

    static String string(Map<String, Object> m, String name) {
        Object v = m.get(name);
        if (v == null || v instanceof String) {
            return (String) v;
        }
        throw new IllegalArgumentException("member \"" + name + "\" is not a string");
    }

    static Long integer(Map<String, Object> m, String name) {
        Object v = m.get(name);
        if (v == null) {
            return null;
        }
        if (v instanceof BigDecimal) {
            try {
                return ((BigDecimal) v).longValueExact();
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("member \"" + name + "\" is not an integer");
            }
        }
        throw new IllegalArgumentException("member \"" + name + "\" is not a number");
    }

    static boolean bool(Map<String, Object> m, String name) {
        Object v = m.get(name);
        if (v instanceof Boolean) {
            return (Boolean) v;
        }
        throw new IllegalArgumentException("member \"" + name + "\" is not true or false");
    }
}
