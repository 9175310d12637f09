package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pbxauth.OperatorClient.Answer;

/** Keyset pages of {@code GET /customers}: every customer exactly once, whatever the page size. */
class OperatorPagingTest {
    private static final int COUNT = 300;

    @TempDir static Path data;
    static TestServer server;
    static OperatorClient ops;

    @BeforeAll
    static void start() {
        server = OperatorClient.start(data);
        ops = new OperatorClient(server);
        for (int i = 0; i < COUNT; i++) {
            ops.create("Paged " + i, "paged-" + i + ".localhost");
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void whenWalkedInPagesOfAnySizeThenEveryCustomerExactlyOnceInIdOrder() {
        assertThat(inStore()).hasSizeGreaterThan(COUNT);
        for (Integer limit : new Integer[] {1, 7, null, 199, 200}) {
            List<Long> seen = walk(limit, null);
            assertThat(seen).as("limit %s", limit).isSorted().doesNotHaveDuplicates();
            assertThat(seen).as("limit %s: every customer in the store", limit).isEqualTo(inStore());
        }
    }

    @Test
    void whenDefaultLimitThenPagesOf50AndTheLastHasNoCursor() {
        Answer first = ops.get("/customers");
        assertThat(items(first)).hasSize(50);
        assertThat(first.json().get("next_cursor")).isInstanceOf(String.class);
        Answer all = ops.get("/customers?limit=200");
        String cursor = (String) all.json().get("next_cursor");
        Answer last = ops.get("/customers?limit=200&cursor=" + cursor);
        assertThat(items(last)).hasSize(inStore().size() - 200);
        assertThat(last.json().get("next_cursor")).isNull();
    }

    @Test
    void whenCustomersDeletedAndAddedWhileWalkingThenNoneTwiceAndNoneSkipped() {
        List<Long> seen = new ArrayList<>();
        Answer page = ops.get("/customers?limit=40");
        seen.addAll(ids(page));
        long lastSeen = seen.get(seen.size() - 1);
        // between two pages: one seen and one not yet seen go, and one is added
        long goneSeen = seen.get(5);
        long goneAhead = inStore().stream().filter(id -> id > lastSeen + 10).findFirst().orElseThrow();
        assertThat(ops.delete("/customers/" + goneSeen).status()).isEqualTo(204);
        assertThat(ops.delete("/customers/" + goneAhead).status()).isEqualTo(204);
        long added = ops.create("Added while paging", "added-while-paging.localhost").id();
        seen.addAll(walk(40, (String) page.json().get("next_cursor")));
        assertThat(seen).doesNotHaveDuplicates().isSorted().contains(added, goneSeen).doesNotContain(goneAhead);
        List<Long> expected = new ArrayList<>(inStore());
        expected.add(goneSeen);
        expected.sort(null);
        assertThat(seen).isEqualTo(expected);
    }

    /** The ids of every customer in the store, ascending. */
    private static List<Long> inStore() {
        return server.node().services().tenants().list().stream().map(t -> t.id()).sorted().toList();
    }

    /** Every id from {@code cursor} (null: the start) on, in pages of {@code limit} (null: the default). */
    private static List<Long> walk(Integer limit, String cursor) {
        List<Long> seen = new ArrayList<>();
        String next = cursor;
        for (int pages = 0; pages < 2 * COUNT; pages++) {
            String query = limit == null ? "" : "limit=" + limit;
            if (next != null) {
                query += (query.isEmpty() ? "" : "&") + "cursor=" + next;
            }
            Answer a = ops.get("/customers" + (query.isEmpty() ? "" : "?" + query));
            assertThat(a.status()).as(a.body()).isEqualTo(200);
            List<Long> page = ids(a);
            assertThat(page.size()).isLessThanOrEqualTo(limit == null ? 50 : limit);
            seen.addAll(page);
            next = (String) a.json().get("next_cursor");
            if (next == null) {
                return seen;
            }
            assertThat(page).as("a page before the last is full").hasSize(limit == null ? 50 : limit);
        }
        throw new AssertionError("the walk does not end");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> items(Answer a) {
        return (List<Map<String, Object>>) a.json().get("items");
    }

    private static List<Long> ids(Answer a) {
        return items(a).stream().map(i -> ((Number) i.get("id")).longValue()).toList();
    }
}
