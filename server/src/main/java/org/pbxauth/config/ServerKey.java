package org.pbxauth.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/** The key of the app-secret hashes: from the settings, else from (or first written to) the data folder. */
public final class ServerKey {
    private static final String FILE = "server.key";

    private ServerKey() {}

    public static byte[] resolve(Settings settings) {
        if (!settings.serverKey().isEmpty()) {
            return decode(settings.serverKey(), "server-key");
        }
        Path file = settings.dataDir().resolve(FILE);
        try {
            Files.createDirectories(settings.dataDir());
            if (!Files.exists(file)) {
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                write(file, HexFormat.of().formatHex(key));
            }
            return decode(Files.readString(file).trim(), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the server key " + file, e);
        }
    }

    private static void write(Path file, String hex) throws IOException {
        Path tmp = file.resolveSibling(FILE + ".tmp");
        Files.writeString(tmp, hex + "\n");
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system: the folder's own permissions protect it
        }
        try {
            Files.move(tmp, file); // not replacing: a key another process wrote first wins
        } catch (FileAlreadyExistsException raced) {
            Files.deleteIfExists(tmp);
        }
    }

    private static byte[] decode(String hex, String where) {
        try {
            byte[] key = HexFormat.of().parseHex(hex);
            if (key.length >= 32) {
                return key;
            }
        } catch (IllegalArgumentException ignored) {
            // fall through to the one message below
        }
        throw new SettingsException("server-key", "must be at least 64 hex characters (read from " + where + ")");
    }
}
