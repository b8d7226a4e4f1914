package io.samsa.clients.producer;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.samsa.common.config.ConfigDef;
import io.samsa.testsupport.ModulePackages;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The producer module's packages depend on each other in one direction: no cycles, and the configuration layer
 * below the public API. Checks the main classes of this module only, read from the directory its classes were
 * loaded from.
 */
class PackageDependenciesTest {
    private static final JavaClasses MAIN = ModulePackages.mainClassesOf(ProducerConfig.class);

    @Test
    void readsTheModulesMainClasses() {
        assertThat(MAIN.contain(KafkaProducer.class)).isTrue();
        assertThat(MAIN.contain(ConfigDef.class)).isTrue();
        assertThat(MAIN.contain(PackageDependenciesTest.class)).isFalse();
    }

    @Test
    void packagesAreFreeOfCycles() {
        ModulePackages.assertFreeOfCycles(MAIN);
    }

    @Test
    void configDoesNotDependOnTheProducer() {
        noClasses().that().resideInAPackage("io.samsa.common.config..")
                .should().dependOnClassesThat().resideInAPackage("io.samsa.clients.producer..")
                .because("io.samsa.common.config sits below the public API: it parses, validates and renders whatever "
                        + "ConfigDef it is given")
                .check(MAIN);
    }
}
