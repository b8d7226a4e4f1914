package io.samsa.testsupport;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

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

    /** Fails, naming each cycle, when packages under {@code io.samsa} import each other in a circle. */
    public static void assertFreeOfCycles(JavaClasses classes) {
        slices().matching("io.samsa.(**)").should().beFreeOfCycles().check(classes);
    }
}
