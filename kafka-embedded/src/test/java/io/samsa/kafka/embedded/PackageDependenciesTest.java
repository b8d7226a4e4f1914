package io.samsa.kafka.embedded;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.samsa.testsupport.ModulePackages;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kafka-embedded module's packages depend on each other in one direction: no cycles. Checks the main classes
 * of this module only, read from the directory its classes were loaded from.
 */
class PackageDependenciesTest {
    private static final JavaClasses MAIN = ModulePackages.mainClassesOf(EmbeddedKafkaCluster.class);

    @Test
    void readsTheModulesMainClasses() {
        assertThat(MAIN.contain(EmbeddedKafkaCluster.class)).isTrue();
        assertThat(MAIN.contain("io.samsa.kafka.embedded.fork.NodeMain")).isTrue();
        assertThat(MAIN.contain(PackageDependenciesTest.class)).isFalse();
    }

    @Test
    void packagesAreFreeOfCycles() {
        ModulePackages.assertFreeOfCycles(MAIN);
    }
}
