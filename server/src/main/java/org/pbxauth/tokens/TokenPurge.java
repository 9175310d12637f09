package org.pbxauth.tokens;

import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes expired tokens and empty families in bounded batches, so a purge never holds a long
 * lock or a huge transaction. A token past its expiry can never be live again; it is kept one
 * extra day so that introspection and audit questions about the last day still find it.
 */
public final class TokenPurge implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(TokenPurge.class);
    static final Duration KEEP_AFTER_EXPIRY = Duration.ofDays(1);

    private final TokenRepository tokens;
    private final Clock clock;
    private final int batch;

    public TokenPurge(TokenRepository tokens, Clock clock, int batch) {
        this.tokens = tokens;
        this.clock = clock;
        this.batch = batch;
    }

    /** Purges until nothing is left to purge; returns how many tokens went. */
    public int purge() {
        int total = 0;
        int n;
        do {
            n = tokens.purgeExpired(clock.instant().minus(KEEP_AFTER_EXPIRY), batch);
            total += n;
        } while (n == batch);
        return total;
    }

    @Override
    public void run() {
        try {
            int n = purge();
            if (n > 0) {
                log.info("purged {} expired tokens", n);
            }
        } catch (RuntimeException e) {
            log.warn("token purge failed, will retry at the next interval: {}", e.toString());
        }
    }
}
