package io.samsa.protocol;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.samsa.protocol.record.RecordBatch;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The protocol module's packages depend on each other in one direction: no cycles, and each layer uses only the
 * layers below it (errors, then the primitive types, then the record codec, then the messages). Checks the main
 * classes of this module only, read from the directory its classes were loaded from.
 */
class PackageDependenciesTest {
    private static final JavaClasses MAIN = mainClasses();

    private static JavaClasses mainClasses() {
        try {
            Path root = Path.of(ApiKey.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPath(root);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void readsTheModulesMainClasses() {
        assertThat(MAIN.contain(ApiKey.class)).isTrue();
        assertThat(MAIN.contain(RecordBatch.class)).isTrue();
        assertThat(MAIN.contain(PackageDependenciesTest.class)).isFalse();
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("io.samsa.(**)").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void eachLayerUsesOnlyTheLayersBelowIt() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("errors").definedBy("io.samsa.errors..")
                .layer("types").definedBy("io.samsa.protocol.types..")
                .layer("record codec").definedBy("io.samsa.protocol.record..")
                .layer("messages").definedBy("io.samsa.protocol")
                .whereLayer("messages").mayNotBeAccessedByAnyLayer()
                .whereLayer("record codec").mayOnlyBeAccessedByLayers("messages")
                .whereLayer("types").mayOnlyBeAccessedByLayers("record codec", "messages")
                .check(MAIN);
    }
}
