package org.pbxauth.access;

import java.util.List;
import java.util.Set;

/** One entry of the Call API list: these methods on these paths are allowed to a Call API app. */
public record AccessRule(String name, Set<String> methods, List<PathPattern> paths) {
    public AccessRule {
        methods = Set.copyOf(methods);
        paths = List.copyOf(paths);
    }

    public boolean allows(String method, ApiPath path) {
        return methods.contains(method) && paths.stream().anyMatch(p -> p.matches(path));
    }
}
