package org.pbxauth.http.web;

import java.util.Map;

/** The edit form of one app on My apps, as shown or as sent back with its messages (by field name). */
public record AppEdit(String clientId, String type, String name, String redirectUris, Map<String, String> errors) {
    public AppEdit {
        errors = Map.copyOf(errors);
    }

    public String error(String field) {
        return errors.get(field);
    }
}
