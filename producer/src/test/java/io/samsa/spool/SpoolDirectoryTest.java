package io.samsa.spool;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.samsa.spool.SpoolFixtures.osPolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** The spool's directory: creating it, refusing what cannot be used, and the lock against a second producer. */
class SpoolDirectoryTest {
    @TempDir
    Path root;

    @Test
    void createsAMissingDirectoryAndItsParents() throws Exception {
        Path dir = root.resolve("a/b/spool");
        try (SpoolLog spool = SpoolLog.open(dir, osPolicy().build())) {
            assertThat(spool.directory()).isEqualTo(dir);
            assertThat(Files.isDirectory(dir)).isTrue();
            assertThat(dir.resolve("00000000000000000000.log")).exists();
            assertThat(Files.readString(dir.resolve("lock"))).contains("pid " + ProcessHandle.current().pid());
        }
    }

    @Test
    void aSecondOpenInTheSameJvmIsRefusedUntilTheFirstCloses() throws Exception {
        Path dir = root.resolve("spool");
        try (SpoolLog first = SpoolLog.open(dir, osPolicy().build())) {
            first.append((byte) 0, SpoolFixtures.utf8("kept"));
            assertThatThrownBy(() -> SpoolLog.open(dir, osPolicy().build()))
                    .isInstanceOf(SpoolLockedException.class)
                    .hasMessageContaining(dir.toString())
                    .hasMessageContaining("pid " + ProcessHandle.current().pid());
            // The refused open must not have disturbed the holder.
            first.append((byte) 0, SpoolFixtures.utf8("still fine"));
        }
        try (SpoolLog again = SpoolLog.open(dir, osPolicy().build())) {
            assertThat(SpoolFixtures.readAll(again)).hasSize(2);
        }
    }

    @Test
    void anOpenWhileAnotherJvmHoldsTheDirectoryIsRefusedNamingItsPid() throws Exception {
        Path dir = root.resolve("spool");
        Process child = new ProcessBuilder(javaExecutable(), "-cp", childClasspath(), LockHolder.class.getName(),
                dir.toString()).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8));
            List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
            CompletableFuture<Boolean> locked = CompletableFuture.supplyAsync(() -> {
                try {
                    for (String line; (line = out.readLine()) != null; ) {
                        lines.add(line);
                        if (line.equals("LOCKED")) {
                            return true;
                        }
                    }
                    return false;
                } catch (java.io.IOException e) {
                    return false;
                }
            });
            assertThat(locked.get(60, TimeUnit.SECONDS)).as("child output: %s", lines).isTrue();

            assertThatThrownBy(() -> SpoolLog.open(dir, osPolicy().build()))
                    .isInstanceOf(SpoolLockedException.class)
                    .hasMessageContaining(dir.toString())
                    .hasMessageContaining("locked by another process (pid " + child.pid() + " on ");

            child.getOutputStream().close();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).isZero();
            try (SpoolLog spool = SpoolLog.open(dir, osPolicy().build())) {
                assertThat(spool.endPosition()).isZero();
            }
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void aPathThatIsAFileIsRefused() throws Exception {
        Path file = Files.writeString(root.resolve("plain"), "x");
        assertThatThrownBy(() -> SpoolLog.open(file, osPolicy().build()))
                .isInstanceOf(SpoolException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not a directory");
        Path below = file.resolve("spool");
        assertThatThrownBy(() -> SpoolLog.open(below, osPolicy().build()))
                .isInstanceOf(SpoolException.class)
                .hasMessageContaining("cannot create spool directory " + below);
    }

    @Test
    void anUnwritableDirectoryIsRefusedNamingIt() throws Exception {
        Path dir = Files.createDirectory(root.resolve("readonly"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeFalse(Files.isWritable(dir), "permissions do not restrict this user (running as root?), so an "
                    + "unwritable directory cannot be made here");
            assertThatThrownBy(() -> SpoolLog.open(dir, osPolicy().build()))
                    .isInstanceOf(SpoolException.class)
                    .hasMessageContaining(dir.toString())
                    .hasMessageContaining("not writable");
            assertThatThrownBy(() -> SpoolLog.open(dir.resolve("sub"), osPolicy().build()))
                    .isInstanceOf(SpoolException.class)
                    .hasMessageContaining("permission denied");
        } finally {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The spool's classes, this test's, and slf4j-api: all LockHolder needs. */
    private static String childClasspath() throws URISyntaxException {
        List<String> entries = new ArrayList<>();
        for (Class<?> c : List.of(SpoolLog.class, LockHolder.class, LoggerFactory.class)) {
            entries.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        }
        return String.join(File.pathSeparator, entries);
    }
}
