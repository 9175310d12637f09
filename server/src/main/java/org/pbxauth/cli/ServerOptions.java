package org.pbxauth.cli;

import java.util.HashMap;
import java.util.Map;
import org.pbxauth.config.Settings;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options of the commands that start a server: where to listen, and where the data is. */
public final class ServerOptions {
    @Option(names = "--port", description = "HTTP port (default 8080, env PBXAUTH_PORT)")
    Integer port;

    @Option(names = "--bind", description = "address to listen on (serve: 0.0.0.0, demo: 127.0.0.1; env PBXAUTH_BIND)")
    String bind;

    @Mixin DataOptions data;

    public Settings settings() {
        return settings(Map.of());
    }

    /** The settings, with {@code defaults} in place of some reference defaults. */
    public Settings settings(Map<String, String> defaults) {
        Map<String, String> overrides = new HashMap<>();
        if (port != null) {
            overrides.put("port", port.toString());
        }
        if (bind != null) {
            overrides.put("bind", bind);
        }
        return data.settings(overrides, defaults);
    }
}
