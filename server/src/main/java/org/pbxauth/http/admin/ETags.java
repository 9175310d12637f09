package org.pbxauth.http.admin;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.pbxauth.http.errors.Problem;

/**
 * Strong entity tags (RFC 9110 §8.8.3) of a resource's state: the first 128 bits of the SHA-256
 * of its row's version and what a change may alter, so two states differ in their tag. The check
 * here is against the state read; the store's compare-and-set on that version makes it hold at
 * the write. A change needs {@code If-Match}
 * (RFC 6585 §3: 428 without it) naming the current tag (RFC 9110 §13.1.1: 412 otherwise).
 */
public final class ETags {
    private ETags() {}

    /** The tag of a state given as its fields, in a fixed order. */
    public static String of(Object... fields) {
        StringBuilder b = new StringBuilder();
        for (Object f : fields) {
            String s = String.valueOf(f);
            b.append(s.length()).append(':').append(s).append(';'); // length-prefixed: no two states join alike
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(b.toString().getBytes(StandardCharsets.UTF_8));
            return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Refuses the change unless If-Match names {@code current} (or is {@code *}); strong comparison. */
    public static void requireMatch(Context ctx, String current) {
        String header = ctx.header("If-Match");
        if (header == null || header.isBlank()) {
            throw new Problem(428, "precondition_required", "a change needs If-Match with the ETag last read");
        }
        for (String tag : header.split(",")) {
            String t = tag.trim();
            if (t.equals("*") || t.equals(current)) {
                return;
            }
        }
        throw changedSince();
    }

    /** 412: the change was made against a state that is no longer the resource's. */
    public static Problem changedSince() {
        return new Problem(412, "precondition_failed", "the resource changed since it was read: read it again");
    }
}
