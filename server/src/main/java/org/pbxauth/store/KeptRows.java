package org.pbxauth.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Optional;
import java.util.function.Function;

/**
 * SQLite: rows read on the request path, kept for as long as the file's commit counter
 * ({@link SqliteDataVersion}) still says what it said before the row was read. A row read again
 * then is the same row: nothing at all was committed since, by this server or by any other
 * process (the CLI), so no revocation, block, deletion, rotation or disabling can be missed. The
 * counter is asked first, so a commit that lands between the two only makes the next request
 * read again. PostgreSQL has no such counter for the writes of other nodes: nothing is kept there.
 */
final class KeptRows<V> {
    private static final int MOST = 4096;

    private final SqliteDataVersion dataVersion;
    private final Cache<String, Read<V>> recent;

    /** A row as read when the file's commit counter said {@code version}. */
    private record Read<V>(long version, V row) {}

    KeptRows(Database database) {
        this.dataVersion = database.dataVersion();
        this.recent = dataVersion == null ? null : Caffeine.newBuilder().maximumSize(MOST).build();
    }

    /** The row of {@code key}: the kept one while nothing was committed, else {@code read}'s answer. */
    Optional<V> find(String key, Function<String, Optional<V>> read) {
        if (dataVersion == null) {
            return read.apply(key);
        }
        long version = dataVersion.current();
        Read<V> kept = recent.getIfPresent(key);
        if (kept != null && kept.version() == version) {
            return Optional.of(kept.row());
        }
        Optional<V> row = read.apply(key);
        row.ifPresent(r -> recent.put(key, new Read<>(version, r)));
        return row;
    }
}
