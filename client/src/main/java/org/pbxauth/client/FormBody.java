package org.pbxauth.client;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An {@code application/x-www-form-urlencoded} body built from characters, so a password or App
 * Secret never becomes a String on the way; {@link #bytes()} is handed to the request and
 * {@link #clear()} overwrites it afterwards.
 */
final class FormBody {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(256) {
        // overwrite the growing buffer's old copies too: the default grow leaves them behind
        @Override
        public synchronized void write(int b) {
            if (count == buf.length) {
                byte[] old = buf;
                buf = Arrays.copyOf(buf, buf.length * 2);
                Arrays.fill(old, (byte) 0);
            }
            buf[count++] = (byte) b;
        }
    };

    FormBody add(String name, String value) {
        return add(name, value.toCharArray());
    }

    FormBody add(String name, char[] value) {
        if (out.size() > 0) {
            out.write('&');
        }
        encode(name.toCharArray());
        out.write('=');
        encode(value);
        return this;
    }

    FormBody add(String name, Secret value) {
        return add(name, value.chars());
    }

    private void encode(char[] chars) {
        CharsetEncoder utf8 = StandardCharsets.UTF_8.newEncoder();
        ByteBuffer bytes;
        try {
            bytes = utf8.encode(CharBuffer.wrap(chars));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("a form value that is not valid UTF-16 text");
        }
        while (bytes.hasRemaining()) {
            int b = bytes.get() & 0xff;
            if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
                    || b == '-' || b == '.' || b == '_' || b == '*') {
                out.write(b);
            } else if (b == ' ') {
                out.write('+');
            } else {
                out.write('%');
                out.write(HEX[b >> 4]);
                out.write(HEX[b & 0xf]);
            }
        }
        if (bytes.hasArray()) {
            Arrays.fill(bytes.array(), (byte) 0);
        }
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    /** The buffer overwritten (the caller clears the array it got from {@link #bytes()}). */
    void clear() {
        byte[] zeros = new byte[out.size()];
        out.reset();
        out.write(zeros, 0, zeros.length);
        out.reset();
    }
}
