package org.pbxauth.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.pbxauth.store.Database;

/**
 * A store of the server's own H2 URL (migrated by Flyway) in a fresh temporary folder, for the
 * store benchmarks; closing it says how large its files grew and deletes the folder.
 */
final class ScratchStore implements AutoCloseable {
    private final String owner;
    private final Path dir;
    private final Database db;

    private ScratchStore(String owner, Path dir, Database db) {
        this.owner = owner;
        this.dir = dir;
        this.db = db;
    }

    static ScratchStore open(String owner, int poolSize) throws IOException {
        Path dir = Files.createTempDirectory("pbx-auth-" + owner);
        return new ScratchStore(owner, dir, Database.h2(dir, poolSize));
    }

    Database db() {
        return db;
    }

    @Override
    public void close() throws IOException {
        db.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                if (Files.isRegularFile(p)) {
                    System.out.println(owner + ": " + dir.relativize(p) + " is " + Files.size(p) + " bytes");
                }
                Files.delete(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
