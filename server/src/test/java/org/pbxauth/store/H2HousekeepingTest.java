package org.pbxauth.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The H2 store forces its file to the disk every second and once more when it closes, and
 * rewrites chunks that commits of single rows leave mostly dead.
 */
class H2HousekeepingTest {
    @Test
    void theH2FileIsSyncedEverySecondAndOnceMoreWhenTheStoreCloses(@TempDir Path dir) throws Exception {
        Database database = Database.h2(dir, 4);
        H2Housekeeping housekeeping;
        try {
            housekeeping = database.housekeeping().orElseThrow();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (housekeeping.syncs() < 2 && System.nanoTime() < end) {
                Thread.sleep(50);
            }
            assertThat(housekeeping.syncs()).as("syncs within 10 s").isGreaterThanOrEqualTo(2);
        } finally {
            database.close();
        }
        long atClose = housekeeping.syncs();
        Thread.sleep(1500);
        assertThat(housekeeping.syncs()).as("no sync after close").isEqualTo(atClose);
    }

    /**
     * Rows under random keys, one commit each, as grants store their token hashes: every commit
     * writes a chunk, and most of each chunk is dead by the next one. Without the rewriting the
     * chunks stay that sparse (a few percent live) for as long as the rows live. H2 rewrites a
     * chunk only once it is older than RETENTION_TIME; the rounds of the test find them so after 2 s.
     */
    @Test
    void chunksLeftSparseByManySmallCommitsAreRewrittenUntilHalfOfTheirSpaceIsLive(@TempDir Path dir) throws Exception {
        Database database = Database.h2(dir, 4);
        try {
            Jdbi jdbi = database.jdbi();
            jdbi.useHandle(h -> h.execute("CREATE TABLE scratch (hash CHAR(64) PRIMARY KEY, n BIGINT NOT NULL)"));
            // H2 rewrites only chunks older than its RETENTION_TIME (45 s): 2 s keeps the test short.
            jdbi.useHandle(h -> h.execute("SET RETENTION_TIME 2000"));
            SecureRandom random = new SecureRandom();
            for (int i = 0; i < 3_000; i++) {
                byte[] key = new byte[32];
                random.nextBytes(key);
                String hash = HexFormat.of().formatHex(key);
                long n = i;
                jdbi.useHandle(h -> h.execute("INSERT INTO scratch VALUES (?, ?)", hash, n));
            }
            int afterWrites = chunksLivePercent(jdbi);
            H2Housekeeping housekeeping = database.housekeeping().orElseThrow();
            // The rounds stop once half is live, and any later commit (the sync's, these queries')
            // moves the figure a little: the highest one read is the one that counts.
            int highest = afterWrites;
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (highest < H2Housekeeping.LIVE_PERCENT_WANTED && System.nanoTime() < end) {
                Thread.sleep(200);
                highest = Math.max(highest, chunksLivePercent(jdbi));
            }
            System.out.println("H2HousekeepingTest: chunks " + afterWrites + "% live after the writes, "
                    + highest + "% after " + housekeeping.compactions() + " rounds of rewriting");
            assertThat(housekeeping.compactions()).as("rounds that rewrote chunks").isPositive();
            assertThat(highest).as("percent of the chunks' space live, within 30 s")
                    .isGreaterThanOrEqualTo(H2Housekeeping.LIVE_PERCENT_WANTED);
            long rows = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM scratch").mapTo(Long.class).one());
            assertThat(rows).as("rows after the rewriting").isEqualTo(3_000L);
        } finally {
            database.close();
        }
    }

    private static int chunksLivePercent(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery(
                "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'info.CHUNKS_FILL_RATE'")
                .mapTo(Integer.class).one());
    }
}
