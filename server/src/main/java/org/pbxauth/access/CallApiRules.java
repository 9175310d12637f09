package org.pbxauth.access;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * What an app of access Call API may do, as data: the vendor's list is built in
 * ({@code access/call-api.yml}); an operator's file (setting {@code gateway.access-policy})
 * replaces it, or extends it with {@code extends: default}. Read and checked once at start: a
 * mistake stops the server with the file, the rule and what is wrong.
 */
public final class CallApiRules {
    static final String DEFAULT = "/access/call-api.yml";
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    private final List<AccessRule> rules;

    private CallApiRules(List<AccessRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The built-in list. */
    public static CallApiRules builtIn() {
        try (InputStream in = CallApiRules.class.getResourceAsStream(DEFAULT)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULT + " is missing from the jar");
            }
            return new CallApiRules(parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8),
                    "built-in " + DEFAULT, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The operator's file; {@code extends: default} puts its rules after the built-in ones. */
    public static CallApiRules load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the access policy " + file + ": " + e.getMessage());
        }
        return new CallApiRules(parse(text, file.toString(), builtIn()));
    }

    /** The first rule that allows {@code method} on {@code path}. */
    public Optional<AccessRule> allowing(String method, ApiPath path) {
        for (AccessRule r : rules) {
            if (r.allows(method, path)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    public List<AccessRule> rules() {
        return rules;
    }

    private static List<AccessRule> parse(String text, String source, CallApiRules base) {
        Object doc;
        try {
            doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        } catch (YAMLException e) {
            throw new IllegalArgumentException(source + ": not YAML: " + e.getMessage());
        }
        if (!(doc instanceof Map<?, ?> top)) {
            throw new IllegalArgumentException(source + ": expected a mapping with call_api: [rules]");
        }
        for (Object key : top.keySet()) {
            if (!"call_api".equals(key) && !"extends".equals(key)) {
                throw new IllegalArgumentException(source + ": unknown key '" + key + "' (call_api, extends)");
            }
        }
        List<AccessRule> out = new ArrayList<>();
        Object ext = top.get("extends");
        if (ext != null) {
            if (!"default".equals(ext) || base == null) {
                throw new IllegalArgumentException(source + ": extends can only be 'default'");
            }
            out.addAll(base.rules);
        }
        if (!(top.get("call_api") instanceof List<?> list) || list.isEmpty() && ext == null) {
            throw new IllegalArgumentException(source + ": call_api must be a list of rules");
        }
        int n = 0;
        for (Object item : list) {
            n++;
            out.add(rule(item, source + ": rule " + n));
        }
        return out;
    }

    private static AccessRule rule(Object item, String where) {
        if (!(item instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(where + ": a rule is a mapping of name, methods, paths");
        }
        for (Object key : m.keySet()) {
            if (!Set.of("name", "methods", "paths").contains(key)) {
                throw new IllegalArgumentException(where + ": unknown key '" + key + "' (name, methods, paths)");
            }
        }
        if (!(m.get("name") instanceof String name) || name.isBlank()) {
            throw new IllegalArgumentException(where + ": name is required");
        }
        where = where + " (" + name + ")";
        if (!(m.get("methods") instanceof List<?> methods) || methods.isEmpty()) {
            throw new IllegalArgumentException(where + ": methods must be a list such as [GET, POST]");
        }
        Set<String> ms = new LinkedHashSet<>();
        for (Object method : methods) {
            String v = String.valueOf(method).toUpperCase(Locale.ROOT);
            if (!METHODS.contains(v)) {
                throw new IllegalArgumentException(where + ": unknown method '" + method + "'");
            }
            ms.add(v);
        }
        if (!(m.get("paths") instanceof List<?> paths) || paths.isEmpty()) {
            throw new IllegalArgumentException(where + ": paths must be a list of /api/ver1.0/… patterns");
        }
        List<PathPattern> ps = new ArrayList<>();
        for (Object p : paths) {
            try {
                ps.add(PathPattern.parse(String.valueOf(p)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage());
            }
        }
        return new AccessRule(name, ms, ps);
    }
}
