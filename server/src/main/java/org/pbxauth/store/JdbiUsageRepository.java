package org.pbxauth.store;

import org.jdbi.v3.core.Jdbi;
import org.pbxauth.guard.UsageRepository;

/** Hourly API counts in SQL: an atomic increment, else the first insert. */
public final class JdbiUsageRepository implements UsageRepository {
    private final Jdbi jdbi;

    public JdbiUsageRepository(Database database) {
        this.jdbi = database.jdbi();
    }

    @Override
    public long used(String scope, long hour) {
        return jdbi.withHandle(h -> h.createQuery("SELECT used FROM api_usage WHERE scope = :s AND epoch_hour = :h")
                .bind("s", scope).bind("h", hour).mapTo(Long.class).findOne().orElse(0L));
    }

    @Override
    public long add(String scope, long hour, long delta) {
        for (int attempt = 0; ; attempt++) {
            try {
                return jdbi.inTransaction(h -> {
                    int n = h.createUpdate("UPDATE api_usage SET used = used + :d WHERE scope = :s AND epoch_hour = :h")
                            .bind("d", delta).bind("s", scope).bind("h", hour).execute();
                    if (n == 0) {
                        h.createUpdate("INSERT INTO api_usage (scope, epoch_hour, used) VALUES (:s, :h, :d)")
                                .bind("d", delta).bind("s", scope).bind("h", hour).execute();
                    }
                    return h.createQuery("SELECT used FROM api_usage WHERE scope = :s AND epoch_hour = :h")
                            .bind("s", scope).bind("h", hour).mapTo(Long.class).one();
                });
            } catch (RuntimeException e) {
                if (attempt > 2 || !Constraints.isUniqueViolation(e)) {
                    throw e;
                }
            }
        }
    }

    @Override
    public int purgeBefore(long hour) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM api_usage WHERE epoch_hour < :h").bind("h", hour).execute());
    }
}
