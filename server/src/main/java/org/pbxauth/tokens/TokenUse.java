package org.pbxauth.tokens;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each login (token family) and each app was last used, kept in memory and written to the
 * store in one batch every few seconds: a bearer call must not cost a write. A crash loses at
 * most the last batch of these times, never a token or a revocation; the pages show them to the minute.
 */
public final class TokenUse {
    private final TokenRepository tokens;
    private volatile Map<Long, Long> families = new ConcurrentHashMap<>();
    private volatile Map<Long, Long> apps = new ConcurrentHashMap<>();

    public TokenUse(TokenRepository tokens) {
        this.tokens = tokens;
    }

    void used(long familyId, long appId, Instant at) {
        long ms = at.toEpochMilli();
        families.merge(familyId, ms, Math::max);
        apps.merge(appId, ms, Math::max);
    }

    /** The last use not yet written, if any (the pages show the later of it and the stored time). */
    Instant pending(long familyId) {
        Long ms = families.get(familyId);
        return ms == null ? null : Instant.ofEpochMilli(ms);
    }

    /** The last use of an app not yet written, if any. */
    public Instant pendingApp(long appId) {
        Long ms = apps.get(appId);
        return ms == null ? null : Instant.ofEpochMilli(ms);
    }

    /** Writes what was used since the last flush; run by the background job and at shutdown. */
    public synchronized void flush() {
        if (families.isEmpty() && apps.isEmpty()) {
            return;
        }
        Map<Long, Long> f = families;
        Map<Long, Long> a = apps;
        families = new ConcurrentHashMap<>();
        apps = new ConcurrentHashMap<>();
        try {
            tokens.recordUse(Map.copyOf(f), Map.copyOf(a));
        } catch (RuntimeException e) {
            // put them back for the next flush, keeping any later use
            f.forEach((k, v) -> families.merge(k, v, Math::max));
            a.forEach((k, v) -> apps.merge(k, v, Math::max));
            throw e;
        }
    }
}
