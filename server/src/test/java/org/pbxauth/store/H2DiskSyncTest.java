package org.pbxauth.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The H2 store forces its file to the disk every second, and once more when it closes. */
class H2DiskSyncTest {
    @Test
    void theH2FileIsSyncedEverySecondAndOnceMoreWhenTheStoreCloses(@TempDir Path dir) throws Exception {
        Database database = Database.h2(dir, 4);
        H2DiskSync sync;
        try {
            sync = database.diskSync().orElseThrow();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (sync.syncs() < 2 && System.nanoTime() < end) {
                Thread.sleep(50);
            }
            assertThat(sync.syncs()).as("syncs within 10 s").isGreaterThanOrEqualTo(2);
        } finally {
            database.close();
        }
        long atClose = sync.syncs();
        Thread.sleep(1500);
        assertThat(sync.syncs()).as("no sync after close").isEqualTo(atClose);
    }
}
