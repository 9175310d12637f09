package org.pbxauth;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The pbx-auth command line run in-process against a test server's store (the CLI opens the same
 * SQLite file, or the same PostgreSQL database, while the server runs). Main.run prints through
 * picocli's default writers, which wrap System.out and System.err when the command runs, so both
 * are swapped for buffers meanwhile, and System.in for the given input.
 */
final class InProcessCli {
    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + ", out: " + out + ", err: " + err;
        }
    }

    private InProcessCli() {}

    /** {@code args}, then {@code --data dir} (and {@code --db} when the suite runs on PostgreSQL), with {@code stdin}. */
    static synchronized Result withStdin(Path data, String stdin, String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.add("--data");
        all.add(data.toString());
        if (TestDatabases.isPostgres()) {
            all.add("--db");
            all.add(TestDatabases.databaseFor(data));
        }
        return exactly(stdin, all.toArray(String[]::new));
    }

    /** Exactly {@code args}, nothing added, with {@code stdin} (may be null). */
    static synchronized Result exactly(String stdin, String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        InputStream oldIn = System.in;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            System.setIn(new ByteArrayInputStream(stdin == null ? new byte[0] : stdin.getBytes(StandardCharsets.UTF_8)));
            int exit = Main.run(args);
            System.out.flush();
            System.err.flush();
            return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            System.setIn(oldIn);
        }
    }

    static Result run(Path data, String... args) {
        return withStdin(data, null, args);
    }
}
