package org.pbxauth.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.pbxauth.Services;
import org.pbxauth.apps.AccessLevel;
import org.pbxauth.apps.AppType;
import org.pbxauth.apps.PbxApp;
import org.pbxauth.apps.RegisteredApp;
import org.pbxauth.directory.PbxUser;
import org.pbxauth.directory.Tenant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code pbx-auth app create|list}: PBX apps; {@code create} prints the App Secret, once. */
@Command(name = "app", description = "Register or list PBX apps.", mixinStandardHelpOptions = true,
        subcommands = {AppCommand.Create.class, AppCommand.ListApps.class})
public final class AppCommand {

    @Command(name = "create", description = "Register an app and print its App ID and App Secret (shown only now).")
    static final class Create implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DataOptions data;
        @Option(names = "--customer", required = true, description = "customer name") String customer;
        @Option(names = "--name", required = true, description = "application name") String name;
        @Option(names = "--type", required = true, description = "public, trusted or password_credentials")
        String type;
        @Option(names = "--access", defaultValue = "call_api", description = "call_api (default) or all")
        String access;
        @Option(names = "--owner", required = true, description = "login of the user who registers it")
        String owner;
        @Option(names = "--redirect-url", description = "a redirect URL (repeatable)")
        List<String> redirectUrls = new ArrayList<>();

        @Override
        public Integer call() {
            AppType appType = AppType.parse(type);
            AccessLevel accessLevel = AccessLevel.parse(access);
            try (Services s = data.open()) {
                Tenant t = DataOptions.customer(s, customer);
                PbxUser user = s.users().findByLogin(t.id(), owner)
                        .orElseThrow(() -> new NotFoundException("no user '" + owner + "' at '" + customer + "'"));
                RegisteredApp app = s.apps().register(t.id(), name, appType, accessLevel, redirectUrls, user);
                var out = spec.commandLine().getOut();
                out.println("App ID:     " + app.app().clientId());
                out.println("App Secret: " + app.secret().reveal());
                out.println("Keep the App Secret now: pbx-auth stores only a keyed hash of it.");
            }
            return 0;
        }
    }

    @Command(name = "list", description = "List the apps of a customer (never their secrets).")
    static final class ListApps implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DataOptions data;
        @Option(names = "--customer", required = true, description = "customer name") String customer;

        @Override
        public Integer call() {
            try (Services s = data.open()) {
                Tenant t = DataOptions.customer(s, customer);
                for (PbxApp a : s.apps().list(t.id())) {
                    spec.commandLine().getOut().printf("%s\t%s\t%s\t%s\t%s%n", a.clientId(), a.type().wireName(),
                            a.access().wireName(), a.name(), String.join(" ", a.redirectUris()));
                }
            }
            return 0;
        }
    }
}
