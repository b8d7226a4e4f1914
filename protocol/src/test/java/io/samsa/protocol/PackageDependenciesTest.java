package io.samsa.protocol;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.samsa.protocol.record.RecordBatch;
import io.samsa.testsupport.ModulePackages;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The protocol module's packages depend on each other in one direction: no cycles, and each layer uses only the
 * layers below it (errors, then the primitive types, then the record codec, then the messages). Checks the main
 * classes of this module only, read from the directory its classes were loaded from.
 */
class PackageDependenciesTest {
    private static final JavaClasses MAIN = ModulePackages.mainClassesOf(ApiKey.class);

    @Test
    void readsTheModulesMainClasses() {
        assertThat(MAIN.contain(ApiKey.class)).isTrue();
        assertThat(MAIN.contain(RecordBatch.class)).isTrue();
        assertThat(MAIN.contain(PackageDependenciesTest.class)).isFalse();
    }

    @Test
    void packagesAreFreeOfCycles() {
        ModulePackages.assertFreeOfCycles(MAIN);
    }

    @Test
    void eachLayerUsesOnlyTheLayersBelowIt() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("common").definedBy("io.samsa.common..")
                .layer("types").definedBy("io.samsa.protocol.types..")
                .layer("record codec").definedBy("io.samsa.protocol.record..")
                .layer("messages").definedBy("io.samsa.protocol")
                .whereLayer("messages").mayNotBeAccessedByAnyLayer()
                .whereLayer("record codec").mayOnlyBeAccessedByLayers("messages")
                .whereLayer("types").mayOnlyBeAccessedByLayers("record codec", "messages")
                .check(MAIN);
    }
}
