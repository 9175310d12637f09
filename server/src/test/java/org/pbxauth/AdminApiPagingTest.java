package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pbxauth.AdminClient.items;
import static org.pbxauth.AdminClient.json;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pbxauth.directory.NewUser;
import org.pbxauth.directory.UserLevel;
import org.pbxauth.secrets.Secret;

/**
 * Issue 19: keyset paging is steady. 10,000 users (made straight in the store, with one password
 * hash for all) paged 200 at a time come each exactly once, in id order, also when users are
 * added while the pages are read; a search pages the same way.
 */
class AdminApiPagingTest {
    @TempDir Path dir;

    @Test
    void whenTenThousandUsersArePagedThenEachComesExactlyOnce() {
        try (TestServer server = TestServer.start(dir)) {
            Services s = server.node().services();
            long tenant = s.tenants().findByHostname("localhost").orElseThrow().id();
            String hash = s.passwords().hash(Secret.of("bulk-password"));
            for (int i = 0; i < 10_000; i++) {
                s.users().create(new NewUser(tenant, String.format("bulk%05d", i), UserLevel.EXTENSION, false, "UTC",
                        null, null, hash));
            }
            AdminClient admin = AdminClient.demoAdmin(server);
            List<Long> ids = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                HttpResponse<String> r = admin.get("/users?limit=200" + (cursor == null ? "" : "&cursor=" + cursor));
                assertThat(r.statusCode()).isEqualTo(200);
                List<Long> page = items(r).stream().map(AdminClient::id).toList();
                assertThat(page.size()).isBetween(1, 200);
                ids.addAll(page);
                cursor = (String) json(r).get("next_cursor");
                if (++pages == 10) {
                    // added while paging: they come at the end, once
                    for (int i = 0; i < 3; i++) {
                        s.users().create(new NewUser(tenant, "late" + i, UserLevel.EXTENSION, false, "UTC", null, null, hash));
                    }
                }
            } while (cursor != null);
            assertThat(ids).hasSize(2 + 10_000 + 3).isSorted();
            assertThat(new HashSet<>(ids)).hasSize(ids.size());
            assertThat(pages).isEqualTo(51); // 10,005 users: 50 full pages and 5 on the last

            Set<Object> found = new HashSet<>();
            cursor = null;
            do {
                HttpResponse<String> r = admin.get("/users?q=BULK01&limit=37" + (cursor == null ? "" : "&cursor=" + cursor));
                items(r).forEach(u -> assertThat(found.add(u.get("login"))).as("seen once: %s", u).isTrue());
                cursor = (String) json(r).get("next_cursor");
            } while (cursor != null);
            assertThat(found).hasSize(1000).allSatisfy(l -> assertThat((String) l).startsWith("bulk01"));
        }
    }
}
