package org.pbxauth.sessions;

import java.time.Instant;
import java.util.Optional;

/** Where web sessions live; implemented by the store. */
public interface WebSessionRepository {
    void create(WebSession session);

    Optional<WebSession> find(String idHash);

    /** Marks the session seen at {@code at} (its idle lifetime starts again). */
    void touch(String idHash, Instant at);

    /** Ends the session; true when it existed. */
    boolean delete(String idHash);

    /** Ends every session of the user; how many there were. */
    int deleteAllOf(long tenantId, long userId);

    /** Deletes up to {@code batch} sessions past their absolute end or idle since {@code idleBefore}. */
    int purge(Instant now, Instant idleBefore, int batch);
}
