package io.samsa.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** Producer properties from the command line: {@code key=value} arguments and properties files. Stateless. */
public final class ClientProperties {
    private ClientProperties() {
    }

    /**
     * Parses {@code key=value} arguments in order (a later one wins).
     *
     * @param option the option's name, for the error message
     * @throws CliException naming the argument when it is not {@code key=value} with a non-empty key
     */
    public static Map<String, String> parse(String option, List<String> args) {
        Map<String, String> out = new LinkedHashMap<>();
        if (args == null) {
            return out;
        }
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq <= 0 || a.substring(0, eq).isBlank()) {
                throw new CliException("bad property syntax '" + a + "' for " + option + ": expected key=value");
            }
            out.put(a.substring(0, eq).trim(), a.substring(eq + 1));
        }
        return out;
    }

    /**
     * Reads a Java properties file.
     *
     * @throws CliException naming the file and the option when it cannot be read
     */
    public static Map<String, String> load(String option, Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (NoSuchFileException e) {
            throw new CliException(option + " file " + file + " does not exist");
        } catch (IOException | IllegalArgumentException e) {
            throw new CliException("cannot read " + option + " file " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String k : p.stringPropertyNames()) {
            out.put(k, p.getProperty(k));
        }
        return out;
    }
}
