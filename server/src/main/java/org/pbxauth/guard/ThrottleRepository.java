package org.pbxauth.guard;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/** Login failure counters and known addresses; implemented by the store so all nodes share them. */
public interface ThrottleRepository {
    /** The address that stands for "every address" in the account-wide counter. */
    String ANY_ADDRESS = "*";

    /** The counter of this account for this address (or {@link #ANY_ADDRESS}), unlocked. */
    FailureCount failures(long tenantId, String login, String address);

    /**
     * Runs {@code work} in one transaction holding the lock of one counter, so concurrent tries
     * take turns: no burst of simultaneous guesses passes a check that only one should pass.
     * {@code work} gets the counter and returns the value to store (or the same to keep it) and
     * its own answer.
     */
    <T> T withLockedCounter(long tenantId, String login, String address, Function<FailureCount, Update<T>> work);

    /** What a locked counter becomes, and the answer of the work that decided it. */
    record Update<T>(FailureCount count, T answer) {}

    /** Takes one failure back from the account-wide counter (a try that turned out right). */
    void forgiveOne(long tenantId, String login);

    void clearFailures(long tenantId, String login, String address);

    Optional<Instant> lastSuccess(long tenantId, String login, String address);

    void recordSuccess(long tenantId, String login, String address, Instant at);

    /** Deletes counters and known addresses not touched since {@code before}. */
    int purge(Instant before);

    /** Failures in the current run of them, and until when further tries are refused. */
    record FailureCount(int failures, Instant lastFailureAt, Instant nextAllowedAt) {
        public static final FailureCount NONE = new FailureCount(0, Instant.EPOCH, Instant.EPOCH);
    }

}
