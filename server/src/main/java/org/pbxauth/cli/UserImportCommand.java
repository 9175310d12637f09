package org.pbxauth.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.pbxauth.Services;
import org.pbxauth.directory.DirectoryException;
import org.pbxauth.directory.NewUser;
import org.pbxauth.directory.PasswordHasher;
import org.pbxauth.directory.Tenant;
import org.pbxauth.directory.UserLevel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code pbx-auth user import}: users with password hashes from another system (Argon2id,
 * bcrypt, PBKDF2); a legacy hash is replaced by Argon2id at the user's next successful login.
 */
@Command(name = "import", description = "Import users from a CSV file: login,password_hash[,level[,admin[,timezone]]]. "
        + "Hashes: Argon2id (PHC), bcrypt ($2a$/$2b$/$2y$), PBKDF2 ($pbkdf2-sha256$… or pbkdf2_sha256$…). "
        + "Every line is checked before any user is added; existing logins are skipped.")
final class UserImportCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DataOptions data;
    @Option(names = "--customer", required = true, description = "customer name") String customer;
    @Parameters(index = "0", description = "CSV file") Path file;

    @Override
    public Integer call() {
        List<Row> rows = parse(file);
        int added = 0;
        int skipped = 0;
        try (Services s = data.open()) {
            Tenant t = DataOptions.customer(s, customer);
            for (Row r : rows) {
                if (s.users().findByLogin(t.id(), r.login()).isPresent()) {
                    skipped++;
                    continue;
                }
                s.users().create(new NewUser(t.id(), r.login(), r.level(), r.admin(), r.timezone(), null, null, r.hash()));
                added++;
            }
            spec.commandLine().getOut().printf("imported %d users into '%s', skipped %d existing logins%n",
                    added, t.name(), skipped);
        }
        return 0;
    }

    /**
     * The fields of a line: split at commas, except inside double quotes and inside an Argon2id
     * PHC string, whose parameters ({@code m=19456,t=2,p=1}) hold commas of their own.
     */
    static String[] fields(String line) {
        java.util.List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted && !insidePhcParameters(field)) {
                out.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        out.add(field.toString());
        return out.toArray(new String[0]);
    }

    /** True while {@code field} is an Argon2 PHC string cut inside its "m=…,t=…,p=…" segment. */
    private static boolean insidePhcParameters(CharSequence field) {
        String f = field.toString();
        return f.startsWith("$argon2") && f.chars().filter(ch -> ch == '$').count() == 3;
    }

    private record Row(String login, String hash, UserLevel level, boolean admin, String timezone) {}

    private static List<Row> parse(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#") || (i == 0 && line.startsWith("login,"))) {
                continue;
            }
            String[] f = fields(line);
            String where = file.getFileName() + " line " + (i + 1) + ": ";
            if (f.length < 2 || f.length > 5) {
                throw DirectoryException.invalid(where + "expected login,password_hash[,level[,admin[,timezone]]]");
            }
            if (!f[0].matches("[A-Za-z0-9._@+-]{1,100}")) {
                throw DirectoryException.invalid(where + "a login has 1 to 100 of A-Z a-z 0-9 . _ @ + -");
            }
            if (!PasswordHasher.isAcceptedHash(f[1])) {
                throw DirectoryException.invalid(where + "the password hash is not Argon2id, bcrypt or PBKDF2");
            }
            UserLevel level = f.length > 2 && !f[2].isBlank() ? UserLevel.parse(f[2].strip()) : UserLevel.EXTENSION;
            boolean admin = f.length > 3 && f[3].strip().equalsIgnoreCase("true");
            String tz = f.length > 4 && !f[4].isBlank() ? f[4].strip() : "UTC";
            rows.add(new Row(f[0], f[1], level, admin, tz));
        }
        return rows;
    }
}
