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

    /** Creates the customer; fails with {@link DirectoryException} on a taken name or hostname. */
    Tenant create(String name, List<String> hostnames);

    /** Sets or (with null) clears the customer's stated public base URL ({@link Tenant#parsePublicUrl}). */
    void setPublicUrl(long tenantId, URI publicUrl);

    /** The customer's own hourly API limit; null for the server's. */
    void setApiLimit(long tenantId, Long perHour);
}
