package org.pbxauth.http.oauth;

import io.javalin.http.Context;
import io.javalin.http.Header;
import java.util.Map;
import java.util.regex.Pattern;
import org.pbxauth.http.ExternalOrigin;
import org.pbxauth.apps.AppRegistry;
import org.pbxauth.apps.PbxApp;
import org.pbxauth.directory.Directory;
import org.pbxauth.directory.Tenant;
import org.pbxauth.grants.OAuthError;
import org.pbxauth.http.FormBody;
import org.pbxauth.http.errors.ErrorRenderer;

/**
 * What every app-facing OAuth endpoint does first: read the form, find the customer by Host, and
 * authenticate the app of that customer (RFC 6749 §2.3.1: Basic or the body).
 */
final class ClientAuthenticator {
    private static final Pattern APP_ID_SHAPE = Pattern.compile("[0-9a-f]{32}");
    private final Directory directory;
    private final AppRegistry apps;
    private final FormBody form;
    private final int maxBodyBytes;

    ClientAuthenticator(Directory directory, AppRegistry apps, FormBody form, int maxBodyBytes) {
        this.directory = directory;
        this.apps = apps;
        this.form = form;
        this.maxBodyBytes = maxBodyBytes;
    }

    Map<String, String> form(Context ctx) {
        ErrorRenderer.noStore(ctx);
        return TokenEndpoint.readForm(ctx, form, maxBodyBytes);
    }

    /** The customer of the Host and the app it authenticated, or {@code invalid_client}. */
    Client authenticate(Context ctx, Map<String, String> params) {
        String authorization = ctx.header(Header.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            ctx.attribute(ErrorRenderer.BASIC_USED, true);
        }
        ClientCredentials credentials = ClientCredentials.from(authorization, params);
        if (APP_ID_SHAPE.matcher(credentials.clientId()).matches()) { // only App ID-shaped values reach the audit log
            ctx.attribute(ErrorRenderer.CLIENT_ID, credentials.clientId());
        }
        Tenant tenant = directory.tenantForHost(ExternalOrigin.of(ctx).authority())
                .orElseThrow(() -> OAuthError.invalidClient("unknown client or wrong client secret"));
        ctx.attribute(ErrorRenderer.CUSTOMER, tenant.id());
        PbxApp app = apps.authenticate(tenant.id(), credentials.clientId(), credentials.secret())
                .orElseThrow(() -> OAuthError.invalidClient("unknown client or wrong client secret"));
        return new Client(tenant, app);
    }

    Directory directory() {
        return directory;
    }

    record Client(Tenant tenant, PbxApp app) {}
}
