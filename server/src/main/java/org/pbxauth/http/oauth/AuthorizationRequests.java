package org.pbxauth.http.oauth;

import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.pbxauth.apps.AppRegistry;
import org.pbxauth.apps.AppType;
import org.pbxauth.apps.PbxApp;
import org.pbxauth.directory.Tenant;
import org.pbxauth.grants.OAuthError;
import org.pbxauth.grants.Pkce;
import org.pbxauth.http.FormBody;

/**
 * Checks {@code GET /oauth/authorize} (RFC 6749 §4.1.1, RFC 7636 §4.3) in the order the RFC
 * demands: first the app and its redirect URL, which decide whether an error may be redirected
 * at all; then everything else, whose errors go back to that URL.
 */
final class AuthorizationRequests {
    static final String SCOPE = "all";
    /** The state travels in the sealed form field; a generous cap keeps that field within the form limits. */
    static final int MAX_STATE = 1024;
    private static final Set<String> RECOGNIZED = Set.of("response_type", "client_id", "redirect_uri", "scope",
            "state", "code_challenge", "code_challenge_method");

    private final AppRegistry apps;
    private final FormBody query = new FormBody(32, 4096);

    private final boolean pkceAllowPlain;

    AuthorizationRequests(AppRegistry apps, boolean pkceAllowPlain) {
        this.apps = apps;
        this.pkceAllowPlain = pkceAllowPlain;
    }

    /** What to answer to an authorization request. */
    sealed interface Outcome {}

    /** An HTML error page: the redirect URL is missing, unknown or not the app's, so nothing may be redirected. */
    record ErrorPage(String message) implements Outcome {}

    /** RFC 6749 §4.1.2.1: an error answered by redirecting to the app's (validated) redirect URL. */
    record ErrorRedirect(URI redirectUri, ErrorObject error, String state) implements Outcome {}

    record Valid(PendingAuthorization request, PbxApp app) implements Outcome {}

    Outcome check(Tenant tenant, String rawQuery, Instant now) {
        Map<String, String> params;
        try {
            params = parameters(rawQuery);
        } catch (OAuthError e) {
            // Before the redirect URL is known to be the app's, an error can only be shown here.
            return new ErrorPage("The authorization request is malformed: " + e.description() + ".");
        }
        String clientId = params.get("client_id");
        if (clientId == null) {
            return new ErrorPage("The authorization request names no app (client_id is missing).");
        }
        Optional<PbxApp> found = apps.find(tenant.id(), clientId);
        if (found.isEmpty()) {
            return new ErrorPage("No app with this App ID is registered on this PBX.");
        }
        PbxApp app = found.get();
        // RFC 6749 §4.1.2.1: "If the request fails due to a missing, invalid, or mismatching
        // redirection URI, or if the client identifier is missing or invalid, the authorization
        // server SHOULD inform the resource owner of the error and MUST NOT automatically redirect
        // the user-agent to the invalid redirection URI." Matching is exact string comparison
        // (RFC 9700 §4.1.3), so no lookalike URL passes.
        String given = params.get("redirect_uri");
        String redirectUri;
        if (given != null) {
            if (!app.redirectUris().contains(given)) {
                return new ErrorPage("The redirect URL is not one registered for this app.");
            }
            redirectUri = given;
        } else if (app.redirectUris().size() == 1) {
            // §3.1.2.3: without redirect_uri, the one registered URL is the one meant.
            redirectUri = app.redirectUris().get(0);
        } else {
            return new ErrorPage("The authorization request has no redirect_uri, and this app has "
                    + (app.redirectUris().isEmpty() ? "no" : "several") + " registered redirect URLs.");
        }
        URI redirect = URI.create(redirectUri);
        String state = params.get("state");

        // From here on, every error goes back to the app by redirect.
        if (app.type() != AppType.PUBLIC) {
            return error(redirect, OAuth2Error.UNAUTHORIZED_CLIENT,
                    "only public apps may use the authorization code flow", state);
        }
        if (state != null && state.length() > MAX_STATE) {
            return error(redirect, OAuth2Error.INVALID_REQUEST, "state is longer than " + MAX_STATE + " characters",
                    state);
        }
        AuthorizationRequest parsed;
        try {
            parsed = AuthorizationRequest.parse(multi(params));
        } catch (ParseException e) {
            ErrorObject nimbus = e.getErrorObject() == null ? OAuth2Error.INVALID_REQUEST : e.getErrorObject();
            return error(redirect, nimbus, e.getMessage(), state);
        } catch (IllegalArgumentException e) {
            // Nimbus 11.30 can throw this while describing a malformed value; still the client's fault.
            return error(redirect, OAuth2Error.INVALID_REQUEST, "malformed authorization request", state);
        }
        // §4.1.1: "response_type REQUIRED. Value MUST be set to "code"."
        if (!ResponseType.CODE.equals(parsed.getResponseType())) {
            return error(redirect, OAuth2Error.UNSUPPORTED_RESPONSE_TYPE, "the only response_type is code", state);
        }
        // §3.3: "If the client omits the scope parameter when requesting authorization, the
        // authorization server MUST either process the request using a pre-defined default value
        // or fail the request". The platform has one scope, so it is the default.
        Scope scope = parsed.getScope();
        if (scope != null && !scope.equals(new Scope(SCOPE))) {
            return error(redirect, OAuth2Error.INVALID_SCOPE, "the only scope is all", state);
        }
        Optional<Pkce> pkce;
        try {
            // RFC 7636 §4.4.1: a challenge we cannot use is "invalid_request".
            pkce = Pkce.of(params.get("code_challenge"), params.get("code_challenge_method"));
        } catch (IllegalArgumentException e) {
            return error(redirect, OAuth2Error.INVALID_REQUEST, e.getMessage(), state);
        }
        // RFC 9700 §2.1.1: clients "SHOULD use PKCE code challenge methods that do not expose the
        // PKCE verifier in the authorization request ... Currently, S256 is the only such method."
        // We hold them to it unless the operator allows plain for old apps; a challenge without a
        // method is plain (RFC 7636 §4.3).
        if (pkce.isPresent() && pkce.get().method().equals(Pkce.PLAIN) && !pkceAllowPlain) {
            return error(redirect, OAuth2Error.INVALID_REQUEST,
                    "code_challenge_method plain is not allowed: use S256", state);
        }
        return new Valid(new PendingAuthorization(tenant.id(), app.clientId(), redirectUri, given != null, state,
                SCOPE, pkce, now.plus(PendingAuthorization.LIFETIME)), app);
    }

    /**
     * The app of a pending request, checked again when its form comes back: the app may have
     * been deleted or its redirect URLs changed while the user was typing.
     */
    Optional<PbxApp> stillAllowed(PendingAuthorization pending) {
        return apps.find(pending.tenantId(), pending.clientId())
                .filter(a -> a.type() == AppType.PUBLIC)
                .filter(a -> a.redirectUris().contains(pending.redirectUri()));
    }

    /**
     * The query's parameters, strictly decoded. RFC 6749 §3.1: "Request and response parameters
     * MUST NOT be included more than once", and "Parameters sent without a value MUST be treated
     * as if they were omitted from the request."
     */
    private Map<String, String> parameters(String rawQuery) {
        byte[] bytes = rawQuery == null ? new byte[0] : rawQuery.getBytes(StandardCharsets.UTF_8);
        Map<String, String> out = new LinkedHashMap<>();
        query.parse(bytes).forEach((name, value) -> {
            if (!value.isEmpty()) {
                out.put(name, value);
            }
        });
        return out;
    }

    /**
     * Only the parameters of RFC 6749 §4.1.1 and RFC 7636 §4.3 go to the parser. §3.1: "The
     * authorization server MUST ignore unrecognized request parameters" -- and request objects,
     * resource indicators and the like are not recognized here, so they must not fail a request.
     */
    private static Map<String, List<String>> multi(Map<String, String> params) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        params.forEach((k, v) -> {
            if (RECOGNIZED.contains(k)) {
                out.put(k, List.of(v));
            }
        });
        return out;
    }

    private static ErrorRedirect error(URI redirect, ErrorObject code, String description, String state) {
        return new ErrorRedirect(redirect, new ErrorObject(code.getCode(), printable(description)), state);
    }

    /** RFC 6749 §4.1.2.1: error_description is %x20-21 / %x23-5B / %x5D-7E only. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; s != null && i < s.length() && b.length() < 200; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? c : '?');
        }
        return b.toString();
    }
}
