package org.pbxauth.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Issue 6 (the flood target): hashing threads run niced, request threads keep their priority. */
class HashingPoolPriorityTest {
    /** Field 19 of /proc/thread-self/stat: the calling thread's nice value (proc(5)). */
    private static int currentNice() throws Exception {
        String stat = Files.readString(Path.of("/proc/thread-self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(fields[19 - 3]); // fields after "pid (comm)" start at field 3
    }

    @Test
    void hashingRunsAtNiceTenWhileTheCallerKeepsItsPriority() throws Exception {
        Assumptions.assumeTrue(Files.exists(Path.of("/proc/thread-self/stat")), "Linux only");
        int callerBefore = currentNice();
        try (HashingPool pool = new HashingPool(2, Duration.ofSeconds(1))) {
            int inPool = pool.run(HashingPoolPriorityTest::currentNice);
            assertThat(inPool).isEqualTo(Math.max(callerBefore, HashingPool.HASHING_NICE));
        }
        assertThat(currentNice()).isEqualTo(callerBefore);
    }
}
