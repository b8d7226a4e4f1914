package io.samsa.prometheus;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.samsa.micrometer.SamsaMeterBinder;
import io.samsa.testsupport.ModulePackages;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module reads producers through the public API only ({@code Producer#metrics()}, {@code MetricName},
 * {@code Metric}), so it works with any producer and never with internals that change; and each integration stands
 * alone: the Prometheus package never touches Micrometer (a provided dependency, absent for Prometheus users), the
 * Micrometer package never the Prometheus client. Checks this module's main classes only.
 */
class PackageDependenciesTest {
    private static final JavaClasses MAIN = ModulePackages.mainClassesOf(SamsaCollector.class);

    @Test
    void readsTheModulesMainClasses() {
        assertThat(MAIN.contain(SamsaCollector.class)).isTrue();
        assertThat(MAIN.contain(SamsaMeterBinder.class)).isTrue();
        assertThat(MAIN.contain(PackageDependenciesTest.class)).isFalse();
    }

    @Test
    void packagesAreFreeOfCycles() {
        ModulePackages.assertFreeOfCycles(MAIN);
    }

    @Test
    void onlyTheProducersPublicApi() {
        noClasses().should().dependOnClassesThat(resideInAPackage("io.samsa..").and(not(resideInAnyPackage(
                        "io.samsa.prometheus", "io.samsa.micrometer", "io.samsa.clients.producer",
                        "io.samsa.common"))))
                .because("metrics are read through Producer#metrics(), the API every producer offers")
                .check(MAIN);
    }

    @Test
    void eachIntegrationStandsAlone() {
        noClasses().that().resideInAPackage("io.samsa.prometheus..").should().dependOnClassesThat()
                .resideInAnyPackage("io.micrometer..", "io.samsa.micrometer..")
                .because("Micrometer is a provided dependency that Prometheus users do not have")
                .check(MAIN);
        noClasses().that().resideInAPackage("io.samsa.micrometer..").should().dependOnClassesThat()
                .resideInAnyPackage("io.prometheus..", "io.samsa.prometheus..")
                .because("Micrometer users bind meters to their own registry, whatever it exports to")
                .check(MAIN);
    }
}
