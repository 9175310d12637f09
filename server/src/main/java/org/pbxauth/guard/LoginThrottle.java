package org.pbxauth.guard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.pbxauth.guard.ThrottleRepository.FailureCount;

/**
 * Throttles password guessing per account without handing attackers a lockout button
 * (RFC 6819 §4.4.3.6; OWASP Authentication Cheat Sheet). Failures count per account and client
 * address, and per account overall; past a threshold each further try must wait an
 * exponentially growing delay (capped), and tries inside it are refused without hashing. An
 * address the account logged in from recently is not held back by the account-wide counter,
 * so the real user's app keeps working while an attacker sprays from elsewhere.
 */
public final class LoginThrottle {
    private final ThrottleRepository store;
    private final Clock clock;
    private final ThrottleRules rules;

    public LoginThrottle(ThrottleRepository store, Clock clock, ThrottleRules rules) {
        this.store = store;
        this.clock = clock;
        this.rules = rules;
    }

    /** True when this account may try a password from this address now. */
    public boolean mayTry(long tenantId, String login, String address) {
        Instant now = clock.instant();
        if (blocked(store.failures(tenantId, login, address).orElse(null), now)) {
            return false;
        }
        boolean known = store.lastSuccess(tenantId, login, address)
                .filter(at -> at.isAfter(now.minus(rules.knownAddressFor())))
                .isPresent();
        return known || !blocked(store.failures(tenantId, login, ThrottleRepository.ANY_ADDRESS).orElse(null), now);
    }

    public void failed(long tenantId, String login, String address) {
        Instant now = clock.instant();
        count(tenantId, login, address, rules.addressThreshold(), now);
        count(tenantId, login, ThrottleRepository.ANY_ADDRESS, rules.accountThreshold(), now);
    }

    /** A success clears this address's counter and remembers the address; the account-wide counter stays. */
    public void succeeded(long tenantId, String login, String address) {
        store.clearFailures(tenantId, login, address);
        store.recordSuccess(tenantId, login, address, clock.instant());
    }

    private void count(long tenantId, String login, String address, int threshold, Instant now) {
        FailureCount previous = store.failures(tenantId, login, address).orElse(null);
        int failures = previous == null || expired(previous, now) ? 1 : previous.failures() + 1;
        Instant nextAllowed = now;
        if (failures >= threshold) {
            // 1 s after reaching the threshold, then doubling: 1, 2, 4 … up to the cap.
            int doublings = Math.min(30, failures - threshold);
            Duration delay = Duration.ofSeconds(1L << doublings);
            nextAllowed = now.plus(delay.compareTo(rules.maxDelay()) > 0 ? rules.maxDelay() : delay);
        }
        store.saveFailures(tenantId, login, address, new FailureCount(failures, now, nextAllowed));
    }

    /** Forgets counters and known addresses older than any rule still looks at. */
    public void purge() {
        Duration keep = rules.knownAddressFor().compareTo(rules.window().plus(rules.maxDelay())) > 0
                ? rules.knownAddressFor() : rules.window().plus(rules.maxDelay());
        store.purge(clock.instant().minus(keep));
    }

    private static boolean blocked(FailureCount count, Instant now) {
        return count != null && now.isBefore(count.nextAllowedAt());
    }

    /**
     * A run of failures ends after a quiet window that starts when the last delay ran out, so an
     * attacker who waits out each capped delay still keeps the counter (and the cap) alive.
     */
    private boolean expired(FailureCount count, Instant now) {
        Instant quietFrom = count.nextAllowedAt().isAfter(count.lastFailureAt()) ? count.nextAllowedAt() : count.lastFailureAt();
        return now.isAfter(quietFrom.plus(rules.window()));
    }
}
