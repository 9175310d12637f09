package org.pbxauth.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pbxauth.TestDatabases;

/**
 * The grants' group commit on the suite's store (SQLite, or PostgreSQL in the postgres execution):
 * writes that wait together share one transaction, each gets its own result once committed, and
 * one failing write fails alone.
 *
 * <p>The two tests of a group run on a group commit of one writer over the suite's store: with
 * several writers (PostgreSQL's), which writer takes which waiting write once they are released
 * is a race, and a group is what one writer takes.
 */
class GroupCommitTest {
    @TempDir
    Path dir;

    private Database database;
    private GroupCommit grants;
    private final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();

    @BeforeEach
    void open() {
        database = TestDatabases.isPostgres()
                ? Database.postgres(TestDatabases.databaseFor(dir), "", "", 8)
                : Database.sqlite(dir, 8);
        grants = database.groupCommit();
        database.jdbi().useHandle(h -> h.execute("CREATE TABLE IF NOT EXISTS scratch (id INT PRIMARY KEY)"));
        database.jdbi().useHandle(h -> h.execute("DELETE FROM scratch"));
    }

    @AfterEach
    void close() {
        callers.shutdownNow();
        if (grants != database.groupCommit()) {
            grants.close();
        }
        database.close();
    }

    @Test
    void writesThatWaitTogetherShareOneTransactionAndEachGetsItsOwnResult() throws Exception {
        grants = oneWriter();
        CountDownLatch release = holdTheWriter();
        List<Future<Written>> writes = new ArrayList<>();
        for (int id = 1; id <= 20; id++) {
            int row = id;
            writes.add(callers.submit(() -> grants.inTransaction(h -> new Written(insert(h, row), h))));
        }
        awaitWaiting(20);
        release.countDown();

        Handle shared = writes.get(0).get(10, TimeUnit.SECONDS).handle();
        for (int id = 1; id <= 20; id++) {
            Written w = writes.get(id - 1).get(10, TimeUnit.SECONDS);
            assertThat(w.id()).isEqualTo(id);
            assertThat(w.handle()).as("write %d ran in the group's transaction", id).isSameAs(shared);
        }
        // Answered means committed: another connection sees every row.
        assertThat(rows()).isEqualTo(20);
    }

    @Test
    void aWriteThatFailsInAGroupFailsAloneAndTheOthersAreCommitted() throws Exception {
        grants = oneWriter();
        CountDownLatch release = holdTheWriter();
        List<Future<Integer>> good = new ArrayList<>();
        for (int id = 1; id <= 5; id++) {
            int row = id;
            good.add(callers.submit(() -> grants.inTransaction(h -> insert(h, row))));
        }
        awaitWaiting(5); // the duplicate comes last in the group
        Future<Integer> duplicate = callers.submit(() -> grants.inTransaction(h -> insert(h, 3)));
        awaitWaiting(6);
        release.countDown();

        for (int id = 1; id <= 5; id++) {
            assertThat(good.get(id - 1).get(10, TimeUnit.SECONDS)).isEqualTo(id);
        }
        assertThatThrownBy(() -> duplicate.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(JdbiException.class);
        assertThat(rows()).isEqualTo(5);
    }

    @Test
    void aLoneWriteIsCommittedAtOnceAndItsExceptionReachesTheCaller() {
        int seven = grants.inTransaction(h -> insert(h, 7));
        assertThat(seven).isEqualTo(7);
        assertThatThrownBy(() -> grants.inTransaction(h -> insert(h, 7))).isInstanceOf(JdbiException.class);
        assertThatThrownBy(() -> grants.inTransaction(h -> {
            throw new IllegalArgumentException("refused");
        })).isInstanceOf(IllegalArgumentException.class).hasMessage("refused");
        assertThat(rows()).isEqualTo(1);
    }

    @Test
    void closeCommitsWhatIsQueuedAndRefusesWhatComesAfter() throws Exception {
        CountDownLatch release = holdTheWriter();
        Future<Integer> queued = callers.submit(() -> grants.inTransaction(h -> insert(h, 1)));
        awaitWaiting(1);
        Future<?> closing = callers.submit(grants::close);
        release.countDown();

        assertThat(queued.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        closing.get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> grants.inTransaction(h -> insert(h, 2))).isInstanceOf(IllegalStateException.class);
        assertThat(rows()).isEqualTo(1);
    }

    /** A group commit of one writer on the store's writing connections, in place of the store's own. */
    private GroupCommit oneWriter() {
        return new GroupCommit(database.jdbi(), 1);
    }

    /** Occupies every writer of {@link #grants} (one, or PostgreSQL's four) until the latch opens. */
    private CountDownLatch holdTheWriter() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        int writers = grants == database.groupCommit() && database.isPostgres() ? 4 : 1;
        for (int i = 0; i < writers; i++) { // one at a time, so that each goes to a writer of its own
            int row = -i;
            CountDownLatch held = new CountDownLatch(1);
            callers.submit(() -> grants.inTransaction(h -> {
                insert(h, row);
                held.countDown();
                awaitQuietly(release);
                return row;
            }));
            assertThat(held.await(10, TimeUnit.SECONDS)).as("a writer took holding write %d", i).isTrue();
        }
        return release;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitWaiting(int n) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (grants.waiting() < n && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        assertThat(grants.waiting()).isEqualTo(n);
    }

    private static int insert(Handle h, int id) {
        h.execute("INSERT INTO scratch (id) VALUES (?)", id);
        return id;
    }

    private int rows() {
        // Rows of the holding writes (0 and below) are not counted.
        return database.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM scratch WHERE id > 0")
                .mapTo(Integer.class).one());
    }

    private record Written(int id, Handle handle) {}
}
