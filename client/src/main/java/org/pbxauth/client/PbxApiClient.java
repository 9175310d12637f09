package org.pbxauth.client;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Sends requests to the PBX API ({@code /api/ver1.0/…}) with the {@link TokenSource}'s Bearer token.
 *
 * <ul>
 *   <li>401: the vendor's advice — "request the token again even if expires_in has not passed" —
 *       once: the token is renewed and the request sent once more; a second 401 goes to the caller.</li>
 *   <li>429 (the hourly limit) waits until {@code X-RateLimit-Reset}; 503 until {@code Retry-After}
 *       (else 1, 2, 4 … s); bounded by the {@link RetryPolicy}, with jitter, and for GET, HEAD, PUT,
 *       DELETE and OPTIONS only unless the policy allows the others. A wait longer than the policy's
 *       bound is not made: the 429 goes to the caller, who sees when the limit resets.</li>
 *   <li>{@link #rateLimitRemaining()} is the last {@code X-RateLimit-Remaining} seen.</li>
 * </ul>
 * Thread-safe; one per TokenSource is enough.
 */
public final class PbxApiClient {
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS");

    private final PbxAuth auth;
    private final TokenSource tokens;
    private volatile long remaining = -1;

    PbxApiClient(PbxAuth auth, TokenSource tokens) {
        this.auth = auth;
        this.tokens = tokens;
    }

    /** {@code GET /api/ver1.0/user/}: the token's user, in the vendor's shape. */
    public PbxUser user() {
        HttpResponse<String> r = get("/api/ver1.0/user/");
        if (r.statusCode() != 200) {
            throw PbxAuth.errorOf(r);
        }
        return PbxUser.from(PbxAuth.json(r), r.statusCode());
    }

    public HttpResponse<String> get(String path) {
        return send("GET", path, null);
    }

    /** POST with a JSON body. */
    public HttpResponse<String> post(String path, String json) {
        return send("POST", path, Objects.requireNonNull(json, "json"));
    }

    /** PUT with a JSON body. */
    public HttpResponse<String> put(String path, String json) {
        return send("PUT", path, Objects.requireNonNull(json, "json"));
    }

    public HttpResponse<String> delete(String path) {
        return send("DELETE", path, null);
    }

    /**
     * Any method on a path of the PBX ({@code /api/ver1.0/…}, with its query); {@code json} is the
     * body, or null for none. Answers whatever the API answered after the retries above.
     */
    public HttpResponse<String> send(String method, String path, String json) {
        URI uri = resolve(path);
        String shownPath = uri.getRawPath();
        boolean retryable = IDEMPOTENT.contains(method) || auth.retry().retryNonIdempotent();
        boolean reauthenticated = false;
        for (int attempt = 1; ; attempt++) {
            String token = tokens.accessToken();
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(auth.requestTimeout())
                    .header("Authorization", "Bearer " + token).header("Accept", "application/json");
            b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
            if (json != null) {
                b.header("Content-Type", "application/json");
            }
            HttpResponse<String> r = auth.transport().send(b.build());
            Transport.number(r, "X-RateLimit-Remaining").ifPresent(v -> remaining = v);
            int status = r.statusCode();
            if (status == 401 && !reauthenticated) {
                // A 401 was not served, so any method may be sent again — once.
                reauthenticated = true;
                tokens.invalidate(token);
                auth.listener().reauthenticated(method, shownPath);
                attempt--;
                continue;
            }
            if ((status != 429 && status != 503) || !retryable || attempt > auth.retry().maxRetries()) {
                return r;
            }
            Optional<Duration> asked = status == 429
                    ? Transport.number(r, "X-RateLimit-Reset").map(Duration::ofSeconds).or(() -> Transport.retryAfter(r, auth.clock()))
                    : Transport.retryAfter(r, auth.clock());
            Optional<Duration> wait = auth.retry().waitFor(asked, attempt);
            if (wait.isEmpty()) {
                return r;
            }
            auth.listener().retrying(method, shownPath, status, wait.get(), attempt);
            auth.retry().sleep(wait.get());
        }
    }

    /** The last {@code X-RateLimit-Remaining} the API sent; empty before the first answer that had one. */
    public OptionalLong rateLimitRemaining() {
        long v = remaining;
        return v < 0 ? OptionalLong.empty() : OptionalLong.of(v);
    }

    /** The token goes only to the PBX it belongs to: a path, never another origin. */
    private URI resolve(String path) {
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/") || path.startsWith("//")) {
            throw new IllegalArgumentException("a path of the PBX, starting with one /: " + path);
        }
        URI base = auth.base();
        URI uri = base.resolve(path.substring(1));
        if (!Objects.equals(uri.getRawAuthority(), base.getRawAuthority()) || !uri.getScheme().equals(base.getScheme())) {
            throw new IllegalArgumentException("a path of the PBX, not another address: " + path);
        }
        return uri;
    }

    @Override
    public String toString() {
        return "PbxApiClient[" + auth.base() + "]";
    }
}
