package io.samsa.cli;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.samsa.cli.perf.PerfSession;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cli module's packages depend on each other in one direction: the commands use the perf session, never the
 * reverse. Checks the main classes of this module only, read from the directory its classes were loaded from.
 */
class PackageDependenciesTest {
    private static final JavaClasses MAIN = mainClasses();

    private static JavaClasses mainClasses() {
        try {
            Path root = Path.of(Samsa.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPath(root);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void readsTheModulesMainClasses() {
        assertThat(MAIN.contain(Samsa.class)).isTrue();
        assertThat(MAIN.contain(PerfSession.class)).isTrue();
        assertThat(MAIN.contain(PackageDependenciesTest.class)).isFalse();
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("io.samsa.(**)").should().beFreeOfCycles().check(MAIN);
    }
}
