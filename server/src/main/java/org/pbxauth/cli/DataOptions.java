package org.pbxauth.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.pbxauth.Services;
import org.pbxauth.config.Settings;
import org.pbxauth.directory.Tenant;
import picocli.CommandLine.Option;

/** The data folder of an admin command; it may be the folder of a running server. */
public final class DataOptions {
    @Option(names = "--data", description = "data folder (default ./data, env PBXAUTH_DATA)")
    Path data;

    Services open() {
        Map<String, String> overrides = data == null ? Map.of() : Map.of("data", data.toString());
        return Services.open(Settings.load(System.getenv(), overrides), Clock.systemUTC());
    }

    static Tenant customer(Services s, String name) {
        return s.tenants().findByName(name)
                .orElseThrow(() -> new NotFoundException("no customer named '" + name + "'"));
    }
}
