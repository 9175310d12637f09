package org.pbxauth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A demo server for a whole test class: started on a data folder of its own before the class's
 * first test, stopped and its folder deleted after the last. Register it with
 * {@code @RegisterExtension static final DemoServer demo = new DemoServer();}.
 */
final class DemoServer implements BeforeAllCallback, AfterAllCallback {
    private Path data;
    private TestServer server;
    private TokenCalls api;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        data = Files.createTempDirectory("pbx-auth-test");
        server = TestServer.start(data);
        api = new TokenCalls(server);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (server != null) {
            server.close();
        }
        try (Stream<Path> files = Files.walk(data)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    TestServer server() {
        return server;
    }

    TokenCalls api() {
        return api;
    }

    /** The server's data folder (for the CLI beside it). */
    Path data() {
        return data;
    }
}
