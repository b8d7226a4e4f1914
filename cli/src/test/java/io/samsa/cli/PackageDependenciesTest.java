package io.samsa.cli;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.samsa.cli.perf.PerfSession;
import io.samsa.testsupport.ModulePackages;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cli module's packages depend on each other in one direction: the commands use the perf session, never the
 * reverse. Checks the main classes of this module only, read from the directory its classes were loaded from.
 */
class PackageDependenciesTest {
    private static final JavaClasses MAIN = ModulePackages.mainClassesOf(Samsa.class);

    @Test
    void readsTheModulesMainClasses() {
        assertThat(MAIN.contain(Samsa.class)).isTrue();
        assertThat(MAIN.contain(PerfSession.class)).isTrue();
        assertThat(MAIN.contain(PackageDependenciesTest.class)).isFalse();
    }

    @Test
    void packagesAreFreeOfCycles() {
        ModulePackages.assertFreeOfCycles(MAIN);
    }
}
