package org.pbxauth.client;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Hands out a valid access token for one login, from any number of threads.
 *
 * <ul>
 *   <li>A token is renewed ahead of expiry: at {@code expires_in} minus the refresh margin (60 s
 *       by default, at most half the token's life). Until it expires the current token is still
 *       handed out while one thread renews, so no caller waits for a renewal it does not need.</li>
 *   <li>Single-flight: when there is no valid token, every thread that asks waits for the one
 *       request that gets it.</li>
 *   <li>Rotation-safe: a refresh token is dropped before it is sent, so it is never sent twice
 *       (the server would take a second use for a stolen token and end the login).</li>
 *   <li>A refused refresh logs in again when the source holds credentials (password,
 *       client_credentials); otherwise it raises {@link LoginRequiredException}.</li>
 * </ul>
 */
public final class TokenSource {
    private final PbxAuth auth;
    private final String grantType;
    /** Logs in afresh, or null when the source has no credentials (an authorization-code login). */
    private final Supplier<TokenResponse> login;
    private final ReentrantLock renewing = new ReentrantLock();
    private volatile Held held;

    /** The token held now: when to renew it and when it expires; its refresh token until it is spent. */
    private record Held(Secret access, Instant renewAt, Instant expiresAt, Secret refresh) {
        Held spent() {
            return new Held(access, renewAt, expiresAt, null);
        }

        Held expired() {
            return new Held(access, Instant.MIN, Instant.MIN, refresh);
        }
    }

    TokenSource(PbxAuth auth, String grantType, Supplier<TokenResponse> login) {
        this.auth = auth;
        this.grantType = grantType;
        this.login = login;
    }

    static TokenSource resumed(PbxAuth auth, TokenResponse first) {
        TokenSource s = new TokenSource(auth, "authorization_code", null);
        s.held = s.hold(first, auth.clock().instant());
        return s;
    }

    static TokenSource fromRefreshToken(PbxAuth auth, Secret refreshToken) {
        TokenSource s = new TokenSource(auth, "refresh_token", null);
        s.held = new Held(null, Instant.MIN, Instant.MIN, refreshToken);
        return s;
    }

    /**
     * A valid access token: the one held, or a new one (refreshed, or from a new login).
     *
     * @throws LoginRequiredException when the login cannot be renewed without the user
     * @throws PbxAuthException       when the server refuses (e.g. {@code invalid_client}) or cannot be reached
     */
    public String accessToken() {
        Held h = held;
        Instant now = auth.clock().instant();
        if (h != null && now.isBefore(h.renewAt())) {
            return h.access().revealString();
        }
        if (h != null && now.isBefore(h.expiresAt())) {
            // Due for renewal but still valid: one thread renews, the others keep using this one.
            if (renewing.tryLock()) {
                try {
                    if (held == h) {
                        renew(h);
                    }
                } catch (PbxAuthException e) {
                    // still valid: hand it out; the next call after expiry raises what renewal raises
                } finally {
                    renewing.unlock();
                }
                return held.access() != null ? held.access().revealString() : h.access().revealString();
            }
            return h.access().revealString();
        }
        renewing.lock();
        try {
            h = held;
            if (h == null || !auth.clock().instant().isBefore(h.renewAt())) {
                h = renew(h);
            }
            return h.access().revealString();
        } finally {
            renewing.unlock();
        }
    }

    /**
     * Tells the source that {@code accessToken} was refused (a 401 from the API): the next
     * {@link #accessToken()} gets a new one. A token that is no longer the one held is ignored,
     * so many threads reporting the same refusal cause one renewal.
     */
    public void invalidate(String accessToken) {
        renewing.lock();
        try {
            Held h = held;
            if (h != null && h.access() != null && h.access().matches(accessToken)) {
                held = h.expired();
            }
        } finally {
            renewing.unlock();
        }
    }

    /** When the token held now expires; empty before the first login. */
    public java.util.Optional<Instant> expiresAt() {
        Held h = held;
        return h == null || h.access() == null ? java.util.Optional.empty() : java.util.Optional.of(h.expiresAt());
    }

    /**
     * Logs out: revokes the refresh token (ending the login on the server, RFC 7009) or, without
     * one, the access token; the source then logs in again only if asked for a token.
     */
    public void revoke() {
        renewing.lock();
        try {
            Held h = held;
            held = null;
            if (h != null && h.refresh() != null) {
                auth.revoke(h.refresh());
            } else if (h != null && h.access() != null) {
                auth.revoke(h.access());
            }
        } finally {
            renewing.unlock();
        }
    }

    /** Holds the lock. Renews by refresh when a refresh token is held, else by a new login. */
    private Held renew(Held h) {
        if (h != null && h.refresh() != null) {
            Secret refresh = h.refresh();
            held = h.spent(); // before sending: whatever happens, this refresh token is not sent again
            Instant sent = auth.clock().instant();
            try {
                TokenResponse r = auth.refresh(refresh);
                auth.listener().tokenRefreshed(r.expiresIn());
                return install(r, sent);
            } catch (PbxAuthException e) {
                auth.listener().refreshRefused(e.error());
                boolean grantRefused = "invalid_grant".equals(e.error());
                if (login == null) {
                    // RFC 6749 §5.2 invalid_grant: the refresh token is expired, revoked or spent.
                    if (grantRefused || Transport.NETWORK_ERROR.equals(e.error())) {
                        throw new LoginRequiredException(e.error(), e.errorDescription(), e.status());
                    }
                    throw e;
                }
                if (!grantRefused && !Transport.NETWORK_ERROR.equals(e.error())
                        && !"temporarily_unavailable".equals(e.error())) {
                    throw e; // invalid_client and the like: a new login would be refused the same way
                }
            }
        }
        if (login == null) {
            throw new LoginRequiredException("invalid_grant", "no refresh token is held", 0);
        }
        Instant sent = auth.clock().instant();
        TokenResponse r = login.get();
        auth.listener().tokenObtained(grantType, r.expiresIn());
        return install(r, sent);
    }

    /** Expiry counts from when the request was sent: the server's clock started no earlier. */
    private Held install(TokenResponse r, Instant sent) {
        Held h = hold(r, sent);
        held = h;
        return h;
    }

    private Held hold(TokenResponse r, Instant received) {
        Duration life = Duration.ofSeconds(r.expiresIn());
        Duration margin = auth.refreshMargin().compareTo(life.dividedBy(2)) > 0 ? life.dividedBy(2) : auth.refreshMargin();
        Instant expires = received.plus(life);
        return new Held(r.accessToken(), expires.minus(margin), expires, r.refreshToken());
    }

    @Override
    public String toString() {
        Held h = held;
        return "TokenSource[" + grantType + ", " + (h == null || h.access() == null ? "no token yet" : "token ****, expires " + h.expiresAt()) + "]";
    }
}
