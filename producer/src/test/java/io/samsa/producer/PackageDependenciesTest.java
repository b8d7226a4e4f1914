package io.samsa.producer;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.samsa.config.ConfigDef;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The producer module's packages depend on each other in one direction: no cycles, and the configuration layer
 * below the public API. Checks the main classes of this module only, read from the directory its classes were
 * loaded from.
 */
class PackageDependenciesTest {
    private static final JavaClasses MAIN = mainClasses();

    private static JavaClasses mainClasses() {
        try {
            Path root = Path.of(ProducerConfig.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPath(root);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void readsTheModulesMainClasses() {
        assertThat(MAIN.contain(KafkaProducer.class)).isTrue();
        assertThat(MAIN.contain(ConfigDef.class)).isTrue();
        assertThat(MAIN.contain(PackageDependenciesTest.class)).isFalse();
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("io.samsa.(**)").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void configDoesNotDependOnTheProducer() {
        noClasses().that().resideInAPackage("io.samsa.config..")
                .should().dependOnClassesThat().resideInAPackage("io.samsa.producer..")
                .because("io.samsa.config sits below the public API: it parses, validates and renders whatever "
                        + "ConfigDef it is given")
                .check(MAIN);
    }
}
