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
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code pbx-auth app create|list}: PBX apps; {@code create} prints the App Secret, once. */
@Command(name = "app", description = "Register or list PBX apps.", mixinStandardHelpOptions = true,
        subcommands = {AppCommand.Create.class, AppCommand.ListApps.class, AppCommand.RotateSecret.class,
                AppCommand.Delete.class})
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

    @Command(name = "rotate-secret", description = "Give an app a new App Secret (printed once); the old "
            + "secret and every token of the app stop working now.")
    static final class RotateSecret implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DataOptions data;
        @Option(names = "--customer", required = true, description = "customer name") String customer;
        @Parameters(index = "0", description = "App ID") String clientId;

        @Override
        public Integer call() {
            try (Services s = data.open()) {
                PbxApp app = find(s, customer, clientId);
                var out = spec.commandLine().getOut();
                out.println("App ID:     " + app.clientId());
                out.println("App Secret: " + s.lifecycle().rotateSecret(app).reveal());
                out.println("The old secret and the app's tokens no longer work.");
            }
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete an app; every token of it stops working now.")
    static final class Delete implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DataOptions data;
        @Option(names = "--customer", required = true, description = "customer name") String customer;
        @Parameters(index = "0", description = "App ID") String clientId;

        @Override
        public Integer call() {
            try (Services s = data.open()) {
                PbxApp app = find(s, customer, clientId);
                int revoked = s.lifecycle().deleteApp(app, org.pbxauth.lifecycle.Actor.CLI);
                spec.commandLine().getOut().println("deleted app " + app.clientId() + ", revoked " + revoked + " logins");
            }
            return 0;
        }
    }

    static PbxApp find(Services s, String customer, String clientId) {
        Tenant t = DataOptions.customer(s, customer);
        return s.apps().find(t.id(), clientId)
                .orElseThrow(() -> new NotFoundException("no app " + clientId + " at '" + customer + "'"));
    }
}
