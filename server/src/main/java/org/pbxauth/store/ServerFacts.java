package org.pbxauth.store;

import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Small named values that every node of an installation shares. */
public final class ServerFacts {
    private final Jdbi jdbi;

    public ServerFacts(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** The stored value, or {@code value} after storing it when there was none (first writer wins). */
    public String putIfAbsent(String name, String value) {
        return jdbi.inTransaction(h -> {
            Optional<String> existing = h.createQuery("SELECT fact FROM server_facts WHERE name = :n")
                    .bind("n", name).mapTo(String.class).findOne();
            if (existing.isPresent()) {
                return existing.get();
            }
            try {
                h.createUpdate("INSERT INTO server_facts (name, fact) VALUES (:n, :v)")
                        .bind("n", name).bind("v", value).execute();
                return value;
            } catch (RuntimeException e) {
                if (Constraints.isUniqueViolation(e)) {
                    throw new IllegalStateException("another node stored " + name + " at the same moment; start again");
                }
                throw e;
            }
        });
    }
}
