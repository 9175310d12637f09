package org.pbxauth.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConfig.JournalMode;
import org.sqlite.SQLiteConfig.SynchronousMode;
import org.sqlite.SQLiteConfig.TransactionMode;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The embedded store's file, {@code <data>/pbx-auth.db}, and how each kind of connection opens
 * it. Every PRAGMA is a driver property (SQLiteConfig), which sqlite-jdbc applies to each new
 * connection: HikariCP's connectionInitSql would run only the first statement of a list.
 */
final class SqliteFile {
    static final String FILE = "pbx-auth.db";
    /** The H2 file of pbx-auth before SQLite; found alone, it means an old data folder. */
    static final String OLD_H2_FILE = "pbx-auth.mv.db";
    /** How long a write waits for a lock another process (the CLI, a copy) holds, before it fails. */
    static final int BUSY_TIMEOUT_MS = 10_000;
    /** The WAL is cut back to this size whenever it is reset after a checkpoint. */
    static final int WAL_SIZE_LIMIT = 64 << 20;

    final Path dataDir;
    final Path file;
    final String url;
    private final SynchronousMode synchronous;

    private SqliteFile(Path dataDir, SynchronousMode synchronous) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.file = this.dataDir.resolve(FILE);
        this.url = "jdbc:sqlite:" + file;
        this.synchronous = synchronous;
    }

    /**
     * The file in {@code dataDir}, which is made when missing. Refuses, in one sentence each, a
     * folder that cannot be written and a folder holding only an old H2 database.
     */
    static SqliteFile in(Path dataDir, String synchronous, String nativeDir) {
        SqliteFile f = new SqliteFile(dataDir, "normal".equals(synchronous) ? SynchronousMode.NORMAL : SynchronousMode.FULL);
        try {
            Files.createDirectories(f.dataDir);
        } catch (IOException e) {
            throw new StoreException("cannot create the data folder " + f.dataDir + " (" + e + ")", e);
        }
        if (!Files.exists(f.file) && Files.exists(f.dataDir.resolve(OLD_H2_FILE))) {
            throw new StoreException("the data folder " + f.dataDir + " holds " + OLD_H2_FILE + ", the H2 database of "
                    + "an earlier pbx-auth, which this version cannot read (it keeps its data in SQLite, " + FILE
                    + "): start with another data folder, or move " + OLD_H2_FILE + " away to start this one empty", null);
        }
        extractNativeLibraryInto(nativeDir.isEmpty() ? f.dataDir.resolve("native") : Path.of(nativeDir));
        f.createOwnerOnly();
        return f;
    }

    /**
     * A new store's file is made here, empty (which SQLite takes for an empty database) and
     * readable by its owner only: it holds the users' password hashes and the hashed secrets,
     * and SQLite gives its -wal and -shm files the database file's permissions. SQLite itself
     * would make it readable by everyone (0644).
     */
    private void createOwnerOnly() {
        if (Files.exists(file)) {
            return;
        }
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException raced) {
            // another process made it first
        } catch (UnsupportedOperationException notPosix) {
            // not a POSIX file system: the folder's own permissions protect it, and SQLite makes the file
        } catch (IOException e) {
            throw new StoreException("cannot create " + file + " (" + e + "): is the data folder " + dataDir
                    + " writable by this user?", e);
        }
    }

    /**
     * sqlite-jdbc unpacks its native library on first use, by default into java.io.tmpdir, which
     * is often mounted noexec on servers; the library then fails to load. The data folder (or the
     * folder the operator names) is ours, and writable.
     */
    private static void extractNativeLibraryInto(Path folder) {
        if (System.getProperty("org.sqlite.tmpdir") != null) {
            return; // set by the operator (-D) or by an earlier store in this process
        }
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new StoreException("cannot create " + folder + " for SQLite's native library (" + e + ")", e);
        }
        System.setProperty("org.sqlite.tmpdir", folder.toAbsolutePath().toString());
    }

    /**
     * The one writing connection: WAL, so readers never wait for it; {@code synchronous=FULL}
     * syncs the WAL at every commit, so an answered grant survives a power cut; BEGIN IMMEDIATE,
     * so a transaction takes the write lock when it starts (waiting under busy_timeout) instead of
     * failing with SQLITE_BUSY when it first writes; no automatic checkpoints, which would run in
     * the committing thread and stretch that grant's answer: {@link SqliteCheckpoints} runs them.
     */
    SQLiteConfig writer() {
        SQLiteConfig c = common();
        c.setJournalMode(JournalMode.WAL);
        c.setSynchronous(synchronous);
        c.setTransactionMode(TransactionMode.IMMEDIATE);
        c.setWalAutocheckpoint(0);
        c.setCacheSize(-8192); // KiB: 8 MiB of pages for the indexes the grants write into
        return c;
    }

    /** A connection of the request path's read pool: opened read-only, so it can never take the write lock. */
    SQLiteConfig reader() {
        SQLiteConfig c = common();
        c.setReadOnly(true);
        return c;
    }

    /** A connection of the admin tools (migrations, copy, checkpoints): writes like the writer, checkpoints left on. */
    SQLiteConfig admin() {
        SQLiteConfig c = writer();
        c.setWalAutocheckpoint(1000);
        return c;
    }

    private static SQLiteConfig common() {
        SQLiteConfig c = new SQLiteConfig();
        c.enforceForeignKeys(true);
        c.setBusyTimeout(BUSY_TIMEOUT_MS);
        c.setJournalSizeLimit(WAL_SIZE_LIMIT);
        return c;
    }

    SQLiteDataSource dataSource(SQLiteConfig config) {
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl(url);
        return ds;
    }

    /**
     * Opens the file once before anything else and checks that it is a sound SQLite database
     * (quick_check reads every page): a damaged file stops the start with one line, instead of
     * a server that answers 500 to whatever touches the damage.
     */
    void check() {
        try (Connection c = dataSource(admin()).getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA quick_check")) {
            String verdict = rs.next() ? rs.getString(1) : "no answer";
            if (!"ok".equals(verdict)) {
                throw new StoreException(file + " is damaged (SQLite's quick_check: " + verdict + "); restore it "
                        + "from a backup, or move it away to start empty", null);
            }
        } catch (SQLException e) {
            throw explain(e);
        }
    }

    /** One line saying what is wrong with the file or folder, from SQLite's result code. */
    StoreException explain(SQLException e) {
        SQLiteErrorCode code = e instanceof SQLiteException s ? s.getResultCode() : null;
        String what;
        if (code == SQLiteErrorCode.SQLITE_NOTADB || code == SQLiteErrorCode.SQLITE_CORRUPT) {
            what = file + " is not a SQLite database, or is damaged; restore it from a backup, or move it away to start empty";
        } else if (code != null && code.name().startsWith("SQLITE_CANTOPEN")) {
            what = "cannot open or create " + file + ": is the data folder " + dataDir + " writable by this user?";
        } else if (code != null && (code.name().startsWith("SQLITE_READONLY") || code.name().startsWith("SQLITE_PERM"))) {
            what = "cannot write " + file + " (read-only file or folder " + dataDir + ")";
        } else if (code != null && code.name().startsWith("SQLITE_FULL")) {
            what = "the disk holding " + file + " is full";
        } else {
            what = "cannot open the SQLite database " + file + ": " + e.getMessage();
        }
        return new StoreException(what, e);
    }
}
