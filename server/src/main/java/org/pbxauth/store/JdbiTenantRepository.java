package org.pbxauth.store;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.pbxauth.directory.DirectoryException;
import org.pbxauth.directory.Tenant;
import org.pbxauth.directory.TenantRepository;

/** PBX customers and their hostnames in SQL. */
public final class JdbiTenantRepository implements TenantRepository {
    private final Jdbi jdbi;
    /** Reads outside a write's transaction: read-only connections on SQLite, never waiting for the writer. */
    private final Jdbi reads;
    private final Clock clock;

    public JdbiTenantRepository(Database database, Clock clock) {
        this.jdbi = database.jdbi();
        this.reads = database.readJdbi();
        this.clock = clock;
    }

    @Override
    public Optional<Tenant> findByHostname(String hostname) {
        return reads.withHandle(h -> h.createQuery("SELECT tenant_id FROM tenant_hostnames WHERE hostname = :h")
                .bind("h", hostname).mapTo(Long.class).findOne()
                .flatMap(id -> load(h, "WHERE t.id = :v", id)));
    }

    @Override
    public Optional<Tenant> findByName(String name) {
        return reads.withHandle(h -> load(h, "WHERE t.name = :v", name));
    }

    @Override
    public Optional<Tenant> findById(long id) {
        return reads.withHandle(h -> load(h, "WHERE t.id = :v", id));
    }

    @Override
    public List<Tenant> list() {
        return reads.withHandle(h -> loadAll(h, "", null));
    }

    @Override
    public Tenant create(String name, List<String> hostnames) {
        try {
            return jdbi.inTransaction(h -> {
                long id = h.createUpdate("INSERT INTO tenants (name, created_at) VALUES (:n, :c)")
                        .bind("n", name).bind("c", clock.millis())
                        .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
                for (String hostname : hostnames) {
                    h.createUpdate("INSERT INTO tenant_hostnames (hostname, tenant_id) VALUES (:h, :t)")
                            .bind("h", hostname).bind("t", id).execute();
                }
                return new Tenant(id, name, hostnames);
            });
        } catch (RuntimeException e) {
            if (Constraints.isUniqueViolation(e)) {
                throw DirectoryException.conflict("a customer named '" + name + "' or one of the hostnames "
                        + hostnames + " already exists");
            }
            throw e;
        }
    }

    @Override
    public void setPublicUrl(long tenantId, URI publicUrl) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE tenants SET public_url = :u WHERE id = :id")
                .bind("u", publicUrl == null ? null : publicUrl.toString()).bind("id", tenantId).execute());
    }

    @Override
    public void setApiLimit(long tenantId, Long perHour) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE tenants SET api_limit_per_hour = :l WHERE id = :id")
                .bind("l", perHour).bind("id", tenantId).execute());
    }

    private static Optional<Tenant> load(Handle h, String where, Object value) {
        return loadAll(h, where, value).stream().findFirst();
    }

    private static List<Tenant> loadAll(Handle h, String where, Object value) {
        var query = h.createQuery("SELECT t.id, t.name, t.public_url, t.api_limit_per_hour, n.hostname FROM tenants t "
                + "LEFT JOIN tenant_hostnames n ON n.tenant_id = t.id " + where + " ORDER BY t.id, n.hostname");
        if (value != null) {
            query.bind("v", value);
        }
        Map<Long, String> names = new LinkedHashMap<>();
        Map<Long, String> urls = new LinkedHashMap<>();
        Map<Long, Long> limits = new LinkedHashMap<>();
        Map<Long, List<String>> hosts = new LinkedHashMap<>();
        query.map((rs, ctx) -> {
            long id = rs.getLong("id");
            names.put(id, rs.getString("name"));
            urls.put(id, rs.getString("public_url"));
            limits.put(id, NullableLong.at(rs, "api_limit_per_hour"));
            List<String> list = hosts.computeIfAbsent(id, k -> new ArrayList<>());
            String hostname = rs.getString("hostname");
            if (hostname != null) {
                list.add(hostname);
            }
            return id;
        }).list();
        List<Tenant> out = new ArrayList<>();
        names.forEach((id, name) -> out.add(new Tenant(id, name, hosts.get(id),
                urls.get(id) == null ? null : URI.create(urls.get(id)), limits.get(id))));
        return out;
    }
}
