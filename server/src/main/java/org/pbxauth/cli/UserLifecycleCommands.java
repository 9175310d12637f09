package org.pbxauth.cli;

import java.util.concurrent.Callable;
import org.pbxauth.Services;
import org.pbxauth.directory.PbxUser;
import org.pbxauth.directory.Tenant;
import org.pbxauth.lifecycle.Actor;
import org.pbxauth.secrets.Secret;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** The user events that end tokens at once: block, unblock, set-password, revoke-sessions, delete. */
final class UserLifecycleCommands {
    private UserLifecycleCommands() {}

    /** The options every user event shares: which customer, which login. */
    abstract static class UserEvent implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DataOptions data;
        @Parameters(index = "0", description = "login") String login;
        @Option(names = "--customer", required = true, description = "customer name") String customer;

        @Override
        public Integer call() {
            try (Services s = data.open()) {
                Tenant t = DataOptions.customer(s, customer);
                PbxUser user = s.users().findByLogin(t.id(), login)
                        .orElseThrow(() -> new NotFoundException("no user '" + login + "' at '" + customer + "'"));
                spec.commandLine().getOut().println(apply(s, user));
            }
            return 0;
        }

        abstract String apply(Services s, PbxUser user);
    }

    @Command(name = "block", description = "Block a user: every token of theirs stops working now.")
    static final class Block extends UserEvent {
        @Override
        String apply(Services s, PbxUser user) {
            return "blocked '" + user.login() + "', revoked " + s.lifecycle().block(user, Actor.CLI) + " logins";
        }
    }

    @Command(name = "unblock", description = "Unblock a user (their old tokens stay revoked).")
    static final class Unblock extends UserEvent {
        @Override
        String apply(Services s, PbxUser user) {
            s.lifecycle().unblock(user, Actor.CLI);
            return "unblocked '" + user.login() + "'";
        }
    }

    @Command(name = "set-password", description = "Set a user's password (from standard input or the "
            + "terminal); every token of theirs stops working now.")
    static final class SetPassword extends UserEvent {
        @Option(names = "--password-stdin", description = "read the password from the first line of standard input")
        boolean passwordStdin;

        @Override
        String apply(Services s, PbxUser user) {
            Secret password = Passwords.read(passwordStdin, user.login());
            return "password of '" + user.login() + "' set, revoked " + s.lifecycle().setPassword(user, password, Actor.CLI)
                    + " logins";
        }
    }

    @Command(name = "revoke-sessions", description = "Log a user out everywhere: revoke every token of theirs.")
    static final class RevokeSessions extends UserEvent {
        @Override
        String apply(Services s, PbxUser user) {
            return "revoked " + s.lifecycle().revokeSessions(user) + " logins of '" + user.login() + "'";
        }
    }

    @Command(name = "delete", description = "Delete a user with their apps and tokens.")
    static final class Delete extends UserEvent {
        @Override
        String apply(Services s, PbxUser user) {
            int revoked = s.lifecycle().deleteUser(user, Actor.CLI);
            return "deleted '" + user.login() + "', revoked " + revoked + " logins";
        }
    }
}
