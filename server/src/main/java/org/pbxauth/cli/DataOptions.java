package org.pbxauth.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.pbxauth.Services;
import org.pbxauth.config.Settings;
import org.pbxauth.directory.Tenant;
import picocli.CommandLine.Option;

/** Where the data is: options of every command; an admin command may use the folder of a running server. */
public final class DataOptions {
    @Option(names = "--config", description = "YAML settings file (env PBXAUTH_CONFIG)")
    Path config;

    @Option(names = "--data", description = "data folder (default ./data, env PBXAUTH_DATA)")
    Path data;

    @Option(names = "--db", description = "postgresql://user:password@host:port/database (default: SQLite in "
            + "the data folder; env PBXAUTH_DB)")
    String db;

    /** Settings from defaults, file, environment, these options and then {@code more}. */
    public Settings settings(Map<String, String> more) {
        return settings(more, Map.of());
    }

    /** The same, with {@code defaults} replacing some reference defaults. */
    public Settings settings(Map<String, String> more, Map<String, String> defaults) {
        Map<String, String> overrides = new HashMap<>();
        if (config != null) {
            overrides.put("config", config.toString());
        }
        if (data != null) {
            overrides.put("data", data.toString());
        }
        if (db != null) {
            overrides.put("db", db);
        }
        overrides.putAll(more);
        return Settings.load(System.getenv(), overrides, defaults);
    }

    Services open() {
        return Services.open(settings(Map.of()), Clock.systemUTC());
    }

    static Tenant customer(Services s, String name) {
        return s.tenants().findByName(name)
                .orElseThrow(() -> new NotFoundException("no customer named '" + name + "'"));
    }
}
