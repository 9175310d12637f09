package org.pbxauth.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link FormBody#read}: the whole body up to the limit, one byte more past it, however it arrives. */
class FormBodyReadTest {
    private static final int LIMIT = 1000;

    private static byte[] body(int length) {
        byte[] b = new byte[length];
        new Random(length).nextBytes(b);
        return b;
    }

    /** Hands out at most one byte per read, as a slow client's packets might. */
    private static InputStream trickle(byte[] b) {
        return new FilterInputStream(new ByteArrayInputStream(b)) {
            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                return super.read(buf, off, Math.min(len, 1));
            }
        };
    }

    @Test
    void bodiesUpToTheLimitComeBackWhole() throws IOException {
        for (int length : new int[] {0, 1, 29, 511, 512, 513, 999, 1000}) {
            byte[] b = body(length);
            assertArrayEquals(b, FormBody.read(new ByteArrayInputStream(b), length, LIMIT), "declared " + length);
            assertArrayEquals(b, FormBody.read(new ByteArrayInputStream(b), -1, LIMIT), "undeclared " + length);
            assertArrayEquals(b, FormBody.read(trickle(b), length, LIMIT), "trickled " + length);
            assertArrayEquals(b, FormBody.read(trickle(b), -1, LIMIT), "trickled, undeclared " + length);
        }
    }

    @Test
    void aBodyLongerThanDeclaredIsReadToItsEnd() throws IOException {
        byte[] b = body(300);
        assertArrayEquals(b, FormBody.read(new ByteArrayInputStream(b), 10, LIMIT));
        assertArrayEquals(b, FormBody.read(new ByteArrayInputStream(b), 0, LIMIT));
    }

    @Test
    void aBodyShorterThanDeclaredComesBackAsSent() throws IOException {
        byte[] b = body(30);
        assertArrayEquals(b, FormBody.read(new ByteArrayInputStream(b), 700, LIMIT));
    }

    @Test
    void pastTheLimitOneByteMoreIsReadAndNoMore() throws IOException {
        for (long declared : new long[] {-1, 10, LIMIT, LIMIT + 1, 5000, Long.MAX_VALUE}) {
            ByteArrayInputStream in = new ByteArrayInputStream(body(5000));
            byte[] read = FormBody.read(in, declared, LIMIT);
            assertEquals(LIMIT + 1, read.length, "declared " + declared);
            assertEquals(5000 - LIMIT - 1, in.available(), "the rest stays unread, declared " + declared);
        }
    }
}
