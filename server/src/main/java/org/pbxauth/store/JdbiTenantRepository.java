package org.pbxauth.store;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
    public List<Tenant> page(long afterId, int limit) {
        return reads.withHandle(h -> {
            List<Long> ids = h.createQuery("SELECT id FROM tenants WHERE id > :after ORDER BY id LIMIT :limit")
                    .bind("after", afterId).bind("limit", limit).mapTo(Long.class).list();
            if (ids.isEmpty()) {
                return List.of();
            }
            return loadAll(h, "WHERE t.id >= :v AND t.id <= " + ids.get(ids.size() - 1), ids.get(0));
        });
    }

    @Override
    public Tenant create(String name, List<String> hostnames, URI publicUrl, Long apiLimitPerHour) {
        try {
            return jdbi.inTransaction(h -> {
                long id = h.createUpdate("INSERT INTO tenants (name, created_at, public_url, api_limit_per_hour) "
                                + "VALUES (:n, :c, :u, :l)")
                        .bind("n", name).bind("c", clock.millis())
                        .bind("u", publicUrl == null ? null : publicUrl.toString()).bind("l", apiLimitPerHour)
                        .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
                insertHostnames(h, id, hostnames);
                return new Tenant(id, name, hostnames, publicUrl, apiLimitPerHour);
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
    public boolean update(Tenant current, Tenant changed) {
        String oldUrl = current.publicUrl() == null ? null : current.publicUrl().toString();
        try {
            return jdbi.inTransaction(h -> {
                // The row's update takes its lock first (PostgreSQL re-checks the WHERE on the newest
                // row; SQLite has one writer): a change committed since current was read fails the
                // WHERE, or shows in the hostnames read after it. Every change updates this row.
                int rows = h.createUpdate("UPDATE tenants SET name = :n, public_url = :u, api_limit_per_hour = :l "
                                + "WHERE id = :id AND name = :on AND " + isNullOr("public_url", "ou", oldUrl)
                                + " AND " + isNullOr("api_limit_per_hour", "ol", current.apiLimitPerHour()))
                        .bind("n", changed.name())
                        .bind("u", changed.publicUrl() == null ? null : changed.publicUrl().toString())
                        .bind("l", changed.apiLimitPerHour()).bind("id", current.id()).bind("on", current.name())
                        .bind("ou", oldUrl).bind("ol", current.apiLimitPerHour()).execute();
                if (rows == 0) {
                    return false;
                }
                Set<String> hostnames = Set.copyOf(h.createQuery("SELECT hostname FROM tenant_hostnames WHERE tenant_id = :t")
                        .bind("t", current.id()).mapTo(String.class).list());
                if (!hostnames.equals(Set.copyOf(current.hostnames()))) {
                    h.rollback();
                    return false;
                }
                replaceHostnames(h, current.id(), changed.hostnames());
                return true;
            });
        } catch (RuntimeException e) {
            if (Constraints.isUniqueViolation(e)) {
                throw DirectoryException.conflict("another customer is named '" + changed.name()
                        + "' or has one of the hostnames " + changed.hostnames());
            }
            throw e;
        }
    }

    /** {@code column} equals the bound {@code :name}, or both are null (no IS NOT DISTINCT FROM in SQLite). */
    private static String isNullOr(String column, String name, Object value) {
        return value == null ? column + " IS NULL" : column + " = :" + name;
    }

    @Override
    public boolean rename(long tenantId, String name) {
        try {
            return jdbi.withHandle(h -> h.createUpdate("UPDATE tenants SET name = :n WHERE id = :id")
                    .bind("n", name).bind("id", tenantId).execute()) > 0;
        } catch (RuntimeException e) {
            if (Constraints.isUniqueViolation(e)) {
                throw DirectoryException.conflict("a customer named '" + name + "' already exists");
            }
            throw e;
        }
    }

    @Override
    public boolean setHostnames(long tenantId, List<String> hostnames) {
        try {
            return jdbi.inTransaction(h -> {
                boolean exists = h.createQuery("SELECT COUNT(*) FROM tenants WHERE id = :id").bind("id", tenantId)
                        .mapTo(Long.class).one() > 0;
                if (exists) {
                    replaceHostnames(h, tenantId, hostnames);
                }
                return exists;
            });
        } catch (RuntimeException e) {
            if (Constraints.isUniqueViolation(e)) {
                throw DirectoryException.conflict("one of the hostnames " + hostnames + " is another customer's");
            }
            throw e;
        }
    }

    @Override
    public void setApiLimit(long tenantId, Long perHour) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE tenants SET api_limit_per_hour = :l WHERE id = :id")
                .bind("l", perHour).bind("id", tenantId).execute());
    }

    @Override
    public boolean delete(long tenantId) {
        // Rows keyed by the customer without a foreign key (tokens by their family, the audit trail,
        // throttle and usage counters) go with their family or age out; ids are never handed out again.
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM tenants WHERE id = :id")
                .bind("id", tenantId).execute()) > 0;
    }

    /** Only what changed: a hostname kept keeps its row. */
    private static void replaceHostnames(Handle h, long tenantId, List<String> hostnames) {
        List<String> current = h.createQuery("SELECT hostname FROM tenant_hostnames WHERE tenant_id = :t")
                .bind("t", tenantId).mapTo(String.class).list();
        for (String old : current) {
            if (!hostnames.contains(old)) {
                h.createUpdate("DELETE FROM tenant_hostnames WHERE hostname = :h AND tenant_id = :t")
                        .bind("h", old).bind("t", tenantId).execute();
            }
        }
        insertHostnames(h, tenantId, hostnames.stream().filter(n -> !current.contains(n)).toList());
    }

    private static void insertHostnames(Handle h, long tenantId, List<String> hostnames) {
        for (String hostname : hostnames) {
            h.createUpdate("INSERT INTO tenant_hostnames (hostname, tenant_id) VALUES (:h, :t)")
                    .bind("h", hostname).bind("t", tenantId).execute();
        }
    }

    @Override
    public void setPublicUrl(long tenantId, URI publicUrl) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE tenants SET public_url = :u WHERE id = :id")
                .bind("u", publicUrl == null ? null : publicUrl.toString()).bind("id", tenantId).execute());
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
