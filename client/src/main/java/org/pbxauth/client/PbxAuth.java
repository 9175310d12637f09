package org.pbxauth.client;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One PBX app's access to one PBX ({@code https://<hostname>}): a method per OAuth grant, the
 * revocation of tokens, and the {@link TokenSource}s and {@link PbxApiClient}s built on them.
 * Immutable and thread-safe; build one per app and PBX and share it.
 *
 * <pre>{@code
 * PbxAuth auth = PbxAuth.builder(URI.create("https://pbx.example.com"))
 *         .app("<App ID>", appSecret)
 *         .build();
 * TokenSource tokens = auth.password("user_name", password);
 * }</pre>
 */
public final class PbxAuth {
    private final URI base;
    private final String appId;
    private final Secret appSecret;
    private final Transport transport;
    private final Duration requestTimeout;
    private final Duration refreshMargin;
    private final RetryPolicy retry;
    private final PbxAuthListener listener;
    private final Clock clock;

    private PbxAuth(Builder b) {
        this.base = b.base;
        this.appId = b.appId;
        this.appSecret = b.appSecret;
        this.transport = new Transport(b.http != null ? b.http
                : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build());
        this.requestTimeout = b.requestTimeout;
        this.refreshMargin = b.refreshMargin;
        this.retry = b.retry;
        this.listener = b.listener;
        this.clock = b.clock;
    }

    /** A builder for the PBX at {@code base}, e.g. {@code https://pbx.example.com}. */
    public static Builder builder(URI base) {
        return new Builder(base);
    }

    // --- the ways to log in: each a TokenSource that keeps its token valid ---

    /**
     * The password grant of a {@code password_credentials} app: a source that logs the user in
     * at its first {@link TokenSource#accessToken()}, refreshes ahead of expiry and, when the
     * refresh is refused, logs in again with these credentials (copied; clear your array).
     */
    public TokenSource password(String username, char[] password) {
        Objects.requireNonNull(username, "username");
        Secret pw = Secret.of(Objects.requireNonNull(password, "password"));
        return new TokenSource(this, "password", () -> passwordGrant(username, pw));
    }

    /** The client_credentials grant of a trusted app: a source that logs in again when its token nears expiry. */
    public TokenSource clientCredentials() {
        return new TokenSource(this, "client_credentials", this::clientCredentialsGrant);
    }

    /**
     * The authorization_code grant (RFC 6749 §4.1.3, with the PKCE verifier of RFC 7636 §4.5):
     * exchanges {@code code} now, and returns a source that refreshes. It holds no credentials,
     * so when the refresh is refused it raises {@link LoginRequiredException}.
     */
    public TokenSource authorizationCode(String code, URI redirectUri, Secret verifier) {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(redirectUri, "redirectUri");
        Objects.requireNonNull(verifier, "verifier");
        FormBody form = new FormBody().add("grant_type", "authorization_code").add("code", code)
                .add("redirect_uri", redirectUri.toString()).add("code_verifier", verifier);
        TokenResponse first = token(form, "authorization_code", true);
        listener.tokenObtained("authorization_code", first.expiresIn());
        return TokenSource.resumed(this, first);
    }

    /**
     * A source resumed from a refresh token the app stored (from an earlier login): its first
     * {@link TokenSource#accessToken()} refreshes. Without credentials, a refused refresh raises
     * {@link LoginRequiredException}.
     */
    public TokenSource refreshing(Secret refreshToken) {
        Objects.requireNonNull(refreshToken, "refreshToken");
        return TokenSource.fromRefreshToken(this, refreshToken);
    }

    /**
     * The authorize URL an app sends the user's browser to (RFC 6749 §4.1.1), with a fresh
     * {@code state} and a PKCE S256 challenge (RFC 7636 §4.2); keep the request to check the
     * state that comes back and to send its verifier with {@link #authorizationCode}.
     */
    public AuthorizationRequest authorizationRequest(URI redirectUri) {
        return AuthorizationRequest.create(base, appId, redirectUri);
    }

    // --- the grants themselves: one request, one immutable answer ---

    /** {@code grant_type=refresh_token} (RFC 6749 §6): the new tokens; the old refresh token is spent. */
    public TokenResponse refresh(Secret refreshToken) {
        Objects.requireNonNull(refreshToken, "refreshToken");
        // Not retried even on 503: a refresh token is sent once (a retry could be taken for reuse).
        return token(new FormBody().add("grant_type", "refresh_token").add("refresh_token", refreshToken),
                "refresh_token", false);
    }

    /**
     * Revokes an access or refresh token (RFC 7009); revoking a refresh token ends the login it
     * belongs to. A token the server does not know is no error (RFC 7009 §2.2).
     */
    public void revoke(Secret token) {
        Objects.requireNonNull(token, "token");
        FormBody form = new FormBody().add("token", token);
        HttpResponse<String> r = post("/oauth/revoke", form, true);
        if (r.statusCode() != 200) {
            throw errorOf(r);
        }
    }

    /** A client of the PBX API that authenticates with {@code tokens}. */
    public PbxApiClient api(TokenSource tokens) {
        Objects.requireNonNull(tokens, "tokens");
        return new PbxApiClient(this, tokens);
    }

    /** The PBX's base URL. */
    public URI base() {
        return base;
    }

    /** The App ID. */
    public String appId() {
        return appId;
    }

    @Override
    public String toString() {
        return "PbxAuth[" + base + ", app " + appId + ", secret ****]";
    }

    TokenResponse passwordGrant(String username, Secret password) {
        // The seed's request: grant_type, client_id, client_secret, username, password in the form.
        return token(new FormBody().add("grant_type", "password").add("username", username).add("password", password),
                "password", true);
    }

    TokenResponse clientCredentialsGrant() {
        return token(new FormBody().add("grant_type", "client_credentials"), "client_credentials", true);
    }

    private TokenResponse token(FormBody form, String grant, boolean retryWhenUnavailable) {
        HttpResponse<String> r = post("/oauth/token", form, retryWhenUnavailable);
        if (r.statusCode() != 200) {
            throw errorOf(r);
        }
        return TokenResponse.from(json(r), r.statusCode());
    }

    /**
     * POSTs the form with the app's credentials in it (client_secret_post, as the vendor's page
     * shows). A 503 with {@code Retry-After} is the server's word that it did not start the request
     * (it sheds load before reading the form), so a login may be sent again, a bounded number of times.
     */
    private HttpResponse<String> post(String path, FormBody form, boolean retryWhenUnavailable) {
        form.add("client_id", appId).add("client_secret", appSecret);
        byte[] body = form.bytes();
        form.clear();
        try {
            for (int attempt = 1; ; attempt++) {
                HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(requestTimeout)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Accept", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                HttpResponse<String> r = transport.send(request);
                if (r.statusCode() != 503 || !retryWhenUnavailable || attempt > retry.maxRetries()) {
                    return r;
                }
                Optional<Duration> wait = retry.waitFor(Transport.retryAfter(r, clock), attempt);
                if (wait.isEmpty()) {
                    return r;
                }
                listener.retrying("POST", path, 503, wait.get(), attempt);
                retry.sleep(wait.get());
            }
        } finally {
            Arrays.fill(body, (byte) 0);
        }
    }

    /** The answer's flat JSON object, or an {@code invalid_response} error. */
    static Map<String, Object> json(HttpResponse<String> r) {
        try {
            return FlatJson.parse(r.body());
        } catch (IllegalArgumentException e) {
            throw new PbxAuthException(PbxAuthException.INVALID_RESPONSE, "HTTP " + r.statusCode() + " answer "
                    + r.headers().firstValue("Content-Type").orElse("without a type") + " is not the expected JSON", r.statusCode());
        }
    }

    /**
     * The error of an answer: RFC 6749 §5.2's {@code error}/{@code error_description}, or the PBX
     * API's {@code status}/{@code message}; an answer that is neither is {@code invalid_response}.
     */
    static PbxAuthException errorOf(HttpResponse<String> r) {
        Map<String, Object> m;
        try {
            m = FlatJson.parse(r.body());
        } catch (IllegalArgumentException e) {
            return new PbxAuthException(PbxAuthException.INVALID_RESPONSE, "HTTP " + r.statusCode() + " without a JSON error",
                    r.statusCode());
        }
        Object error = m.containsKey("error") ? m.get("error") : m.get("status");
        Object description = m.containsKey("error_description") ? m.get("error_description") : m.get("message");
        if (!(error instanceof String)) {
            return new PbxAuthException(PbxAuthException.INVALID_RESPONSE, "HTTP " + r.statusCode() + " without an error code",
                    r.statusCode());
        }
        return new PbxAuthException((String) error, description instanceof String ? (String) description : null, r.statusCode());
    }

    Transport transport() {
        return transport;
    }

    Duration requestTimeout() {
        return requestTimeout;
    }

    Duration refreshMargin() {
        return refreshMargin;
    }

    RetryPolicy retry() {
        return retry;
    }

    PbxAuthListener listener() {
        return listener;
    }

    Clock clock() {
        return clock;
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Settings of a {@link PbxAuth}; every one has a default but the app. */
    public static final class Builder {
        private final URI base;
        private String appId;
        private Secret appSecret;
        private HttpClient http;
        private Duration requestTimeout = Duration.ofSeconds(30);
        private Duration refreshMargin = Duration.ofSeconds(60);
        private RetryPolicy retry = RetryPolicy.defaults();
        private PbxAuthListener listener = new PbxAuthListener() {};
        private Clock clock = Clock.systemUTC();

        private Builder(URI base) {
            Objects.requireNonNull(base, "base");
            String scheme = base.getScheme() == null ? "" : base.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (base.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
                throw new IllegalArgumentException("the PBX's base URL is https://<hostname>, not " + base);
            }
            // RFC 6749 §3.2: the token endpoint is TLS; a password or secret never crosses a network in clear.
            if (scheme.equals("http") && !isLoopback(base.getHost())) {
                throw new IllegalArgumentException("plain http is allowed for localhost only: use https://" + base.getHost());
            }
            if (base.getRawQuery() != null || base.getRawFragment() != null) {
                throw new IllegalArgumentException("the PBX's base URL has no query or fragment: " + base);
            }
            String path = base.getRawPath() == null ? "" : base.getRawPath();
            this.base = URI.create(scheme + "://" + base.getRawAuthority() + (path.endsWith("/") ? path : path + "/"));
        }

        private static boolean isLoopback(String host) {
            return host.equals("localhost") || host.endsWith(".localhost") || host.equals("127.0.0.1")
                    || host.equals("[::1]") || host.equals("::1");
        }

        /** The App ID and App Secret (the secret is copied; clear your array). */
        public Builder app(String appId, char[] appSecret) {
            return app(appId, Secret.of(Objects.requireNonNull(appSecret, "appSecret")));
        }

        /** The App ID and App Secret. */
        public Builder app(String appId, Secret appSecret) {
            if (Objects.requireNonNull(appId, "appId").isBlank()) {
                throw new IllegalArgumentException("the App ID is empty");
            }
            this.appId = appId;
            this.appSecret = Objects.requireNonNull(appSecret, "appSecret");
            return this;
        }

        /** The JDK HttpClient to send with (proxy, TLS, executor of your own); a new one by default. */
        public Builder httpClient(HttpClient http) {
            this.http = Objects.requireNonNull(http, "http");
            return this;
        }

        /** How long one request may wait for its answer; 30 s by default. */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout, "requestTimeout");
            return this;
        }

        /**
         * How long before expiry a token is renewed; 60 s by default (never more than half the
         * token's life, so a short-lived token is not renewed at every use).
         */
        public Builder refreshMargin(Duration margin) {
            Objects.requireNonNull(margin, "margin");
            if (margin.isNegative()) {
                throw new IllegalArgumentException("refreshMargin must not be negative");
            }
            this.refreshMargin = margin;
            return this;
        }

        /** How 429 and 503 answers are waited out and retried; {@link RetryPolicy#defaults()} by default. */
        public Builder retry(RetryPolicy retry) {
            this.retry = Objects.requireNonNull(retry, "retry");
            return this;
        }

        /** Told when tokens are obtained, refreshed and requests retried; never given a secret. */
        public Builder listener(PbxAuthListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** The clock expiry is measured by; the system's by default. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public PbxAuth build() {
            if (appId == null) {
                throw new IllegalStateException("app(appId, appSecret) is required");
            }
            return new PbxAuth(this);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return d;
        }
    }
}
