package org.pbxauth.http.admin;

import io.javalin.http.Context;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;
import org.pbxauth.http.errors.Problem;

/** The admin API's path and query parameters, read strictly: a malformed one is a 400, never a 500. */
public final class Params {
    private static final Pattern ID = Pattern.compile("[1-9][0-9]{0,17}");

    private Params() {}

    /** The {@code {id}} of the path. */
    public static long pathId(Context ctx) {
        String text = ctx.pathParam("id");
        if (!ID.matcher(text).matches()) {
            throw Problem.badRequest("the id in the path is a whole number from 1");
        }
        return Long.parseLong(text);
    }

    /** An id in the query, or null when absent. */
    static Long id(Context ctx, String name) {
        String text = ctx.queryParam(name);
        if (text == null) {
            return null;
        }
        if (!ID.matcher(text).matches()) {
            throw Problem.badRequest(name + " is a whole number from 1");
        }
        return Long.parseLong(text);
    }

    /** A string in the query of at most {@code max} characters, or null when absent. */
    static String text(Context ctx, String name, int max) {
        String text = ctx.queryParam(name);
        if (text != null && text.length() > max) {
            throw Problem.badRequest(name + " has at most " + max + " characters");
        }
        return text;
    }

    /** An RFC 3339 instant in the query ({@code 2026-12-07T15:00:00Z}, any offset), or null when absent. */
    static Instant instant(Context ctx, String name) {
        String text = ctx.queryParam(name);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw Problem.badRequest(name + " is an RFC 3339 instant, such as 2026-01-31T12:00:00Z");
        }
    }

    /** An instant on the wire: RFC 3339 in UTC, or null. */
    static String wire(Instant at) {
        return at == null ? null : DateTimeFormatter.ISO_INSTANT.format(at);
    }
}
