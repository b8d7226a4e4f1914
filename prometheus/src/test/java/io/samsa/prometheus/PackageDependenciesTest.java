package io.samsa.prometheus;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.samsa.testsupport.ModulePackages;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module reads producers through the public API only ({@code Producer#metrics()}, {@code MetricName},
 * {@code Metric}), so it works with any producer and never with internals that change. Checks this module's main
 * classes only.
 */
class PackageDependenciesTest {
    private static final JavaClasses MAIN = ModulePackages.mainClassesOf(SamsaCollector.class);

    @Test
    void readsTheModulesMainClasses() {
        assertThat(MAIN.contain(SamsaCollector.class)).isTrue();
        assertThat(MAIN.contain(PackageDependenciesTest.class)).isFalse();
    }

    @Test
    void packagesAreFreeOfCycles() {
        ModulePackages.assertFreeOfCycles(MAIN);
    }

    @Test
    void onlyTheProducersPublicApi() {
        noClasses().should().dependOnClassesThat(resideInAPackage("io.samsa..").and(not(resideInAnyPackage(
                        "io.samsa.prometheus", "io.samsa.clients.producer", "io.samsa.common"))))
                .because("metrics are read through Producer#metrics(), the API every producer offers")
                .check(MAIN);
    }
}
