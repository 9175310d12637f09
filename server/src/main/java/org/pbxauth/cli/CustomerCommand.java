package org.pbxauth.cli;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.pbxauth.Services;
import org.pbxauth.directory.DirectoryException;
import org.pbxauth.directory.Tenant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code pbx-auth customer add|set|list}: PBX customers, their hostnames and their public URL. */
@Command(name = "customer", description = "Add, change or list PBX customers.", mixinStandardHelpOptions = true,
        subcommands = {CustomerCommand.Add.class, CustomerCommand.Set.class, CustomerCommand.ListCustomers.class})
public final class CustomerCommand {

    @Command(name = "add", description = "Add a PBX customer answering on the given hostnames.")
    static final class Add implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DataOptions data;
        @Parameters(index = "0", description = "customer name") String name;
        @Option(names = "--hostname", required = true, description = "a hostname it answers on (repeatable)")
        List<String> hostnames;
        @Option(names = "--public-url", description = "the base URL its users and apps use, e.g. "
                + "https://pbx.example.com: its issuer, whatever Host or proxy a request comes through")
        String publicUrl;

        @Override
        public Integer call() {
            URI url = publicUrl == null ? null : Tenant.parsePublicUrl(publicUrl);
            List<String> hosts = hostnames.stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
            for (String h : hosts) {
                if (!h.matches("[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?|[0-9a-f:]+")) {
                    throw DirectoryException.invalid("'" + h + "' is not a hostname");
                }
            }
            if (name.isBlank() || name.length() > 200) {
                throw DirectoryException.invalid("a customer name has 1 to 200 characters");
            }
            try (Services s = data.open()) {
                Tenant t = s.tenants().create(name.trim(), hosts);
                if (url != null) {
                    s.tenants().setPublicUrl(t.id(), url);
                }
                spec.commandLine().getOut().printf("customer %d '%s' on %s%s%n", t.id(), t.name(),
                        String.join(", ", t.hostnames()), url == null ? "" : ", public URL " + url);
            }
            return 0;
        }
    }

    @Command(name = "set", description = "Change a PBX customer's public URL.")
    static final class Set implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DataOptions data;
        @Parameters(index = "0", description = "customer name") String name;
        @Option(names = "--public-url", required = true, description = "its base URL (https://host[:port]); "
                + "an empty value clears it, and the request's own origin (or its trusted proxy's) is used again")
        String publicUrl;

        @Override
        public Integer call() {
            URI url = publicUrl.isBlank() ? null : Tenant.parsePublicUrl(publicUrl);
            try (Services s = data.open()) {
                Tenant t = s.tenants().findByName(name)
                        .orElseThrow(() -> new NotFoundException("no customer named '" + name + "'"));
                s.tenants().setPublicUrl(t.id(), url);
                // A running server caches customers by hostname for up to a minute.
                spec.commandLine().getOut().printf("customer %d '%s': public URL %s (a running server uses it "
                        + "within a minute)%n", t.id(), t.name(), url == null ? "cleared" : url);
            }
            return 0;
        }
    }

    @Command(name = "list", description = "List PBX customers: id, name, hostnames, public URL.")
    static final class ListCustomers implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DataOptions data;

        @Override
        public Integer call() {
            try (Services s = data.open()) {
                for (Tenant t : s.tenants().list()) {
                    spec.commandLine().getOut().printf("%d\t%s\t%s\t%s%n", t.id(), t.name(),
                            String.join(" ", t.hostnames()), t.publicUrlIfSet().map(URI::toString).orElse("-"));
                }
            }
            return 0;
        }
    }
}
