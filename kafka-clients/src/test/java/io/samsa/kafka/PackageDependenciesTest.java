package io.samsa.kafka;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.samsa.testsupport.ModulePackages;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module uses kafka-clients' public API only, so that the application's own kafka-clients release serves: never
 * the producer's internals nor the protocol's error table, which change between releases. Checks this module's main
 * classes only.
 */
class PackageDependenciesTest {
    private static final JavaClasses MAIN = ModulePackages.mainClassesOf(SamsaKafkaProducer.class);

    @Test
    void readsTheModulesMainClasses() {
        assertThat(MAIN.contain(SamsaKafkaProducer.class)).isTrue();
        assertThat(MAIN.contain(PackageDependenciesTest.class)).isFalse();
    }

    @Test
    void packagesAreFreeOfCycles() {
        ModulePackages.assertFreeOfCycles(MAIN);
    }

    @Test
    void onlyKafkaClientsPublicApi() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "org.apache.kafka.clients.producer.internals..", "org.apache.kafka.common.protocol..",
                        "org.apache.kafka.common.requests..", "org.apache.kafka.common.record..",
                        "org.apache.kafka.common.utils..", "org.apache.kafka.common.message..")
                .because("kafka-clients' internals change between releases; the application's own release must serve")
                .check(MAIN);
    }
}
