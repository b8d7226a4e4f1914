package io.samsa.kafka.embedded;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kafka-embedded module's packages depend on each other in one direction: no cycles. Checks the main classes
 * of this module only, read from the directory its classes were loaded from.
 */
class PackageDependenciesTest {
    private static final JavaClasses MAIN = mainClasses();

    private static JavaClasses mainClasses() {
        try {
            Path root = Path.of(EmbeddedKafkaCluster.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPath(root);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void readsTheModulesMainClasses() {
        assertThat(MAIN.contain(EmbeddedKafkaCluster.class)).isTrue();
        assertThat(MAIN.contain("io.samsa.kafka.embedded.fork.NodeMain")).isTrue();
        assertThat(MAIN.contain(PackageDependenciesTest.class)).isFalse();
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("io.samsa.(**)").should().beFreeOfCycles().check(MAIN);
    }
}
