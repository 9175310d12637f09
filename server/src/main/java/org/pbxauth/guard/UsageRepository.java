package org.pbxauth.guard;

/** Hourly API request counts shared by all nodes; implemented by the store. */
public interface UsageRepository {
    /** Adds {@code delta} to the count of {@code scope} in {@code hour} and returns the new total. */
    long add(String scope, long hour, long delta);

    /** The count of {@code scope} in {@code hour}; 0 when none. */
    long used(String scope, long hour);

    /** Deletes counts of hours before {@code hour}. */
    int purgeBefore(long hour);
}
