package org.pbxauth;

import java.util.Map;
import net.minidev.json.JSONObject;
import net.minidev.json.parser.JSONParser;
import net.minidev.json.parser.ParseException;

/** Parses a JSON object answer in tests. */
public final class Json {
    private Json() {}

    public static Map<String, Object> object(String body) {
        try {
            return (JSONObject) new JSONParser(JSONParser.MODE_STRICTEST).parse(body);
        } catch (ParseException | ClassCastException e) {
            throw new AssertionError("not a JSON object: " + body, e);
        }
    }
}
