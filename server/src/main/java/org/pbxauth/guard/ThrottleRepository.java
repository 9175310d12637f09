package org.pbxauth.guard;

import java.time.Instant;
import java.util.Optional;

/** Login failure counters and known addresses; implemented by the store so all nodes share them. */
public interface ThrottleRepository {
    /** The address that stands for "every address" in the account-wide counter. */
    String ANY_ADDRESS = "*";

    Optional<FailureCount> failures(long tenantId, String login, String address);

    /** Stores the counter (insert or replace). */
    void saveFailures(long tenantId, String login, String address, FailureCount count);

    void clearFailures(long tenantId, String login, String address);

    Optional<Instant> lastSuccess(long tenantId, String login, String address);

    void recordSuccess(long tenantId, String login, String address, Instant at);

    /** Deletes counters and known addresses not touched since {@code before}. */
    int purge(Instant before);

    /** Failures in the current run of them, and until when further tries are refused. */
    record FailureCount(int failures, Instant lastFailureAt, Instant nextAllowedAt) {}
}
