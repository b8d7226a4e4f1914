package io.samsa.testsupport;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

import java.net.URISyntaxException;
import java.nio.file.Path;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Package rules every module's main code keeps, checked by a {@code PackageDependenciesTest} in each module: the
 * module's own main classes (never its tests, never another module's), and no package cycle among them.
 */
public final class ModulePackages {
    private ModulePackages() {
    }

    /**
     * The main classes of the module {@code anchor} belongs to, read from the directory or jar it was loaded from,
     * tests excluded.
     */
    public static JavaClasses mainClassesOf(Class<?> anchor) {
        try {
            Path root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
            return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPath(root);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the classes of " + anchor.getName(), e);
        }
    }

    /**
     * Fails, naming each cycle, when packages under {@code io.samsa} import each other in a circle.
     *
     * <p>{@code io.samsa.common} and {@code io.samsa.common.errors} count as one package: they mirror Apache
     * Kafka's, where the root {@code KafkaException} sits in {@code common}, every other exception in
     * {@code common.errors}, and {@code common.InvalidRecordException} extends one of those, so the two depend on
     * each other by design (and a program's imports port by one rule only if the classes stay where Apache has
     * them).
     */
    public static void assertFreeOfCycles(JavaClasses classes) {
        slices().assignedFrom(PACKAGES).should().beFreeOfCycles().check(classes);
    }

    private static final SliceAssignment PACKAGES = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String pkg = javaClass.getPackageName();
            if (!pkg.startsWith("io.samsa.")) {
                return SliceIdentifier.ignore();
            }
            String name = pkg.substring("io.samsa.".length());
            return SliceIdentifier.of(name.equals("common.errors") ? "common" : name);
        }

        @Override
        public String getDescription() {
            return "packages under io.samsa (common and common.errors as one)";
        }
    };
}
