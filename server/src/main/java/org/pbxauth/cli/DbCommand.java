package org.pbxauth.cli;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import org.pbxauth.config.Settings;
import org.pbxauth.config.SettingsException;
import org.pbxauth.store.Database;
import org.pbxauth.store.StoreCopy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code pbx-auth db copy}: the embedded store moved to PostgreSQL. */
@Command(name = "db", description = "The store itself: copy the embedded SQLite store into PostgreSQL.",
        mixinStandardHelpOptions = true, subcommands = {DbCommand.Copy.class})
public final class DbCommand {

    @Command(name = "copy", description = {
            "Copy the SQLite store of the data folder into an empty PostgreSQL: customers, users, apps, "
                    + "consents, live token families and tokens, throttle and rate-limit state. The schema is "
                    + "created there first; the counts are checked; the SQLite file is only read.",
            "Stop the server first: what it writes after the copy began is not carried over. Every node on "
                    + "PostgreSQL must then use this data folder's server key (server.key, or server-key)."})
    static final class Copy implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DataOptions data;
        @Option(names = "--to", required = true, paramLabel = "URL",
                description = "postgresql://[user[:password]@]host[:port]/database (db.user and db.password "
                        + "apply when the URL has none)")
        String to;

        @Override
        public Integer call() {
            Settings settings = data.settings(Map.of());
            if (!settings.db().isEmpty()) {
                throw new SettingsException("db", "names PostgreSQL; db copy reads the SQLite store of the data folder "
                        + "(leave --db and PBXAUTH_DB empty)");
            }
            if (!to.matches("(jdbc:)?postgres(ql)?://.+")) {
                throw new SettingsException("--to", "must be a postgresql:// URL");
            }
            StoreCopy.Copied copied;
            try (Database target = Database.postgres(to, settings.dbUser(), settings.dbPassword(), 2)) {
                copied = StoreCopy.sqliteToPostgres(settings.dataDir(), settings.sqliteNativeDir(), target,
                        Clock.systemUTC().instant());
            }
            var out = spec.commandLine().getOut();
            copied.rows().forEach((table, rows) -> out.printf("%-20s %d%n", table, rows));
            out.printf("copied %s into PostgreSQL; every count checked. Start the nodes with db=<that URL> and "
                    + "this data folder's server key.%n", settings.dataDir().resolve("pbx-auth.db"));
            return 0;
        }
    }
}
