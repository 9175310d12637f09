package org.pbxauth.access;

import java.util.List;

/**
 * A path shape of the access rules: {@code /api/ver1.0/extension/{extension_id}/event/**}.
 * A literal segment matches itself; {@code {name}} or {@code *} one segment; {@code **}, last
 * only, any number of segments (none too). A trailing {@code /} does not matter, as in {@link ApiPath}.
 */
public record PathPattern(String text, List<String> segments) {
    public PathPattern {
        segments = List.copyOf(segments);
    }

    /** The pattern, or IllegalArgumentException saying what is wrong with it. */
    public static PathPattern parse(String text) {
        if (text == null || !text.startsWith("/")) {
            throw new IllegalArgumentException("a path pattern starts with /: " + text);
        }
        ApiPath p = ApiPath.parse(text.replace("{", "%7B").replace("}", "%7D"))
                .orElseThrow(() -> new IllegalArgumentException("not a plain path: " + text));
        List<String> segments = p.segments();
        for (int i = 0; i < segments.size(); i++) {
            String s = segments.get(i);
            if (s.equals("**") && i != segments.size() - 1) {
                throw new IllegalArgumentException("** may only end a pattern: " + text);
            }
            if (s.contains("*") && !s.equals("*") && !s.equals("**")) {
                throw new IllegalArgumentException("* stands for a whole segment, not part of one: " + text);
            }
            boolean variable = s.startsWith("{") || s.endsWith("}");
            if (variable && !s.matches("\\{[a-z_]+\\}")) {
                throw new IllegalArgumentException("a variable is {lower_case_name}: " + s + " in " + text);
            }
        }
        if (segments.size() < 2 || !segments.get(0).equals("api") || !segments.get(1).equals("ver1.0")) {
            throw new IllegalArgumentException("a rule's path is under /api/ver1.0/: " + text);
        }
        return new PathPattern(text, segments);
    }

    public boolean matches(ApiPath path) {
        for (int i = 0; i < segments.size(); i++) {
            String s = segments.get(i);
            if (s.equals("**")) {
                return true;
            }
            String actual = path.segment(i);
            if (actual == null) {
                return false;
            }
            if (!(s.equals("*") || s.startsWith("{") || s.equals(actual))) {
                return false;
            }
        }
        return path.size() == segments.size();
    }

    @Override
    public String toString() {
        return text;
    }
}
