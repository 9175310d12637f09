package org.pbxauth.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.pbxauth.store.Database;

/**
 * A store as the server opens it (SQLite in {@code pbx-auth.db}, WAL mode, migrated by Flyway; one
 * writing connection and a pool of read-only ones) in a fresh temporary folder, for the store
 * benchmarks; closing it says how large its files grew (pbx-auth.db, and the -wal and -shm files
 * if any are left) and deletes the folder, the native library SQLite unpacked into it included.
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

    /** {@code readers}: the read-only connections (Database.reads()); the writer is always one. */
    static ScratchStore open(String owner, int readers) throws IOException {
        Path dir = Files.createTempDirectory("pbx-auth-" + owner);
        return new ScratchStore(owner, dir, Database.sqlite(dir, readers));
    }

    Database db() {
        return db;
    }

    @Override
    public void close() throws IOException {
        db.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                if (Files.isRegularFile(p) && !dir.relativize(p).startsWith("native")) { // not the library
                    System.out.println(owner + ": " + dir.relativize(p) + " is " + Files.size(p) + " bytes");
                }
                Files.delete(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
