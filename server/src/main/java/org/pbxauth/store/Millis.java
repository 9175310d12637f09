package org.pbxauth.store;

import java.time.Instant;

/** Instants as the epoch milliseconds the schema stores. */
final class Millis {
    private Millis() {}

    static long of(Instant instant) {
        return instant.toEpochMilli();
    }

    static Long ofNullable(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    static Instant instant(long millis) {
        return Instant.ofEpochMilli(millis);
    }

    static Instant instantOrNull(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }
}
