package org.pbxauth.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.pbxauth.directory.DirectoryException;
import org.pbxauth.secrets.Secret;

/** Reads a password from the terminal or standard input: never from the command line, where ps shows it. */
final class Passwords {
    private Passwords() {}

    static Secret read(boolean fromStdin, String login) {
        Secret password = readRaw(fromStdin, login);
        if (password.reveal().length() < 8 || password.reveal().length() > 1024) {
            throw DirectoryException.invalid("a password has 8 to 1024 characters");
        }
        return password;
    }

    private static Secret readRaw(boolean fromStdin, String login) {
        Console console = System.console();
        if (!fromStdin && console != null) {
            char[] typed = console.readPassword("password for %s: ", login);
            if (typed == null) {
                throw DirectoryException.invalid("no password given");
            }
            return Secret.of(new String(typed));
        }
        try {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null) {
                throw DirectoryException.invalid("no password on standard input (use --password-stdin)");
            }
            return Secret.of(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
