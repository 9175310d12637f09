package org.pbxauth.cli;

import java.util.concurrent.Callable;
import org.pbxauth.config.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code pbx-auth settings}: every setting with its environment variable, default and meaning (Markdown). */
@Command(name = "settings", description = "Print every setting: name, environment variable, default, meaning.")
public final class SettingsCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        out.println("| setting | environment | default | meaning |");
        out.println("| --- | --- | --- | --- |");
        Settings.REFERENCE.forEach((name, spec) -> out.printf("| `%s` | `%s` | %s | %s |%n",
                name, Settings.envName(name), spec[0].isEmpty() ? "—" : "`" + spec[0] + "`", spec[1]));
        return 0;
    }
}
