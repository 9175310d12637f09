package org.pbxauth.http.oauth;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationErrorResponse;
import com.nimbusds.oauth2.sdk.AuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ResponseMode;
import com.nimbusds.oauth2.sdk.id.State;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.pbxauth.http.PageKeys;
import org.pbxauth.http.ExternalOrigin;
import org.pbxauth.apps.AppRegistry;
import org.pbxauth.apps.PbxApp;
import org.pbxauth.consents.Consents;
import org.pbxauth.http.BrowserLogin;
import org.pbxauth.http.Csrf;
import org.pbxauth.http.ops.Audit;
import org.pbxauth.directory.Directory;
import org.pbxauth.directory.PbxUser;
import org.pbxauth.directory.Tenant;
import org.pbxauth.grants.AuthorizationCodes;
import org.pbxauth.grants.OAuthError;
import org.pbxauth.guard.OverloadedException;
import org.pbxauth.http.ClientAddress;
import org.pbxauth.http.FormBody;
import org.pbxauth.secrets.RandomTokens;
import org.pbxauth.secrets.Secret;

/**
 * The browser side of the authorization code flow (RFC 6749 §4.1.1–4.1.2): {@code GET
 * /oauth/authorize}, its login form and its consent form. The pending request travels sealed in
 * the forms, the user in a signed session cookie; the answer is always a page of ours or a
 * redirect to a URL registered for the app.
 */
public final class AuthorizeRoutes {
    /** One message for every failed login, so the page never tells a wrong password from an unknown user. */
    static final String BAD_CREDENTIALS = "The login or password is wrong, or this user may not sign in.";
    static final String BAD_FORM = "This form has expired or did not come from this page.";
    static final String BUSY = "The server is busy right now. Please try again in a moment.";
    static final String EXPIRED = "This sign-in page has expired or is no longer valid for the app.";

    /** Room for the sealed request (which carries the state and redirect URL) and the credentials. */
    private static final int MAX_FORM_BYTES = 16 * 1024;

    private final Directory directory;
    private final AuthorizationRequests requests;
    private final AuthorizationCodes codes;
    private final Consents consents;
    private final BrowserLogin sessions;
    private final Csrf csrf;
    private final PageKeys keys;
    private final Clock clock;
    private final FormBody form = new FormBody(8, 12 * 1024);

    public AuthorizeRoutes(Directory directory, AppRegistry apps, AuthorizationCodes codes, Consents consents,
                           byte[] serverKey, RandomTokens random, Clock clock, boolean pkceAllowPlain,
                           BrowserLogin login) {
        this.directory = directory;
        this.requests = new AuthorizationRequests(apps, pkceAllowPlain);
        this.codes = codes;
        this.consents = consents;
        this.keys = new PageKeys(serverKey);
        // the /login session: signed in there, the user skips this login, and /logout ends both
        this.sessions = login;
        this.csrf = new Csrf(keys, random);
        this.clock = clock;
    }

    public void addTo(Javalin app) {
        app.get("/oauth/authorize", this::authorize);
        app.post(AuthorizePages.LOGIN_ACTION, this::login);
        app.post(AuthorizePages.CONSENT_ACTION, this::consent);
    }

    /** {@code GET /oauth/authorize}: check the request, then log in, ask, or answer at once. */
    void authorize(Context ctx) {
        Optional<Tenant> tenant = directory.tenantForHost(ExternalOrigin.of(ctx).authority());
        if (tenant.isEmpty()) {
            AuthorizePages.error(ctx, 400, "No PBX answers on this hostname.");
            return;
        }
        ExternalOrigin.settle(ctx, tenant.get().publicUrl());
        switch (requests.check(tenant.get(), ctx.queryString(), clock.instant())) {
            case AuthorizationRequests.ErrorPage page -> AuthorizePages.error(ctx, 400, page.message());
            case AuthorizationRequests.ErrorRedirect e -> redirect(ctx, 302,
                    new AuthorizationErrorResponse(e.redirectUri(), e.error(), state(e.state()), ResponseMode.QUERY)
                            .toURI());
            case AuthorizationRequests.Valid valid -> {
                Optional<PbxUser> user = sessions.user(ctx, tenant.get());
                if (user.isEmpty()) {
                    showLogin(ctx, tenant.get(), valid.request(), valid.app(), null, null);
                } else {
                    proceed(ctx, valid.request(), valid.app(), user.get(), 302);
                }
            }
        }
    }

    /** {@code POST /oauth/authorize/login}: the login form. */
    void login(Context ctx) {
        Submitted s = submitted(ctx);
        if (s == null) {
            return;
        }
        String login = s.form().get("login");
        String password = s.form().get("password");
        if (login == null || login.isBlank() || password == null || password.isEmpty()) {
            showLogin(ctx, s.tenant(), s.pending(), s.app(), login, BAD_CREDENTIALS);
            return;
        }
        Optional<PbxUser> user;
        try {
            user = directory.authenticate(s.tenant(), login, Secret.of(password), ClientAddress.of(ctx));
        } catch (OverloadedException e) {
            // The password hashing pool sheds load: the person at the browser gets the form back, not JSON.
            showLogin(ctx, s.tenant(), s.pending(), s.app(), login, BUSY);
            ctx.status(503).header("Retry-After", "1");
            return;
        }
        if (user.isEmpty()) {
            Audit.loginRefused(ctx, "authorize", s.tenant().id(), s.app().clientId(), login);
            showLogin(ctx, s.tenant(), s.pending(), s.app(), login, BAD_CREDENTIALS);
            return;
        }
        Audit.webLogin(ctx, "authorize", s.tenant().id(), user.get().id(), s.app().clientId());
        sessions.start(ctx, user.get());
        proceed(ctx, s.pending(), s.app(), user.get(), 303);
    }

    /** {@code POST /oauth/authorize/consent}: Allow or Deny. */
    void consent(Context ctx) {
        Submitted s = submitted(ctx);
        if (s == null) {
            return;
        }
        Optional<PbxUser> user = sessions.user(ctx, s.tenant());
        if (user.isEmpty()) {
            showLogin(ctx, s.tenant(), s.pending(), s.app(), null, "Your sign-in has expired. Please sign in again.");
            return;
        }
        switch (String.valueOf(s.form().get("decision"))) {
            case "allow" -> {
                consents.grant(user.get(), s.app());
                Audit.consentGiven(ctx, s.tenant().id(), user.get().id(), s.app().clientId());
                proceed(ctx, s.pending(), s.app(), user.get(), 303);
            }
            // RFC 6749 §4.1.2.1: "access_denied The resource owner or authorization server denied the request."
            case "deny" -> redirect(ctx, 303, new AuthorizationErrorResponse(s.pending().redirectUriValue(),
                    new ErrorObject(OAuth2Error.ACCESS_DENIED.getCode(), "the user denied access"),
                    state(s.pending().state()), ResponseMode.QUERY).toURI());
            default -> AuthorizePages.error(ctx, 400, "The consent form was sent without Allow or Deny.");
        }
    }

    /**
     * A logged-in user: a remembered consent goes straight back to the app with a code (§4.1.2),
     * else the consent page asks. RFC 9700 §4.12: after a form POST the redirect is 303, so the
     * browser does not resend the form (and the password) to the app.
     */
    private void proceed(Context ctx, PendingAuthorization pending, PbxApp app, PbxUser user, int status) {
        if (!consents.isGranted(user.tenantId(), user.id(), app.id())) {
            AuthorizePages.consent(ctx, new AuthorizePages.ConsentView(app.name(), user.login(), app.access(),
                    pending.seal(keys), csrf.field(ctx), pending.redirectUriValue()));
            return;
        }
        Secret code = codes.issue(app, user, pending.redirectUri(), pending.redirectUriGiven(), pending.scope(),
                pending.pkce());
        redirect(ctx, status, new AuthorizationSuccessResponse(pending.redirectUriValue(),
                new AuthorizationCode(code.reveal()), null, state(pending.state()), ResponseMode.QUERY).toURI());
    }

    private void showLogin(Context ctx, Tenant tenant, PendingAuthorization pending, PbxApp app, String login,
                           String error) {
        AuthorizePages.login(ctx, new AuthorizePages.LoginView(tenant.name(), app.name(), pending.seal(keys),
                csrf.field(ctx), login, error, pending.redirectUriValue()));
    }

    /**
     * The common checks of both forms, each failure answered with a page: the Host's customer,
     * the form, its CSRF field (before any password work), and the sealed request, which must be
     * ours, unexpired, of this customer and still allowed for its app. Null after an error page.
     */
    private Submitted submitted(Context ctx) {
        Optional<Tenant> tenant = directory.tenantForHost(ExternalOrigin.of(ctx).authority());
        if (tenant.isEmpty()) {
            AuthorizePages.error(ctx, 400, "No PBX answers on this hostname.");
            return null;
        }
        ExternalOrigin.settle(ctx, tenant.get().publicUrl());
        Map<String, String> fields;
        try {
            fields = TokenEndpoint.readForm(ctx, form, MAX_FORM_BYTES);
        } catch (OAuthError e) {
            AuthorizePages.error(ctx, 400, "The form is malformed: " + e.description() + ".");
            return null;
        }
        if (!csrf.valid(ctx, fields.get("csrf"))) {
            AuthorizePages.error(ctx, 403, BAD_FORM);
            return null;
        }
        Optional<PendingAuthorization> pending = PendingAuthorization.open(fields.get("request"), keys, clock.instant())
                .filter(p -> p.tenantId() == tenant.get().id());
        Optional<PbxApp> app = pending.flatMap(requests::stillAllowed);
        if (app.isEmpty()) {
            AuthorizePages.error(ctx, 400, EXPIRED);
            return null;
        }
        return new Submitted(tenant.get(), fields, pending.get(), app.get());
    }

    private static void redirect(Context ctx, int status, URI location) {
        AuthorizePages.securityHeaders(ctx, location);
        ctx.status(status).header("Location", location.toString());
    }

    private static State state(String value) {
        return value == null ? null : new State(value);
    }

    /** A form that passed the common checks. Its fields may hold a password: never printed. */
    private record Submitted(Tenant tenant, Map<String, String> form, PendingAuthorization pending, PbxApp app) {
        @Override
        public String toString() {
            return "Submitted[tenant=" + tenant.id() + ", app=" + app.clientId() + "]";
        }
    }
}
