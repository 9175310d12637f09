package org.pbxauth.guard;

import java.time.Duration;

/** The throttle's thresholds: per account and address, per account overall, and how long things count. */
public record ThrottleRules(int addressThreshold, int accountThreshold, Duration window, Duration maxDelay,
                            Duration knownAddressFor) {
    public static final ThrottleRules DEFAULTS =
            new ThrottleRules(5, 20, Duration.ofMinutes(15), Duration.ofMinutes(15), Duration.ofDays(30));
}
