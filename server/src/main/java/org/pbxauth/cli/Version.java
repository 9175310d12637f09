package org.pbxauth.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code pbx-auth -V}: the version and the commit the jar was built from (pbx-auth-git.properties). */
public final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {line()};
    }

    /** {@code pbx-auth 0.1.0 (commit 1a2b3c4, 2026-12-07T12:00:00Z)}, "-dirty" after the id for uncommitted changes. */
    public static String line() {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("/pbx-auth-git.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // the same as a build without the file: the commit is unknown
        }
        String version = p.getProperty("git.build.version", "0.1.0-SNAPSHOT");
        String commit = p.getProperty("git.commit.id.abbrev");
        if (commit == null || commit.isBlank()) {
            return "pbx-auth " + version + " (commit unknown)";
        }
        String dirty = "true".equals(p.getProperty("git.dirty")) ? "-dirty" : "";
        return "pbx-auth " + version + " (commit " + commit + dirty + ", " + p.getProperty("git.commit.time", "?") + ")";
    }
}
