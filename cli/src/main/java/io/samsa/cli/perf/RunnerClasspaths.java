package io.samsa.cli.perf;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The classpaths of the runner JVMs. Samsa's runner gets this JVM's own classpath (Samsa, the harness,
 * HdrHistogram; no kafka-clients). Apache's runner gets the samsa-perf-apache jar plus the runtime classpath
 * that module wrote at build time ({@value #APACHE_RESOURCE}, local repository as a placeholder), or, in the
 * distribution, what the {@value #APACHE_PROPERTY} system property says; the kafka-clients adapter's runner the
 * same way from samsa-perf-adapter ({@value #ADAPTER_RESOURCE}, {@value #ADAPTER_PROPERTY}). So Apache's runner
 * never has Samsa on its classpath, and the adapter's has kafka-clients and Samsa but not the tool. Stateless.
 */
public final class RunnerClasspaths {
    static final String APACHE_RESOURCE = "META-INF/samsa/perf-apache.classpath";
    static final String APACHE_PROPERTY = "samsa.perf.apache.classpath";
    static final String ADAPTER_RESOURCE = "META-INF/samsa/perf-adapter.classpath";
    static final String ADAPTER_PROPERTY = "samsa.perf.adapter.classpath";
    static final String PLACEHOLDER = "@LOCAL_REPO@";

    private RunnerClasspaths() {
    }

    public static String samsa() {
        return System.getProperty("java.class.path");
    }

    /** @throws IOException when the Apache runner's jars cannot be found, naming the command that fetches them */
    public static String apache() throws IOException {
        return runner(APACHE_PROPERTY, APACHE_RESOURCE, "samsa-perf-apache", "Apache Kafka's producer");
    }

    /** @throws IOException when the adapter runner's jars cannot be found, naming the command that fetches them */
    public static String adapter() throws IOException {
        return runner(ADAPTER_PROPERTY, ADAPTER_RESOURCE, "samsa-perf-adapter", "samsa-kafka-clients");
    }

    /**
     * A runner's classpath: the system property if set, else the module's jar (where {@code resource} is found)
     * and the entries the resource lists, every one checked to exist.
     */
    private static String runner(String property, String resource, String module, String what) throws IOException {
        String override = System.getProperty(property);
        if (override != null && !override.isBlank()) {
            return override;
        }
        URL url = RunnerClasspaths.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new IOException("cannot run " + what + ": " + resource + " (from " + module + ") "
                    + "is not on the classpath; build the project with 'mvn -B -q install -DskipTests'");
        }
        List<String> entries = new ArrayList<>();
        entries.add(root(url, resource, module).toString());
        String text;
        try (InputStream in = url.openStream()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new IOException("cannot read " + url + ": " + e.getMessage(), e);
        }
        Path repo = localRepository();
        List<String> missing = new ArrayList<>();
        for (String e : text.split("\\|")) {
            if (e.isBlank()) {
                continue;
            }
            String path = e.trim().replace(PLACEHOLDER, repo.toString()).replace('/', File.separatorChar);
            if (!Files.exists(Path.of(path))) {
                missing.add(path);
            }
            entries.add(path);
        }
        if (!missing.isEmpty()) {
            throw new IOException("cannot run " + what + ": " + missing.size() + " jar(s) of its classpath "
                    + "are missing, e.g. " + missing.get(0) + "; fetch them with 'mvn -B -q install -DskipTests' "
                    + "(the local repository is " + repo + "; -Dmaven.repo.local overrides it)");
        }
        return String.join(File.pathSeparator, entries);
    }

    /** The jar or directory the resource lives in. */
    private static Path root(URL url, String resource, String module) throws IOException {
        try {
            if (url.getProtocol().equals("jar")) {
                JarURLConnection c = (JarURLConnection) url.openConnection();
                return Path.of(c.getJarFileURL().toURI());
            }
            Path p = Path.of(url.toURI());
            for (int i = 0; i < resource.split("/").length; i++) {
                p = p.getParent();
            }
            return p;
        } catch (IOException | URISyntaxException e) {
            throw new IOException("cannot locate " + module + " from " + url + ": " + e.getMessage(), e);
        }
    }

    /** The maven.repo.local property, else {@code <localRepository>} of ~/.m2/settings.xml, else ~/.m2/repository. */
    static Path localRepository() {
        String property = System.getProperty("maven.repo.local");
        if (property != null && !property.isBlank()) {
            return Path.of(property.trim()).toAbsolutePath();
        }
        Path home = Path.of(System.getProperty("user.home"));
        Path settings = home.resolve(".m2").resolve("settings.xml");
        if (Files.isRegularFile(settings)) {
            try {
                String xml = Files.readString(settings).replaceAll("(?s)<!--.*?-->", "");
                Matcher m = Pattern.compile("<localRepository>\\s*([^<]+?)\\s*</localRepository>").matcher(xml);
                if (m.find()) {
                    return Path.of(m.group(1).replace("${user.home}", home.toString())).toAbsolutePath();
                }
            } catch (IOException | RuntimeException e) {
                // unreadable settings are Maven's problem; use the default
            }
        }
        return home.resolve(".m2").resolve("repository");
    }
}
