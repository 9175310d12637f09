package org.pbxauth.cli;

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

/** {@code pbx-auth customer add|list}: PBX customers and their hostnames. */
@Command(name = "customer", description = "Add or list PBX customers.", mixinStandardHelpOptions = true,
        subcommands = {CustomerCommand.Add.class, CustomerCommand.ListCustomers.class})
public final class CustomerCommand {

    @Command(name = "add", description = "Add a PBX customer answering on the given hostnames.")
    static final class Add implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DataOptions data;
        @Parameters(index = "0", description = "customer name") String name;
        @Option(names = "--hostname", required = true, description = "a hostname it answers on (repeatable)")
        List<String> hostnames;

        @Override
        public Integer call() {
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
                spec.commandLine().getOut().printf("customer %d '%s' on %s%n", t.id(), t.name(),
                        String.join(", ", t.hostnames()));
            }
            return 0;
        }
    }

    @Command(name = "list", description = "List PBX customers.")
    static final class ListCustomers implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DataOptions data;

        @Override
        public Integer call() {
            try (Services s = data.open()) {
                for (Tenant t : s.tenants().list()) {
                    spec.commandLine().getOut().printf("%d\t%s\t%s%n", t.id(), t.name(), String.join(" ", t.hostnames()));
                }
            }
            return 0;
        }
    }
}
