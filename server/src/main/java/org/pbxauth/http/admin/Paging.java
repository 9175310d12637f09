package org.pbxauth.http.admin;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.regex.Pattern;
import org.pbxauth.http.errors.Problem;

/**
 * Keyset paging of a collection: {@code limit} (1 to 200, default 50) and an opaque
 * {@code cursor}, base64url of {@code <collection>:<last id>}, so a cursor of one collection
 * is no cursor of another. A page asks the store for one item more than it shows, to know
 * whether a next page exists: {@code next_cursor} is null exactly on the last page.
 */
public record Paging(String collection, int limit, Long lastId) {
    static final int DEFAULT = 50;
    static final int MAX = 200;
    private static final Pattern ID = Pattern.compile("[1-9][0-9]{0,17}");

    public static Paging of(Context ctx, String collection) {
        String limitText = ctx.queryParam("limit");
        int limit = DEFAULT;
        if (limitText != null) {
            if (!limitText.matches("[0-9]{1,3}") || Integer.parseInt(limitText) < 1 || Integer.parseInt(limitText) > MAX) {
                throw Problem.badRequest("limit is a whole number from 1 to " + MAX);
            }
            limit = Integer.parseInt(limitText);
        }
        String cursor = ctx.queryParam("cursor");
        return new Paging(collection, limit, cursor == null ? null : decode(collection, cursor));
    }

    private static long decode(String collection, String cursor) {
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw Problem.badRequest("the cursor is not one this API gave");
        }
        String prefix = collection + ":";
        if (!text.startsWith(prefix) || !ID.matcher(text.substring(prefix.length())).matches()) {
            throw Problem.badRequest("the cursor is not one this API gave");
        }
        return Long.parseLong(text.substring(prefix.length()));
    }

    String encode(long id) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((collection + ":" + id).getBytes(StandardCharsets.UTF_8));
    }

    /** Ask the store for this many: one more than the page. */
    public int fetch() {
        return limit + 1;
    }

    /** For ascending ids: those after the cursor. */
    public long afterId() {
        return lastId == null ? 0 : lastId;
    }

    /** For descending ids: those below the cursor. */
    long beforeId() {
        return lastId == null ? Long.MAX_VALUE : lastId;
    }

    /** {@code {"items":[...],"next_cursor":...}} of what the store gave ({@link #fetch} of them at most). */
    public <T> Map<String, Object> page(List<T> fetched, ToLongFunction<T> id, Function<T, Map<String, Object>> render) {
        List<T> shown = fetched.size() > limit ? fetched.subList(0, limit) : fetched;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", shown.stream().map(render).toList());
        body.put("next_cursor", fetched.size() > limit ? encode(id.applyAsLong(shown.get(shown.size() - 1))) : null);
        return body;
    }
}
