package org.pbxauth.http.admin;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import net.minidev.json.JSONArray;
import net.minidev.json.JSONObject;
import net.minidev.json.parser.JSONParser;
import net.minidev.json.parser.ParseException;
import org.pbxauth.http.errors.Problem;

/**
 * A request's JSON object, read strictly: the media type the operation takes (else 415), one
 * object, only the members the operation knows (an unknown member is a 400: a misspelt
 * {@code "blockd": true} must not pass as a no-op), each of its type. Present-but-null is told
 * from absent, as RFC 7396 merge patches need.
 */
public final class JsonBody {
    public static final String JSON = "application/json";
    public static final String MERGE_PATCH = "application/merge-patch+json";

    private final JSONObject members;

    private JsonBody(JSONObject members) {
        this.members = members;
    }

    /** The body of {@code ctx}, which must be {@code mediaType} and hold only members of {@code known}. */
    public static JsonBody read(Context ctx, String mediaType, Set<String> known) {
        String type = ctx.contentType() == null ? "" : ctx.contentType().split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!type.equals(mediaType)) {
            if (mediaType.equals(MERGE_PATCH)) {
                ctx.header("Accept-Patch", MERGE_PATCH); // RFC 5789 §2.2
            }
            throw new Problem(415, "unsupported_media_type", "the body must be " + mediaType);
        }
        String text;
        try {
            text = ctx.body();
        } catch (HttpResponseException tooLarge) {
            throw new Problem(tooLarge.getStatus(), "invalid_request", "the body is too large");
        }
        Object parsed;
        try {
            parsed = new JSONParser(JSONParser.MODE_STRICTEST).parse(text);
        } catch (ParseException | RuntimeException e) {
            throw Problem.badRequest("the body is not JSON");
        }
        if (!(parsed instanceof JSONObject object)) {
            throw Problem.badRequest("the body must be a JSON object");
        }
        Set<String> unknown = new TreeSet<>(object.keySet());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw Problem.badRequest("unknown member(s): " + String.join(", ", unknown));
        }
        return new JsonBody(object);
    }

    public boolean has(String name) {
        return members.containsKey(name);
    }

    /** A member that, when present, must not be null. */
    private Object present(String name) {
        Object v = members.get(name);
        if (v == null) {
            throw Problem.badRequest("'" + name + "' must not be null");
        }
        return v;
    }

    public String string(String name, String fallback) {
        if (!has(name)) {
            return fallback;
        }
        if (!(present(name) instanceof String s)) {
            throw Problem.badRequest("'" + name + "' must be a string");
        }
        return s;
    }

    public String requiredString(String name) {
        if (!has(name)) {
            throw Problem.badRequest("'" + name + "' is required");
        }
        return string(name, null);
    }

    boolean bool(String name, boolean fallback) {
        if (!has(name)) {
            return fallback;
        }
        if (!(present(name) instanceof Boolean b)) {
            throw Problem.badRequest("'" + name + "' must be true or false");
        }
        return b;
    }

    /** A whole number or null; {@code fallback} when absent. */
    public Long nullableLong(String name, Long fallback) {
        if (!has(name)) {
            return fallback;
        }
        Object v = members.get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Integer || v instanceof Long)) {
            throw Problem.badRequest("'" + name + "' must be a whole number or null");
        }
        return ((Number) v).longValue();
    }

    /** A string or null; {@code fallback} when absent. */
    public String nullableString(String name, String fallback) {
        if (!has(name)) {
            return fallback;
        }
        Object v = members.get(name);
        if (v != null && !(v instanceof String)) {
            throw Problem.badRequest("'" + name + "' must be a string or null");
        }
        return (String) v;
    }

    public List<String> strings(String name, List<String> fallback) {
        if (!has(name)) {
            return fallback;
        }
        if (!(present(name) instanceof JSONArray array)) {
            throw Problem.badRequest("'" + name + "' must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (Object item : array) {
            if (!(item instanceof String s)) {
                throw Problem.badRequest("'" + name + "' must be an array of strings");
            }
            out.add(s);
        }
        if (out.size() > 20) {
            throw Problem.badRequest("'" + name + "' has at most 20 entries");
        }
        return List.copyOf(out);
    }
}
