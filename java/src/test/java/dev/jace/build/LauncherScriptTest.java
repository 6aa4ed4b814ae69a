package dev.jace.build;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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

    /**
     * A checkout that cannot be written (a read-only mount, another user's): a build older than its sources runs as
     * it is, with a warning; where none can run, and for a bundle, it says what to do. The checkout is made read-only
     * by its modes, so it is run as another user where this test runs as root, whom modes do not stop.
     */
    @Test
    void aCheckoutThatCannotBeWrittenRunsItsLastBuildOrSaysWhatToDo() throws Exception {
        Path root = checkout.root;
        Path bin = root.resolve("bin/jace");
        checkout.jace("info");
        Files.setLastModifiedTime(root.resolve("java/target/jace.jar"),
                FileTime.from(Instant.now().minus(LauncherCheckout.AGE.multipliedBy(2))));
        List<String> user = unprivileged();
        String cannot = "jace: " + root + " needs a build, but cannot be written (Permission denied); build it where"
                + " it can be, or run a copy that can be written\n";

        writable(root, false);
        try {
            Shell.Result stale = checkout.run(user, bin, List.of("info"));
            assertEquals(0, stale.exitCode(), stale.output());
            assertEquals(List.of("info"), arguments(stale));
            assertEquals("jace: " + root + " cannot be written (Permission denied): running its last build, which is"
                    + " older than some sources\n", stale.stderr());

            Shell.Result bundle = checkout.run(user, bin, List.of("bundle", "out"));
            assertEquals(1, bundle.exitCode(), bundle.output());
            assertEquals(cannot, bundle.stderr());
        } finally {
            writable(root, true);
        }
        Files.delete(root.resolve("java/target/lib/picocli.jar"));
        writable(root, false);
        try {
            Shell.Result unbuilt = checkout.run(user, bin, List.of("info"));
            assertEquals(1, unbuilt.exitCode(), unbuilt.output());
            assertEquals(cannot, unbuilt.stderr());
        } finally {
            writable(root, true);
        }
        assertEquals(List.of(CLI_BUILD), checkout.mavenRuns());
    }

    /**
     * bin/test takes bin/jace's build lock, so that the two do not build into target/ at once: it waits for a build
     * that holds it, and holds it while Maven runs.
     */
    @Test
    void binTestWaitsForABuildAndHoldsTheBuildLock() throws Exception {
        Path lock = Files.createDirectories(checkout.root.resolve("build")).resolve(".jace-build.lock");
        Process build = new ProcessBuilder(Shell.which("flock").toString(), lock.toString(), "-c",
                "echo locked; sleep 1").start();
        try {
            assertEquals("locked", new BufferedReader(new InputStreamReader(build.getInputStream(),
                    StandardCharsets.UTF_8)).readLine());
            Shell.Result test = checkout.test("-Dtest=Some");

            assertEquals(0, test.exitCode(), test.output());
            assertEquals("jace: waiting for another build of this checkout (bin/jace or bin/test) to finish ...\n",
                    test.stderr());
            assertFalse(build.isAlive(), "Maven ran once the build had ended");
            assertEquals(List.of("-B -ntp -e verify -Dtest=Some (lock held)"), checkout.mavenRuns());
        } finally {
            build.destroyForcibly();
        }
    }

    /** A prefix that runs a command as a user whom file modes stop: none, or where this test runs as root, nobody. */
    private List<String> unprivileged() throws Exception {
        if (!Files.getAttribute(Files.createTempFile(dir, "owner", ""), "unix:uid").equals(0)) {
            return List.of();
        }
        Optional<Path> setpriv = Shell.onPath("setpriv");
        assumeTrue(setpriv.isPresent(), "run as root, and no setpriv to run bin/jace as another user");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        return List.of(setpriv.get().toString(), "--reuid=65534", "--regid=65534", "--clear-groups", "--");
    }

    /** Gives or takes the owner's write permission on every file and folder under {@code root}. */
    private static void writable(Path root, boolean writable) throws Exception {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.filter(p -> !Files.isSymbolicLink(p)).toList()) {
                Set<PosixFilePermission> modes = Files.getPosixFilePermissions(path);
                if (writable) {
                    modes.add(PosixFilePermission.OWNER_WRITE);
                } else {
                    modes.remove(PosixFilePermission.OWNER_WRITE);
                }
                Files.setPosixFilePermissions(path, modes);
            }
        }
    }

    /** The arguments the stand-in java was given after the main class. */
    private static List<String> arguments(Shell.Result result) {
        List<String> lines = result.stdout().lines().toList();
        return lines.subList(lines.indexOf("dev.jace.cli.Main") + 1, lines.size());
    }
}
