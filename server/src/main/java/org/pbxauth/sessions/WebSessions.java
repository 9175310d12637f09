package org.pbxauth.sessions;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.pbxauth.directory.Directory;
import org.pbxauth.directory.PbxUser;
import org.pbxauth.directory.Tenant;
import org.pbxauth.secrets.RandomTokens;
import org.pbxauth.secrets.Secret;
import org.pbxauth.secrets.TokenHash;

/**
 * Logins of the PBX web pages, stored (so every node sees a logout at once) and bounded twice:
 * idle for longer than {@code idle}, or older than {@code absolute}, a session is over (OWASP
 * Session Management: both timeouts). A session is also over when its user is blocked or
 * deleted, or has a new password since: each check re-reads the user.
 */
public final class WebSessions {
    /** The cookie's value: 30 characters of [A-Za-z0-9] (160 bits), like a token. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9]{30}");
    /** last_seen_at is written at most this often: a page view is a read, not a write. */
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    private final WebSessionRepository store;
    private final Directory directory;
    private final RandomTokens random;
    private final Clock clock;
    private final Duration idle;
    private final Duration absolute;
    /** A keyed hash of a password hash: what ties a session to the password it was opened with. */
    private final Function<String, String> stamp;

    public WebSessions(WebSessionRepository store, Directory directory, RandomTokens random, Clock clock,
                       Duration idle, Duration absolute, Function<String, String> stamp) {
        this.store = store;
        this.directory = directory;
        this.random = random;
        this.clock = clock;
        this.idle = idle;
        this.absolute = absolute;
        this.stamp = stamp;
    }

    /** A logged-in user and the session's id hash. */
    public record Current(WebSession session, PbxUser user) {}

    /**
     * Opens a session for {@code user}: always a new random id (no session fixation: an id a
     * browser held before the login never becomes a logged-in one). Returns the cookie's value.
     */
    public Secret start(PbxUser user, String address) {
        // Re-read: a login may just have upgraded the password hash, and the stamp is bound to it.
        PbxUser current = directory.user(user.tenantId(), user.id()).orElse(user);
        Secret id = Secret.of(random.alphanumeric(30));
        Instant now = clock.instant();
        store.create(new WebSession(hash(id.reveal()), current.tenantId(), current.id(),
                stamp.apply(current.passwordHash()), address, now, now, now.plus(absolute)));
        return id;
    }

    /** The user logged in with this cookie value on {@code tenant}, when the session is live. */
    public Optional<Current> current(Tenant tenant, String cookie) {
        if (cookie == null || !ID.matcher(cookie).matches()) {
            return Optional.empty();
        }
        String idHash = hash(cookie);
        Optional<WebSession> found = store.find(idHash);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        WebSession s = found.get();
        Instant now = clock.instant();
        if (s.tenantId() != tenant.id() || !now.isBefore(s.expiresAt()) || !now.isBefore(s.lastSeenAt().plus(idle))) {
            return Optional.empty();
        }
        Optional<PbxUser> user = directory.user(s.tenantId(), s.userId())
                .filter(u -> !u.blocked())
                .filter(u -> stamp.apply(u.passwordHash()).equals(s.userStamp()));
        if (user.isEmpty()) {
            store.delete(idHash); // blocked, deleted or a new password: this session is over for good
            return Optional.empty();
        }
        if (!now.isBefore(s.lastSeenAt().plus(TOUCH_EVERY))) {
            store.touch(idHash, now);
        }
        return Optional.of(new Current(s, user.get()));
    }

    /** Logs out: the session ends on every node at once. */
    public void end(String cookie) {
        if (cookie != null && ID.matcher(cookie).matches()) {
            store.delete(hash(cookie));
        }
    }

    /** Deletes what is over; returns how many. */
    public int purge(int batch) {
        Instant now = clock.instant();
        return store.purge(now, now.minus(idle), batch);
    }

    /** The store's key of a session id: its SHA-256 in hex (the id never reaches the store). */
    private static String hash(String id) {
        return RandomTokens.hex(TokenHash.sha256(Secret.of(id)));
    }
}
