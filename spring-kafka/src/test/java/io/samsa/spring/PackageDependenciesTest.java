package io.samsa.spring;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.samsa.testsupport.ModulePackages;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module reaches Samsa only through {@code SamsaKafkaProducer} (Apache's API), never the Samsa producer's own
 * packages, so that what Spring applications get is exactly what {@code samsa-kafka-clients} offers; and it uses
 * Spring Kafka's public API, not its internals. Checks this module's main classes only.
 */
class PackageDependenciesTest {
    private static final JavaClasses MAIN = ModulePackages.mainClassesOf(SamsaProducerFactory.class);

    @Test
    void readsTheModulesMainClasses() {
        assertThat(MAIN.contain(SamsaProducerFactory.class)).isTrue();
        assertThat(MAIN.contain(PackageDependenciesTest.class)).isFalse();
    }

    @Test
    void packagesAreFreeOfCycles() {
        ModulePackages.assertFreeOfCycles(MAIN);
    }

    @Test
    void onlyTheAdapterAndPublicApis() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.samsa.clients..", "io.samsa.common..",
                        "io.samsa.sender..", "io.samsa.network..", "io.samsa.protocol..",
                        "org.springframework.kafka.support.internal..",
                        "org.apache.kafka.clients.producer.internals..", "org.apache.kafka.common.utils..")
                .because("Spring applications get Samsa through Apache's Producer interface, as samsa-kafka-clients"
                        + " gives it")
                .check(MAIN);
    }
}
