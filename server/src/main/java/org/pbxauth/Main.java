package org.pbxauth;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import org.pbxauth.cli.AppCommand;
import org.pbxauth.cli.ConsentCommand;
import org.pbxauth.cli.CustomerCommand;
import org.pbxauth.cli.DbCommand;
import org.pbxauth.cli.ExitCodes;
import org.pbxauth.cli.ServerOptions;
import org.pbxauth.cli.SettingsCommand;
import org.pbxauth.cli.UserCommand;
import org.pbxauth.cli.Version;
import org.pbxauth.config.LogFormat;
import org.pbxauth.config.Settings;
import org.pbxauth.config.SettingsException;
import org.pbxauth.directory.PasswordHasher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The {@code pbx-auth} command: the server and its admin sub-commands. */
// scope INHERIT: every subcommand, however deep, answers --help and -V (issue 17).
@Command(name = "pbx-auth", mixinStandardHelpOptions = true, versionProvider = Version.class,
        scope = CommandLine.ScopeType.INHERIT,
        description = "OAuth 2.0 authorization server of a cloud PBX.",
        subcommands = {Main.Serve.class, Main.Demo.class, CustomerCommand.class, UserCommand.class, AppCommand.class,
                ConsentCommand.class, DbCommand.class, SettingsCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:failure (a message says why)", "2:bad usage or setting",
                "3:not found (customer, user, app)", "4:conflict (a name, login or App ID is taken)"})
public final class Main implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(Main.class);

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code, for the launcher and for tests. */
    public static int run(String... args) {
        CommandLine cli;
        if (args.length > 0 && (args[0].equals("serve") || args[0].equals("demo"))) {
            // The server's start: picocli reflects over every command it is given, and the whole
            // admin tree took 0.3 s of the start (BENCHMARKS.md). Same options, same errors.
            cli = new CommandLine(args[0].equals("serve") ? new Serve() : new Demo())
                    .setCommandName("pbx-auth " + args[0]);
            args = Arrays.copyOfRange(args, 1, args.length);
        } else {
            cli = new CommandLine(new Main());
        }
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            err.println("pbx-auth: " + e.getMessage());
            err.flush();
            return ExitCodes.of(e);
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    // Also standard help options of their own: the start runs them without the command tree.
    @Command(name = "serve", description = "Start the server (no demo data).", mixinStandardHelpOptions = true,
            versionProvider = Version.class)
    static final class Serve implements Runnable {
        @Mixin ServerOptions options;

        @Override
        public void run() {
            serveUntilStopped(options.settings(), false);
        }
    }

    @Command(name = "demo", description = "Start the server with the demo customers, users and apps "
            + "(on 127.0.0.1 unless --bind says otherwise).", mixinStandardHelpOptions = true,
            versionProvider = Version.class)
    static final class Demo implements Runnable {
        @Mixin ServerOptions options;

        @Override
        public void run() {
            // Its passwords are in the README: loopback only, unless --bind, PBXAUTH_BIND or the
            // settings file opens it on purpose.
            serveUntilStopped(options.settings(Map.of("bind", "127.0.0.1")), true);
        }
    }

    static Node startNode(Settings settings, boolean demo) {
        // One set of services (one migration check, one pool) for the demo data and the server.
        PasswordHasher passwords = Services.passwordHasher(settings);
        // The demo users' Argon2id hashes, a quarter of a second of CPU, are made on the other core
        // while the store opens and migrates (BENCHMARKS.md, start).
        DemoData.Hashes demoHashes = demo ? DemoData.hashAhead(passwords) : null;
        Services services = Services.open(settings, Clock.systemUTC(), passwords);
        try {
            if (demo) {
                DemoData.ensure(services, demoHashes);
            }
            return Node.start(services);
        } catch (RuntimeException e) {
            services.close();
            throw e;
        }
    }

    private static void serveUntilStopped(Settings settings, boolean demo) {
        LogFormat.apply(settings);
        Node node = startNode(settings, demo);
        String bind = settings.bindAddress().contains(":") ? "[" + settings.bindAddress() + "]" : settings.bindAddress();
        String https = node.httpsPort() > 0 ? " and https://" + bind + ":" + node.httpsPort() : "";
        log.info("pbx-auth listening on http://{}:{}{} (data in {}){}; Argon2id by {}", bind, node.port(), https,
                settings.dataDir().toAbsolutePath().normalize(), demo ? " with demo data" : "", PasswordHasher.engine());
        // Start-up (migrations, Jetty, the Argon2id self-check) leaves garbage the running server
        // never needs again: one full collection now lets the heap shrink to the working set
        // (the launcher's MaxHeapFreeRatio), which is what an idle server keeps resident.
        System.gc();
        StopSignals.awaitStop(node);
        log.info("stopped");
    }

    static {
        // one line on a bad setting, never a trace
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
            if (e instanceof SettingsException) {
                System.err.println("pbx-auth: " + e.getMessage());
            } else {
                log.error("uncaught in {}", t.getName(), e);
            }
        });
    }
}
