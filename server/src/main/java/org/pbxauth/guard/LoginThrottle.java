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

    /**
     * Claims one try of a password for this account from this address; true when it may be
     * checked now. From an address the account has not logged in from, the try is counted on
     * the account-wide counter at once, under the counters' lock and before any hashing — so
     * of a burst of simultaneous guesses from everywhere only as many pass as the rules allow —
     * and a try that turns out right is given back ({@link #succeeded}). The per-address
     * counter counts after the check ({@link #failed}): one address's bursts are bounded by its
     * concurrency limit, and an app logging in from many threads at once is not held back.
     */
    public Claim claim(long tenantId, String login, String address) {
        Instant now = clock.instant();
        boolean known = store.lastSuccess(tenantId, login, address)
                .filter(at -> at.isAfter(now.minus(rules.knownAddressFor())))
                .isPresent();
        if (blocked(store.failures(tenantId, login, address), now)) {
            return new Claim(false, known); // refused without hashing, and not counted
        }
        if (known) {
            return new Claim(true, true);
        }
        boolean granted = store.withLockedCounter(tenantId, login, ThrottleRepository.ANY_ADDRESS, account -> {
            Instant locked = clock.instant(); // read under the lock: tries are ordered by it
            return blocked(account, locked)
                    ? new ThrottleRepository.Update<>(account, false)
                    : new ThrottleRepository.Update<>(next(account, rules.accountThreshold(), locked), true);
        });
        return new Claim(granted, known);
    }

    /** The claimed try was wrong: it counts for this address too. */
    public void failed(long tenantId, String login, String address) {
        store.withLockedCounter(tenantId, login, address,
                mine -> new ThrottleRepository.Update<>(next(mine, rules.addressThreshold(), clock.instant()), null));
    }

    /**
     * The claimed try was right: this address's counter is cleared and the address remembered;
     * the account-wide counter only gets this one try back, so an attacker's count stands.
     */
    public void succeeded(long tenantId, String login, String address, Claim claim) {
        store.clearFailures(tenantId, login, address);
        released(tenantId, login, claim);
        store.recordSuccess(tenantId, login, address, clock.instant());
    }

    /** The claimed try was never checked (shed under overload): the account-wide count is given back. */
    public void released(long tenantId, String login, Claim claim) {
        if (claim.granted() && !claim.knownAddress()) {
            store.forgiveOne(tenantId, login);
        }
    }

    /** A try's permission, and whether it came from an address the account logged in from. */
    public record Claim(boolean granted, boolean knownAddress) {}

    /** The counter after one more failure at {@code now}: past the threshold, a doubling delay. */
    private FailureCount next(FailureCount previous, int threshold, Instant now) {
        int failures = previous.failures() == 0 || expired(previous, now) ? 1 : previous.failures() + 1;
        // Under the threshold nothing waits (a concurrent try that read the clock a moment earlier
        // must not find itself "before" this one); past it, the delay.
        Instant nextAllowed = Instant.EPOCH;
        if (failures >= threshold) {
            // 1 s after reaching the threshold, then doubling: 1, 2, 4 … up to the cap.
            int doublings = Math.min(30, failures - threshold);
            Duration delay = Duration.ofSeconds(1L << doublings);
            nextAllowed = now.plus(delay.compareTo(rules.maxDelay()) > 0 ? rules.maxDelay() : delay);
        }
        return new FailureCount(failures, now, nextAllowed);
    }

    /** Forgets counters and known addresses older than any rule still looks at. */
    public void purge() {
        Duration keep = rules.knownAddressFor().compareTo(rules.window().plus(rules.maxDelay())) > 0
                ? rules.knownAddressFor() : rules.window().plus(rules.maxDelay());
        store.purge(clock.instant().minus(keep));
    }

    private static boolean blocked(FailureCount count, Instant now) {
        return now.isBefore(count.nextAllowedAt());
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
