package dev.jace.build;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** bin/jace: when it builds, what, and what it then runs, in a {@link LauncherCheckout}. */
class LauncherScriptTest {

    private static final String CLI_BUILD = "-B -q -ntp -DskipTests -pl java -am package (lock held)";
    private static final String BUNDLE_BUILD = "-B -q -ntp -DskipTests -pl java,bench -am package (lock held)";

    @TempDir
    Path dir;

    private LauncherCheckout checkout;

    @BeforeEach
    void checkout() throws Exception {
        checkout = LauncherCheckout.create(dir.resolve("jace"), dir);
    }

    /** The command is found past the global options: picocli takes {@code jace --verbose bundle DIR} too. */
    @Test
    void aBundleAfterGlobalOptionsIsBuiltAsABundle() throws Exception {
        Shell.Result bundle = checkout.jace("--verbose", "bundle", "out");

        assertEquals(0, bundle.exitCode(), bundle.output());
        assertEquals(List.of(BUNDLE_BUILD), checkout.mavenRuns());
        assertEquals(List.of("--verbose", "bundle", "out"), arguments(bundle));
        checkout.jace("--verbose", "bundle", "--help");
        checkout.jace("--verbose", "help", "bundle");
        assertEquals(List.of(BUNDLE_BUILD), checkout.mavenRuns(), "help is printed by the CLI alone");
    }

    @Test
    void theCliIsBuiltOnceThenRunAsBuilt() throws Exception {
        Shell.Result first = checkout.jace("info");
        Shell.Result second = checkout.jace("--verbose", "info");

        assertEquals(List.of(CLI_BUILD), checkout.mavenRuns(), first.output());
        assertEquals(List.of("info"), arguments(first));
        assertEquals(List.of("--verbose", "info"), arguments(second));
    }

    /** As a build cut short, or a partial clean, leaves it: the jar runs only with the jars beside it. */
    @Test
    void aMissingOrEmptyLibFolderIsBuiltAgain() throws Exception {
        checkout.jace("info");
        Path lib = checkout.root.resolve("java/target/lib");
        Files.delete(lib.resolve("picocli.jar"));
        checkout.jace("info");
        assertEquals(List.of(CLI_BUILD, CLI_BUILD), checkout.mavenRuns(), "an empty lib/");

        Files.delete(lib.resolve("picocli.jar"));
        Files.delete(lib);
        Shell.Result result = checkout.jace("info");
        assertEquals(List.of(CLI_BUILD, CLI_BUILD, CLI_BUILD), checkout.mavenRuns(), "no lib/");
        assertEquals(List.of("info"), arguments(result));
    }

    /** The arguments the stand-in java was given after the main class. */
    private static List<String> arguments(Shell.Result result) {
        List<String> lines = result.stdout().lines().toList();
        return lines.subList(lines.indexOf("dev.jace.cli.Main") + 1, lines.size());
    }
}
