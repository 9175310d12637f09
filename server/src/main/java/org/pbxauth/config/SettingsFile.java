package org.pbxauth.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A YAML settings file, nested or dotted ({@code token: {access-ttl: 3600s}} or
 * {@code token.access-ttl: 3600s}), flattened to setting names. Safe loading only: no YAML tag
 * can make objects.
 */
public final class SettingsFile {
    private SettingsFile() {}

    public static Map<String, String> read(Path file) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10);
        Object root;
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            root = new Yaml(new SafeConstructor(options)).load(in);
        } catch (IOException e) {
            throw new SettingsException("config", "cannot read " + file + ": " + e.getMessage());
        } catch (YAMLException e) {
            throw new SettingsException("config", "is not valid YAML (" + file + "): "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        Map<String, String> out = new LinkedHashMap<>();
        if (root == null) {
            return out;
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new SettingsException("config", "must be a YAML mapping of settings (" + file + ")");
        }
        flatten("", map, out);
        return out;
    }

    private static void flatten(String prefix, Map<?, ?> map, Map<String, String> out) {
        map.forEach((k, v) -> {
            String name = prefix + k;
            if (v instanceof Map<?, ?> nested) {
                flatten(name + ".", nested, out);
            } else {
                out.put(name, v == null ? "" : String.valueOf(v));
            }
        });
    }
}
