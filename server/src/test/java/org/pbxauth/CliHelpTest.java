package org.pbxauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Issue 17: every command and subcommand answers {@code --help} (exit 0, its usage), and
 * {@code -V} prints the version and the commit. The test walks picocli's own command tree, so a
 * command added later is covered without a line here.
 */
class CliHelpTest {
    @Test
    void everyCommandAnswersHelp() {
        List<List<String>> paths = new ArrayList<>();
        walk(new CommandLine(new Main()), new ArrayList<>(), paths);
        assertThat(paths).extracting(p -> String.join(" ", p))
                .contains("", "serve", "demo", "customer", "customer list", "customer set", "user", "app", "db copy");
        for (List<String> path : paths) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            InProcessCli.Result r = InProcessCli.exactly(null, args.toArray(String[]::new));
            assertThat(r.exit()).as("pbx-auth %s --help: %s", String.join(" ", path), r).isZero();
            assertThat(r.out()).as("pbx-auth %s --help", String.join(" ", path)).contains("Usage: pbx-auth");
            assertThat(r.err()).as("pbx-auth %s --help", String.join(" ", path)).isEmpty();
        }
    }

    @Test
    void versionNamesTheCommit() {
        for (String[] args : new String[][] {{"-V"}, {"--version"}, {"serve", "-V"}, {"customer", "list", "-V"}}) {
            InProcessCli.Result r = InProcessCli.exactly(null, args);
            assertThat(r.exit()).as(String.join(" ", args)).isZero();
            // the build writes the commit (git-commit-id); only a build outside git says "commit unknown"
            String commit = insideGit() ? "[0-9a-f]{7,}(-dirty)?, \\S+" : "unknown";
            assertThat(r.out().trim()).matches("pbx-auth \\S+ \\(commit " + commit + "\\)");
        }
    }

    /** Whether this build runs in a git work tree (a clone; a source tarball is not). */
    private static boolean insideGit() {
        for (java.nio.file.Path p = java.nio.file.Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (java.nio.file.Files.exists(p.resolve(".git"))) {
                return true;
            }
        }
        return false;
    }

    private static void walk(CommandLine cmd, List<String> path, List<List<String>> out) {
        out.add(path);
        cmd.getSubcommands().forEach((name, sub) -> {
            if (sub.getCommandSpec().aliases().length > 0 && !sub.getCommandName().equals(name)) {
                return; // an alias of a command already walked
            }
            List<String> next = new ArrayList<>(path);
            next.add(name);
            walk(sub, next, out);
        });
    }
}
