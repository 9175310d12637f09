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

    /** A login's last use: the later of {@code stored} and one not yet written; null for neither. */
    Instant familyLastUsed(long familyId, Instant stored) {
        return later(stored, families.get(familyId));
    }

    /** An app's last use: the later of {@code stored} (the store's) and one not yet written; null for neither. */
    public Instant appLastUsed(long appId, Instant stored) {
        return later(stored, apps.get(appId));
    }

    private static Instant later(Instant stored, Long pendingMillis) {
        if (pendingMillis == null) {
            return stored;
        }
        Instant pending = Instant.ofEpochMilli(pendingMillis);
        return stored == null || pending.isAfter(stored) ? pending : stored;
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
