package org.pbxauth.directory;

import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The platform operator's view of PBX customers: add, change (name, hostnames, public URL, hourly
 * API limit) and delete, each checked before anything is written and forgotten by this node's
 * cache of customers by hostname at once, so the change answers on the next request.
 */
public final class Customers {
    /** RFC 1123 §2.1 labels of RFC 952's letters, digits and inner hyphens; lowercase, no trailing dot. */
    private static final Pattern HOSTNAME =
            Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
    public static final int MAX_HOSTNAMES = 20;

    private final TenantRepository tenants;
    private final Directory directory;

    public Customers(TenantRepository tenants, Directory directory) {
        this.tenants = tenants;
        this.directory = directory;
    }

    public List<Tenant> page(long afterId, int limit) {
        return tenants.page(afterId, limit);
    }

    public Optional<Tenant> find(long id) {
        return tenants.findById(id);
    }

    /** Adds the customer; {@link DirectoryException} when malformed (invalid) or taken (conflict). */
    public Tenant create(String name, List<String> hostnames, URI publicUrl, Long apiLimitPerHour) {
        Tenant created = tenants.create(name(name), hostnames(hostnames), publicUrl, apiLimit(apiLimitPerHour));
        directory.forget(created.id());
        return tenants.findById(created.id()).orElse(created);
    }

    /**
     * Makes {@code current} what {@code wanted} says, all or nothing, only while the customer is
     * still {@code current}: {@link Change#GONE}, {@link Change#STALE} (changed since it was read,
     * here or on another node) or the customer as changed; {@link DirectoryException} when
     * malformed or taken, and then nothing changed. Only what changes is checked: a customer the
     * CLI added with a hostname these rules refuse (an IPv6 address) can still be renamed.
     */
    public Change change(Tenant current, Tenant wanted) {
        Tenant checked = new Tenant(current.id(),
                wanted.name().equals(current.name()) ? current.name() : name(wanted.name()),
                wanted.hostnames().equals(current.hostnames()) ? current.hostnames() : hostnames(wanted.hostnames()),
                wanted.publicUrl(), apiLimit(wanted.apiLimitPerHour()));
        try {
            if (tenants.update(current, checked)) {
                return tenants.findById(current.id()).<Change>map(Change.Done::new).orElse(Change.GONE);
            }
        } finally {
            directory.forget(current.id());
        }
        return tenants.findById(current.id()).isPresent() ? Change.STALE : Change.GONE;
    }

    /** What {@link #change} did. */
    public sealed interface Change {
        Change GONE = new Refused("gone");
        Change STALE = new Refused("stale");

        /** The customer as changed. */
        record Done(Tenant customer) implements Change {}

        /** Nothing changed: the customer is gone, or no longer as read. */
        record Refused(String why) implements Change {}
    }

    /** Deletes the customer with everything of it (its users can no longer get tokens); false when gone. */
    public boolean delete(long id) {
        boolean deleted = tenants.delete(id);
        directory.forget(id);
        return deleted;
    }

    /** A customer's name: 1 to 200 characters, no blanks around it, no control characters. */
    public static String name(String name) {
        if (name == null || name.isEmpty() || name.length() > 200 || !name.equals(name.strip())
                || !printable(name)) {
            throw DirectoryException.invalid("a customer name has 1 to 200 characters, no blanks around them "
                    + "and no control characters");
        }
        return name;
    }

    /** No control character and no lone half of a surrogate pair (JSON's \\ud800 alone: no UTF-8 for it). */
    private static boolean printable(String s) {
        return s.codePoints().noneMatch(cp -> Character.getType(cp) == Character.SURROGATE || Character.isISOControl(cp));
    }

    /** One to {@value #MAX_HOSTNAMES} distinct lowercase hostnames (RFC 1123), each at most 253 characters. */
    public static List<String> hostnames(List<String> hostnames) {
        if (hostnames == null || hostnames.isEmpty() || hostnames.size() > MAX_HOSTNAMES) {
            throw DirectoryException.invalid("a customer has 1 to " + MAX_HOSTNAMES + " hostnames");
        }
        for (String h : hostnames) {
            if (h == null || h.length() > 253 || !HOSTNAME.matcher(h).matches()) {
                throw DirectoryException.invalid("'" + h + "' is not a lowercase hostname of RFC 1123 labels "
                        + "(a-z, 0-9, inner hyphens, 1 to 63 each; at most 253 characters)");
            }
        }
        if (new HashSet<>(hostnames).size() != hostnames.size()) {
            throw DirectoryException.invalid("a hostname is listed twice");
        }
        return List.copyOf(hostnames);
    }

    /** Null (the server's setting) or 0 to 2^31-1 requests an hour. */
    public static Long apiLimit(Long perHour) {
        if (perHour != null && (perHour < 0 || perHour > Integer.MAX_VALUE)) {
            throw DirectoryException.invalid("api_limit_per_hour is 0 to 2147483647, or null for the server's");
        }
        return perHour;
    }
}
