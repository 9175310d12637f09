package org.pbxauth.http.api;

import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.BearerTokenError;
import io.javalin.http.Context;
import io.javalin.http.Header;
import java.util.Optional;
import org.pbxauth.http.ExternalOrigin;
import org.pbxauth.directory.Directory;
import org.pbxauth.directory.PbxUser;
import org.pbxauth.directory.Tenant;
import org.pbxauth.guard.ApiRateLimiter;
import org.pbxauth.http.Answer;
import org.pbxauth.http.errors.ErrorRenderer;
import org.pbxauth.secrets.Secret;
import org.pbxauth.tokens.TokenRecord;
import org.pbxauth.tokens.TokenService;
import org.pbxauth.tokens.TokenWithUser;

/** RFC 6750 §2.1: finds the live access token of a {@code /api/ver1.0/} or admin API request, or refuses it (401, 429). */
public final class BearerAuth {
    private final Directory directory;
    private final TokenService tokens;
    private final ApiRateLimiter limits;

    /** {@code limits} null: no hourly API limits (PBXAUTH_RATE_LIMITS=off). */
    public BearerAuth(Directory directory, TokenService tokens, ApiRateLimiter limits) {
        this.directory = directory;
        this.tokens = tokens;
        this.limits = limits;
    }

    /** The request's customer and token; empty after a 401 (or 429) has been written. */
    public Optional<Authenticated> authenticate(Context ctx) {
        Outcome outcome = check(ctx);
        if (outcome instanceof Authenticated a) {
            return Optional.of(a);
        }
        Refusal r = (Refusal) outcome;
        if (r.status() == 429) {
            Answer.write(ctx.status(429), "application/json", "{\"status\":\"rate_limit_exceeded\"}");
        } else {
            Answer.json(ctx.status(r.status()), new ErrorObject(r.code(), r.description()).toJSONObject().toJSONString());
        }
        return Optional.empty();
    }

    /**
     * The request's customer and token, or why not: a 401 (its {@code WWW-Authenticate}
     * challenge and no-store already set on {@code ctx}) or a 429 (its {@code Retry-After} set).
     * The hourly limits' {@code X-RateLimit-*} headers are set on every counted request. Writes
     * no body: the caller renders the refusal in its own shape (the admin API as a problem).
     */
    public Outcome check(Context ctx) {
        String header = ctx.header(Header.AUTHORIZATION);
        Optional<Tenant> tenant = directory.tenantForHost(ExternalOrigin.of(ctx).authority());
        if (header == null || header.isBlank()) {
            // RFC 6750 §3.1: a request without credentials gets no error code, only the challenge.
            return refuse(ctx, BearerTokenError.MISSING_TOKEN, "no access token");
        }
        BearerAccessToken bearer;
        try {
            bearer = BearerAccessToken.parse(header);
        } catch (ParseException e) {
            return refuse(ctx, BearerTokenError.INVALID_REQUEST, "malformed Authorization header");
        }
        if (tenant.isEmpty()) {
            return refuse(ctx, BearerTokenError.INVALID_TOKEN, "the access token is unknown, expired or revoked");
        }
        Optional<TokenWithUser> token = tokens.liveAccessToken(tenant.get().id(), Secret.of(bearer.getValue()));
        if (token.isEmpty()) {
            return refuse(ctx, BearerTokenError.INVALID_TOKEN, "the access token is unknown, expired or revoked");
        }
        tokens.used(token.get().token());
        if (limits != null) {
            // The vendor's hourly limits: every answer shows them; over them 429 until the hour turns.
            ApiRateLimiter.Decision d = limits.take(tenant.get().id(), tenant.get().apiLimitPerHour(),
                    token.get().token().appId(), token.get().appApiLimit());
            ctx.header("X-RateLimit-Limit", Long.toString(d.limit()));
            ctx.header("X-RateLimit-Remaining", Long.toString(d.remaining()));
            ctx.header("X-RateLimit-Reset", Long.toString(d.resetSeconds()));
            if (!d.allowed()) {
                ctx.header("Retry-After", Long.toString(d.resetSeconds()));
                return new Refusal(429, "rate_limit_exceeded", "over the hourly API limit; retry after the reset");
            }
        }
        return new Authenticated(tenant.get(), token.get().token(), token.get().user());
    }

    private static Refusal refuse(Context ctx, BearerTokenError error, String description) {
        BearerTokenError e = error.setRealm(ErrorRenderer.realm(ctx));
        if (error.getCode() != null) {
            e = e.setDescription(description);
        }
        ErrorRenderer.noStore(ctx);
        ctx.header("WWW-Authenticate", e.toWWWAuthenticateHeader());
        String code = error.getCode() == null ? "unauthorized" : error.getCode();
        return new Refusal(error.getHTTPStatusCode(), code, description);
    }

    /** What {@link #check} found: the request's token, or a refusal. */
    public sealed interface Outcome permits Authenticated, Refusal {}

    /** A refused request: its status (401 or 429), error code and description; its headers are set. */
    public record Refusal(int status, String code, String description) implements Outcome {}

    /** The customer, live access token and its user behind an API request. */
    public record Authenticated(Tenant tenant, TokenRecord token, PbxUser user) implements Outcome {}
}
