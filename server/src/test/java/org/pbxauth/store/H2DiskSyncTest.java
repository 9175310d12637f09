package org.pbxauth.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The H2 store forces its file to the disk every second, and so may reuse dead chunks after 10 s. */
class H2DiskSyncTest {
    @Test
    void theH2FileIsSyncedEverySecondAndOnceMoreWhenTheStoreCloses(@TempDir Path dir) throws Exception {
        Database database = Database.h2(dir, 4);
        H2DiskSync sync;
        try {
            sync = database.diskSync().orElseThrow();
            // H2 lists the setting once per place it is kept; each says the same.
            var retention = database.jdbi().withHandle(h -> h.createQuery(
                    "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'RETENTION_TIME'")
                    .mapTo(String.class).list());
            assertThat(retention).isNotEmpty().containsOnly(String.valueOf(H2DiskSync.RETENTION.toMillis()));

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
