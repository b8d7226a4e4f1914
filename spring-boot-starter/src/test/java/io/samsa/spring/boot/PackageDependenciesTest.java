package io.samsa.spring.boot;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.samsa.testsupport.ModulePackages;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter reaches Samsa through {@code samsa-spring-kafka} and {@code SamsaKafkaProducer}, plus the one
 * producer SPI it implements ({@code io.samsa.security.SslEngineProvider}), never the producer's internals; and
 * Spring Boot and Spring Kafka through their public API. Checks this module's main classes only.
 */
class PackageDependenciesTest {
    private static final JavaClasses MAIN = ModulePackages.mainClassesOf(SamsaProducerAutoConfiguration.class);

    @Test
    void readsTheModulesMainClasses() {
        assertThat(MAIN.contain(SamsaProducerAutoConfiguration.class)).isTrue();
        assertThat(MAIN.contain(PackageDependenciesTest.class)).isFalse();
    }

    @Test
    void onlyTheAdapterAndPublicApis() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.samsa.clients..", "io.samsa.common..",
                        "io.samsa.sender..", "io.samsa.network..", "io.samsa.protocol..", "io.samsa.spool..",
                        "org.springframework.kafka.support.internal..",
                        "org.apache.kafka.clients.producer.internals..", "org.apache.kafka.common.utils..")
                .because("Boot applications get Samsa as samsa-spring-kafka gives it")
                .check(MAIN);
    }
}
