package org.pbxauth.directory;

import java.util.List;

/** A PBX customer: one telephone exchange, answering on its own hostnames. */
public record Tenant(long id, String name, List<String> hostnames) {
    public Tenant {
        hostnames = List.copyOf(hostnames);
    }
}
