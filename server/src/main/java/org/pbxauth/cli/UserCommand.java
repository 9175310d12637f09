package org.pbxauth.cli;

import java.time.ZoneId;
import java.util.concurrent.Callable;
import org.pbxauth.Services;
import org.pbxauth.directory.DirectoryException;
import org.pbxauth.directory.NewUser;
import org.pbxauth.directory.PbxUser;
import org.pbxauth.directory.Tenant;
import org.pbxauth.directory.UserLevel;
import org.pbxauth.secrets.Secret;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code pbx-auth user add|list}: the users of one PBX customer. */
@Command(name = "user", description = "Add or list users of a PBX customer.", mixinStandardHelpOptions = true,
        subcommands = {UserCommand.Add.class, UserCommand.ListUsers.class, UserLifecycleCommands.Block.class,
                UserLifecycleCommands.Unblock.class, UserLifecycleCommands.SetPassword.class,
                UserLifecycleCommands.RevokeSessions.class, UserLifecycleCommands.Delete.class, UserImportCommand.class})
public final class UserCommand {

    @Command(name = "add", description = "Add a user. The password is read from standard input "
            + "(--password-stdin) or asked at the terminal; it never goes on the command line.")
    static final class Add implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DataOptions data;
        @Parameters(index = "0", description = "login") String login;
        @Option(names = "--customer", required = true, description = "customer name") String customer;
        @Option(names = "--level", defaultValue = "extension",
                description = "client, extension_group or extension (default ${DEFAULT-VALUE})") String level;
        @Option(names = "--admin", description = "the customer's administrator") boolean admin;
        @Option(names = "--timezone", defaultValue = "UTC", description = "IANA time zone (default ${DEFAULT-VALUE})")
        String timezone;
        @Option(names = "--extension-id", description = "the PBX extension of this user") Long extensionId;
        @Option(names = "--extension-group-id", description = "the PBX extension group") Long extensionGroupId;
        @Option(names = "--password-stdin", description = "read the password from the first line of standard input")
        boolean passwordStdin;

        @Override
        public Integer call() {
            UserLevel userLevel = UserLevel.parse(level);
            if (!login.matches("[A-Za-z0-9._@+-]{1,100}")) {
                throw DirectoryException.invalid("a login has 1 to 100 of A-Z a-z 0-9 . _ @ + -");
            }
            try {
                ZoneId.of(timezone);
            } catch (RuntimeException e) {
                throw DirectoryException.invalid("'" + timezone + "' is not a time zone");
            }
            Secret password = Passwords.read(passwordStdin, login);
            try (Services s = data.open()) {
                Tenant t = DataOptions.customer(s, customer);
                PbxUser u = s.lifecycle().create(new NewUser(t.id(), login, userLevel, admin, timezone, extensionId,
                        extensionGroupId, s.passwords().hash(password)), org.pbxauth.lifecycle.Actor.CLI);
                spec.commandLine().getOut().printf("user %d '%s' of '%s' (%s%s)%n", u.id(), u.login(), t.name(),
                        u.level().wireName(), u.admin() ? ", administrator" : "");
            }
            return 0;
        }
    }

    @Command(name = "list", description = "List the users of a customer.")
    static final class ListUsers implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DataOptions data;
        @Option(names = "--customer", required = true, description = "customer name") String customer;

        @Override
        public Integer call() {
            try (Services s = data.open()) {
                Tenant t = DataOptions.customer(s, customer);
                for (PbxUser u : s.users().list(t.id())) {
                    spec.commandLine().getOut().printf("%d\t%s\t%s\t%s\t%s%n", u.id(), u.login(), u.level().wireName(),
                            u.admin() ? "admin" : "-", u.blocked() ? "blocked" : "active");
                }
            }
            return 0;
        }
    }
}
