package org.pbxauth.directory;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/** Where PBX customers live; implemented by the store. */
public interface TenantRepository {
    Optional<Tenant> findByHostname(String hostname);

    Optional<Tenant> findByName(String name);

    Optional<Tenant> findById(long id);

    List<Tenant> list();

    /** At most {@code limit} customers with an id above {@code afterId}, by id: a keyset page. */
    List<Tenant> page(long afterId, int limit);

    /** Creates the customer; fails with {@link DirectoryException} on a taken name or hostname. */
    default Tenant create(String name, List<String> hostnames) {
        return create(name, hostnames, null, null);
    }

    /**
     * Creates the customer with its public URL and hourly API limit (either null) in one
     * transaction; fails with {@link DirectoryException} on a taken name or hostname.
     */
    Tenant create(String name, List<String> hostnames, URI publicUrl, Long apiLimitPerHour);

    /**
     * Makes the customer {@code current} describes what {@code changed} says, in one transaction:
     * name, hostnames (the list replaced), public URL and hourly API limit — but only while it is
     * still exactly {@code current} (a compare-and-set, so two nodes cannot both apply a change
     * made on the same state). False, and nothing changed, when it is gone or no longer
     * {@code current}; {@link DirectoryException} (conflict) on a name or hostname another
     * customer has, and then nothing changed either.
     */
    boolean update(Tenant current, Tenant changed);

    /** Renames the customer; false when there is none; {@link DirectoryException} on a taken name. */
    boolean rename(long tenantId, String name);

    /** Replaces the customer's hostnames in one transaction; {@link DirectoryException} on one taken. */
    boolean setHostnames(long tenantId, List<String> hostnames);

    /** Sets or (with null) clears the customer's own hourly API limit. */
    void setApiLimit(long tenantId, Long perHour);

    /**
     * Deletes the customer and, by the schema's ON DELETE CASCADE, its hostnames, users, apps,
     * logins, tokens, codes, consents and web sessions. False when there was none.
     */
    boolean delete(long tenantId);

    /** Sets or (with null) clears the customer's stated public base URL ({@link Tenant#parsePublicUrl}). */
    void setPublicUrl(long tenantId, URI publicUrl);
}
