package org.pbxauth.http.web;

import java.util.List;
import java.util.Map;

/**
 * The form of {@code /app/register} as submitted (or empty), the choices this user may make and
 * the messages beside its fields (by field name; {@code form} for the whole form).
 */
public record RegisterForm(String name, String redirectUris, String type, String access, List<Choice> types,
                           List<Choice> accessChoices, Map<String, String> errors) {
    public static final int MAX_NAME = 200;

    public RegisterForm {
        types = List.copyOf(types);
        accessChoices = List.copyOf(accessChoices);
        errors = Map.copyOf(errors);
    }

    public String error(String field) {
        return errors.get(field);
    }
}
