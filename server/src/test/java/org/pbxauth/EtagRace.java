package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.function.IntFunction;

/**
 * Two administrators change one resource at once with the ETag both read, round after round:
 * each round exactly one change applies (200) and the other is told (412). The two may be on
 * one node or on two nodes behind one database.
 */
final class EtagRace {
    private EtagRace() {}

    /** {@code rounds} races on {@code path}; {@code bodies.apply(round)} are the two patches of a round, first's and second's. */
    static void run(AdminClient first, AdminClient second, String path, int rounds, IntFunction<String[]> bodies)
            throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        for (int round = 0; round < rounds; round++) {
            String etag = first.get(path).headers().firstValue("ETag").orElseThrow();
            String[] body = bodies.apply(round);
            var a = CompletableFuture.supplyAsync(() -> patchTogether(start, first, path, body[0], etag));
            var b = CompletableFuture.supplyAsync(() -> patchTogether(start, second, path, body[1], etag));
            assertThat(List.of(a.get(), b.get())).as("round %d on %s", round, path).containsExactlyInAnyOrder(200, 412);
            String now = second.get(path).headers().firstValue("ETag").orElseThrow();
            assertThat(now).as("round %d: the winner's change holds", round).isNotEqualTo(etag);
        }
    }

    private static int patchTogether(CyclicBarrier start, AdminClient admin, String path, String body, String etag) {
        try {
            start.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return admin.patch(path, body, etag).statusCode();
    }
}
