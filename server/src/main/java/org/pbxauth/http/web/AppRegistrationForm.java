package org.pbxauth.http.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pbxauth.apps.AccessLevel;
import org.pbxauth.apps.AppType;
import org.pbxauth.directory.PbxUser;

/**
 * The rules of {@code /app/register}: which choices a user is offered (password_credentials and
 * access All only to an administrator, as the vendor's platform has it) and what a submitted
 * form must hold. A forged form that sends a choice not offered is refused like a wrong field.
 */
final class AppRegistrationForm {
    static final int MAX_REDIRECT_URIS = 10;
    static final int MAX_REDIRECT_URI_LENGTH = 2000;

    private AppRegistrationForm() {}

    /** A valid submission: what to register. */
    record Valid(String name, List<String> redirectUris, AppType type, AccessLevel access) {}

    static RegisterForm empty(PbxUser user) {
        return new RegisterForm("", "", AppType.PUBLIC.wireName(), AccessLevel.CALL_API.wireName(), types(user),
                accessChoices(user), Map.of());
    }

    /** The submitted form with its messages, or null when it is valid (then {@link #valid} reads it). */
    static RegisterForm check(PbxUser user, Map<String, String> fields) {
        Map<String, String> errors = errors(user, fields);
        if (errors.isEmpty()) {
            return null;
        }
        return again(user, fields, errors);
    }

    static RegisterForm again(PbxUser user, Map<String, String> fields, Map<String, String> errors) {
        return new RegisterForm(value(fields, "name"), value(fields, "redirect_uris"), value(fields, "type"),
                value(fields, "access"), types(user), accessChoices(user), errors);
    }

    static Valid valid(Map<String, String> fields) {
        return new Valid(value(fields, "name").trim(), uris(value(fields, "redirect_uris")),
                AppType.parse(value(fields, "type")), AccessLevel.parse(value(fields, "access")));
    }

    /** True when the only fault is a choice this user is not offered: a forged form, answered 403. */
    static boolean forged(PbxUser user, Map<String, String> fields) {
        String type = value(fields, "type");
        String access = value(fields, "access");
        return !user.admin() && (AppType.PASSWORD_CREDENTIALS.wireName().equals(type)
                || AccessLevel.ALL.wireName().equals(access));
    }

    /** The edit form of My apps: a name and redirect URLs, under the rules of the app's type; empty when valid. */
    static Map<String, String> editErrors(AppType type, Map<String, String> fields) {
        Map<String, String> errors = new LinkedHashMap<>();
        nameError(fields, errors);
        String redirectError = redirectUrisError(value(fields, "redirect_uris"), type == AppType.PUBLIC);
        if (redirectError != null) {
            errors.put("redirect_uris", redirectError);
        }
        return errors;
    }

    static List<String> redirectUris(Map<String, String> fields) {
        return uris(value(fields, "redirect_uris"));
    }

    private static void nameError(Map<String, String> fields, Map<String, String> errors) {
        String name = value(fields, "name").trim();
        if (name.isEmpty()) {
            errors.put("name", "Give the app a name.");
        } else if (name.length() > RegisterForm.MAX_NAME) {
            errors.put("name", "A name has at most " + RegisterForm.MAX_NAME + " characters.");
        }
    }

    private static Map<String, String> errors(PbxUser user, Map<String, String> fields) {
        Map<String, String> errors = new LinkedHashMap<>();
        nameError(fields, errors);
        String type = value(fields, "type");
        if (types(user).stream().noneMatch(c -> c.value().equals(type))) {
            errors.put("type", AppType.PASSWORD_CREDENTIALS.wireName().equals(type)
                    ? "Only an administrator may register a password_credentials app." : "Choose an application type.");
        }
        String access = value(fields, "access");
        if (accessChoices(user).stream().noneMatch(c -> c.value().equals(access))) {
            errors.put("access", AccessLevel.ALL.wireName().equals(access)
                    ? "Only an administrator may give an app access All." : "Choose the application's access.");
        }
        String redirectError = redirectUrisError(value(fields, "redirect_uris"),
                AppType.PUBLIC.wireName().equals(type));
        if (redirectError != null) {
            errors.put("redirect_uris", redirectError);
        }
        return errors;
    }

    /**
     * RFC 6749 §3.1.2: absolute, without a fragment; https, except a loopback host, where an app
     * on the user's own machine listens (RFC 8252 §7.3).
     */
    private static String redirectUrisError(String text, boolean required) {
        List<String> list = uris(text);
        if (list.isEmpty()) {
            return required ? "A public app needs at least one redirect URL." : null;
        }
        if (list.size() > MAX_REDIRECT_URIS) {
            return "At most " + MAX_REDIRECT_URIS + " redirect URLs.";
        }
        for (String uri : list) {
            if (uri.length() > MAX_REDIRECT_URI_LENGTH) {
                return "A redirect URL has at most " + MAX_REDIRECT_URI_LENGTH + " characters.";
            }
            URI u;
            try {
                u = new URI(uri);
            } catch (URISyntaxException e) {
                return "'" + shorten(uri) + "' is not a URL.";
            }
            if (!u.isAbsolute() || u.getHost() == null) {
                return "'" + shorten(uri) + "' is not an absolute URL with a host.";
            }
            if (u.getRawFragment() != null) {
                return "'" + shorten(uri) + "' has a #fragment; a redirect URL may not.";
            }
            String scheme = u.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !(scheme.equals("http") && loopback(u.getHost()))) {
                return "'" + shorten(uri) + "' must use https (http only for localhost, 127.0.0.1 or [::1]).";
            }
        }
        return null;
    }

    private static boolean loopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.equals("127.0.0.1") || h.equals("[::1]");
    }

    private static List<String> uris(String text) {
        List<String> out = new ArrayList<>();
        for (String part : text.trim().split("\\s+")) {
            if (!part.isEmpty() && !out.contains(part)) {
                out.add(part);
            }
        }
        return out;
    }

    private static List<Choice> types(PbxUser user) {
        List<Choice> c = new ArrayList<>(List.of(
                new Choice(AppType.PUBLIC.wireName(), "Public", "users sign in on this PBX's page and allow the app"),
                new Choice(AppType.TRUSTED.wireName(), "Trusted", "the app acts as you (client_credentials)")));
        if (user.admin()) {
            c.add(new Choice(AppType.PASSWORD_CREDENTIALS.wireName(), "Password credentials",
                    "the app sends a user's login and password (the seed's request); administrators only"));
        }
        return c;
    }

    private static List<Choice> accessChoices(PbxUser user) {
        List<Choice> c = new ArrayList<>(List.of(new Choice(AccessLevel.CALL_API.wireName(), "Call API",
                "read everything, manage calls, faxes and call-event handlers; no configuration changes")));
        if (user.admin()) {
            c.add(new Choice(AccessLevel.ALL.wireName(), "All", "everything the user may do; administrators only"));
        }
        return c;
    }

    private static String value(Map<String, String> fields, String name) {
        String v = fields.get(name);
        return v == null ? "" : v;
    }

    private static String shorten(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
