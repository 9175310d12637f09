package org.pbxauth.bench;

import io.javalin.Javalin;

/**
 * The HTTP stack of pbx-auth with nothing of pbx-auth on it: Javalin on virtual threads, set up
 * as HttpServer sets it up where that touches every request (no compression, no header cache),
 * answering {@code /health/live} as the server does. bench/http-floor drives it beside a real
 * server: what this one does is what the server's cheapest endpoint can at best do.
 */
public final class BareHttp {
    private BareHttp() {}

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.useVirtualThreads = true;
            config.http.disableCompression();
            config.jetty.modifyHttpConfiguration(http -> http.setHeaderCacheSize(0));
        }).get("/health/live", ctx -> ctx.header("Cache-Control", "no-store").contentType("application/json")
                .result("{\"status\":\"live\"}")).start("127.0.0.1", port);
    }
}
