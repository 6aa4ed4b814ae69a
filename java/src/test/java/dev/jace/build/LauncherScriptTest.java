package dev.jace.build;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /**
     * A source dated in the future (a clock set wrong, files unpacked from another machine's archive) stays newer than
     * each build, which must not make every call rebuild; a change to any source still does.
     */
    @Test
    void aSourceDatedInTheFutureIsBuiltOnceAndAgainOnlyWhenASourceChanges() throws Exception {
        Path future = checkout.root.resolve("native/jace.c");
        Files.setLastModifiedTime(future, FileTime.from(Instant.now().plus(Duration.ofDays(1))));
        Files.setLastModifiedTime(checkout.root.resolve("cuda/kernels.cu"),
                FileTime.from(Instant.now().plus(Duration.ofDays(3))));

        Shell.Result first = checkout.jace("info");
        checkout.jace("info");
        assertEquals(List.of(CLI_BUILD), checkout.mavenRuns(), first.output());
        assertTrue(first.stderr().contains("jace: dated in the future: native/jace.c and 1 more; until changed again,"
                + " only a change to another source rebuilds\n"), first.stderr());

        Files.writeString(checkout.root.resolve("java/src/main/java/Main.java"), "class Main { }");
        checkout.jace("info");
        checkout.jace("info");
        assertEquals(List.of(CLI_BUILD, CLI_BUILD), checkout.mavenRuns(), "a source changed");

        Files.setLastModifiedTime(future, FileTime.from(Instant.now().plus(Duration.ofDays(2))));
        checkout.jace("info");
        assertEquals(List.of(CLI_BUILD, CLI_BUILD, CLI_BUILD), checkout.mavenRuns(), "the future one changed");
    }

    /** ':' ends an entry of Java's class path, and there is no escaping it. */
    @Test
    void aCheckoutWhosePathHoldsAColonIsRefusedNamingIt() throws Exception {
        Path root = dir.resolve("runs:1/jace");
        LauncherCheckout colon = LauncherCheckout.create(root, Files.createDirectories(dir.resolve("colon")));

        Shell.Result result = colon.jace("info");
        assertEquals(1, result.exitCode(), result.output());
        assertEquals("jace: " + root + " has a ':' in its path, which Java's class path cannot hold; move the folder"
                + " or rename it without the ':'\n", result.stderr());
        assertEquals(List.of(), colon.mavenRuns(), "nothing built");
    }

    /** The bundle's launchers too: run from a folder with a ':' they refuse, from one without they run. */
    @Test
    void aBundleWhosePathHoldsAColonIsRefusedNamingIt() throws Exception {
        for (String folder : List.of("gpu-host", "gpu:host")) {
            Path bundle = dir.resolve(folder);
            Path bin = Files.createDirectories(bundle.resolve("bin/lib"));
            for (String script : List.of("jace", "jace-test", "jace-bench")) {
                FakeJdk.executable(bundle.resolve("bin").resolve(script),
                        Files.readString(Shell.REPO.resolve(LauncherCheckout.BUNDLE_BIN).resolve(script)));
            }
            try (var scripts = Files.list(Shell.REPO.resolve(LauncherCheckout.BUNDLE_BIN).resolve("lib"))) {
                for (Path script : scripts.toList()) {
                    Files.copy(script, bin.resolve(script.getFileName()));
                }
            }
            FakeJdk.create(bundle.resolve("runtime"), 25);
            for (String script : List.of("jace", "jace-test", "jace-bench")) {
                Shell.Result result = checkout.run(bundle.resolve("bin").resolve(script), List.of("--help"));
                if (folder.contains(":")) {
                    assertEquals(1, result.exitCode(), result.output());
                    assertEquals("jace: " + bundle + " has a ':' in its path, which Java's class path cannot hold;"
                            + " move the folder or rename it without the ':'\n", result.stderr());
                } else {
                    assertEquals(0, result.exitCode(), result.output());
                }
            }
        }
    }

    /** The arguments the stand-in java was given after the main class. */
    private static List<String> arguments(Shell.Result result) {
        List<String> lines = result.stdout().lines().toList();
        return lines.subList(lines.indexOf("dev.jace.cli.Main") + 1, lines.size());
    }
}
