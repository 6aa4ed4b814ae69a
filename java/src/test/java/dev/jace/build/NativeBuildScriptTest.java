package dev.jace.build;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which make targets native/build.sh asks for: Maven's -DskipTests and -Dmaven.test.skip (passed by native/pom.xml)
 * and bin/jace's JACE_NATIVE_CHECKS=0 build the library and the C examples only; a plain build also runs the native
 * checks and kernel tests. And how it builds a checkout whose path has a blank, at which make splits file names
 * (bin/test there failed with "mixed implicit and normal rules"): through a link without one, naming the folders that
 * the makefiles would otherwise take from the physical working directory. make is stood in for by a script that
 * records its arguments (and, for the link, where each path it was given leads).
 */
class NativeBuildScriptTest {

    private static final Path NATIVE = Path.of("..", "native").toAbsolutePath().normalize();
    private static final List<String> LIBRARY_ONLY = List.of("all", "example-programs");

    @TempDir
    Path dir;

    @Test
    void aPlainBuildRunsTheNativeChecksAndKernelTests() throws Exception {
        Build build = build(Map.of());

        assertTrue(build.targets().containsAll(List.of("all", "test-abi", "check-symbols", "test-emu",
                "emu-java-libs")), build.targets().toString());
        assertFalse(build.stderr().contains("tests skipped"), build.stderr());
    }

    @Test
    void mavensSkipTestsFlagsBuildTheLibraryAndExamplesOnlyAndSaySo() throws Exception {
        for (String variable : List.of("JACE_MAVEN_SKIP_TESTS", "JACE_MAVEN_TEST_SKIP")) {
            Build build = build(Map.of(variable, "true"));

            assertEquals(LIBRARY_ONLY, build.targets(), variable);
            assertTrue(build.stderr().contains("[jace-native] tests skipped: building libjace.so and the C examples"
                    + " only"), build.stderr());
        }
        Build unset = build(Map.of("JACE_MAVEN_SKIP_TESTS", "false", "JACE_MAVEN_TEST_SKIP", "false"));
        assertTrue(unset.targets().contains("test-emu"), unset.targets().toString());
    }

    @Test
    void binJacesBuildsAskForTheLibraryAndExamplesOnlyWithoutTheSkipLine() throws Exception {
        Build build = build(Map.of("JACE_NATIVE_CHECKS", "0"));

        assertEquals(LIBRARY_ONLY, build.targets());
        assertFalse(build.stderr().contains("tests skipped"), build.stderr());
    }

    /**
     * A build that leaves libjace.so out writes why where it would be (the Java side names it when it looks for the
     * library), unless an earlier build's library is there; a build that makes it removes the note.
     */
    @Test
    void aBuildThatLeavesTheLibraryOutSaysWhyWhereItWouldBe() throws Exception {
        Path out = dir.resolve("out");
        Path absent = out.resolve("libjace.so.absent");
        assertEquals(0, leaveOut(Map.of("JACE_SKIP_NATIVE", "1", "NVCC", "/bin/true")));
        assertEquals("the jace-native jar's build skipped it: JACE_SKIP_NATIVE=1, which bin/jace sets where nvidia-smi"
                + " finds no GPU\n", Files.readString(absent));
        assertEquals(0, leaveOut(Map.of()));
        assertEquals("the jace-native jar's build found no nvcc (on PATH, or named by NVCC)\n",
                Files.readString(absent));

        build(Map.of());
        assertFalse(Files.exists(absent), "a build that makes the library removes the note");
        Files.writeString(out.resolve("libjace.so"), "an earlier build's");
        assertEquals(0, leaveOut(Map.of("JACE_SKIP_NATIVE", "1")));
        assertFalse(Files.exists(absent), "the jar holds the earlier build's library");
    }

    /** build.sh into {@code dir/out} with no nvcc on PATH and {@code variables}; its exit code. */
    private int leaveOut(Map<String, String> variables) throws Exception {
        ProcessBuilder process = new ProcessBuilder("bash", NATIVE.resolve("build.sh").toString(),
                dir.resolve("out").toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> environment = process.environment();
        environment.keySet().removeIf(name -> name.startsWith("JACE_") || name.equals("NVCC"));
        environment.put("PATH", "/usr/bin:/bin");
        environment.putAll(variables);
        return process.start().waitFor();
    }

    @Test
    void thePomPassesMavensSkipFlagsUnderTheNamesTheScriptReads() throws Exception {
        Element build = (Element) DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(NATIVE.resolve("pom.xml").toFile()).getElementsByTagName("environmentVariables").item(0);
        String script = Files.readString(NATIVE.resolve("build.sh"));

        assertEquals("${skipTests}", text(build, "JACE_MAVEN_SKIP_TESTS"));
        assertEquals("${maven.test.skip}", text(build, "JACE_MAVEN_TEST_SKIP"));
        assertTrue(script.contains("${JACE_MAVEN_SKIP_TESTS:-false}"), "build.sh reads JACE_MAVEN_SKIP_TESTS");
        assertTrue(script.contains("${JACE_MAVEN_TEST_SKIP:-false}"), "build.sh reads JACE_MAVEN_TEST_SKIP");
    }

    @Test
    void aCheckoutUnderABlankBuildsThroughALinkWithoutOne() throws Exception {
        Path root = dir.resolve("my checkout");
        Path nativeDir = Files.createDirectories(root.resolve("native"));
        Path out = root.resolve("native/target/native-classes/dev/jace/native/linux-x86_64");
        Linked build = buildCopy(nativeDir, out, Map.of());

        assertEquals(0, build.exitCode(), build.output());
        build.arguments().forEach(a -> assertFalse(a.contains(" "), "make was given '" + a + "'"));
        assertEquals(Map.of("-C", nativeDir.toString(), "OUT", out.toString(),
                "OBJ", root.resolve("native/target/native-obj").toString(), "NATIVE_DIR", nativeDir.toString(),
                "CONV_ROOT", root.toString()), build.leads());
        Path link = Path.of(build.arguments().get(build.arguments().indexOf("-C") + 1)).getParent();
        try {
            assertEquals(root, Files.readSymbolicLink(link), "kept: the test programs' rpath goes through it");
            Linked again = buildCopy(nativeDir, out, Map.of());
            assertEquals(build.arguments(), again.arguments(), "the same link for every build of the checkout");
        } finally {
            Files.deleteIfExists(link);
        }
    }

    @Test
    void aCheckoutWithoutBlanksBuildsInPlace() throws Exception {
        Path nativeDir = Files.createDirectories(dir.resolve("checkout/native"));
        Linked build = buildCopy(nativeDir, dir.resolve("checkout/native/target/native-classes/x"), Map.of());

        assertEquals(0, build.exitCode(), build.output());
        assertEquals(nativeDir.toString(), build.arguments().get(build.arguments().indexOf("-C") + 1));
        assertTrue(build.arguments().stream().noneMatch(a -> a.startsWith("NATIVE_DIR=") || a.startsWith("CONV_ROOT=")),
                build.arguments().toString());
    }

    @Test
    void objectsOutsideTheCheckoutUnderABlankAreRefusedNamingTheFolder() throws Exception {
        Path nativeDir = Files.createDirectories(dir.resolve("checkout/native"));
        Path objects = dir.resolve("my objects");
        Linked build = buildCopy(nativeDir, dir.resolve("checkout/native/target/native-classes/x"),
                Map.of("JACE_OBJ_DIR", objects.toString()));

        assertEquals(1, build.exitCode(), build.output());
        assertTrue(build.output().contains("[jace-native] ERROR: make cannot build into '" + objects + "'"),
                build.output());
        assertEquals(List.of(), build.arguments(), "make did not run");
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        assertEquals(1, nodes.getLength(), tag);
        return nodes.item(0).getTextContent().strip();
    }

    private record Build(List<String> targets, String stderr) { }

    private Build build(Map<String, String> variables) throws IOException, InterruptedException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path arguments = dir.resolve("make-arguments");
        Path make = bin.resolve("make");
        Files.writeString(make, "#!/usr/bin/env bash\nprintf '%s\\n' \"$@\" > '" + arguments + "'\n");
        Files.setPosixFilePermissions(make, PosixFilePermissions.fromString("rwx------"));
        ProcessBuilder process = new ProcessBuilder("bash", NATIVE.resolve("build.sh").toString(),
                dir.resolve("out").toString()).redirectError(dir.resolve("stderr").toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> environment = process.environment();
        environment.keySet().removeIf(name -> name.startsWith("JACE_"));
        environment.put("PATH", bin + ":" + environment.get("PATH"));
        environment.put("NVCC", "/bin/true");
        environment.putAll(variables);
        assertEquals(0, process.start().waitFor(), () -> read(dir.resolve("stderr")));
        List<String> lines = Files.readAllLines(arguments);
        int folder = lines.indexOf("-C") + 1; // native/, or a link to it where the checkout's path has a blank
        return new Build(IntStream.range(0, lines.size()).filter(i -> i != folder).mapToObj(lines::get)
                .filter(line -> !line.startsWith("-") && !line.contains("=")).toList(), read(dir.resolve("stderr")));
    }

    /**
     * A build by a copy of build.sh in {@code nativeDir}: its exit code and output, the stand-in make's arguments, and
     * the physical path that -C and each of OUT, OBJ, NATIVE_DIR and CONV_ROOT led to while make ran.
     */
    private record Linked(int exitCode, String output, List<String> arguments, Map<String, String> leads) { }

    private Linked buildCopy(Path nativeDir, Path out, Map<String, String> variables) throws Exception {
        Files.copy(NATIVE.resolve("build.sh"), nativeDir.resolve("build.sh"), StandardCopyOption.REPLACE_EXISTING);
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path arguments = dir.resolve("make-arguments");
        Path leads = dir.resolve("make-leads");
        Path make = bin.resolve("make");
        Files.writeString(make, "#!/usr/bin/env bash\n"
                + "printf '%s\\n' \"$@\" > '" + arguments + "'\n"
                + "for ((i = 1; i <= $#; i++)); do\n"
                + "  a=${!i}\n"
                + "  if [ \"$a\" = -C ]; then j=$((i + 1)); echo \"-C=$(cd \"${!j}\" && pwd -P)\"; fi\n"
                + "  case $a in OUT=*|OBJ=*|NATIVE_DIR=*|CONV_ROOT=*) echo \"${a%%=*}=$(readlink -m \"${a#*=}\")\";;"
                + " esac\n"
                + "done > '" + leads + "'\n");
        Files.setPosixFilePermissions(make, PosixFilePermissions.fromString("rwx------"));
        ProcessBuilder process = new ProcessBuilder("bash", nativeDir.resolve("build.sh").toString(), out.toString())
                .redirectErrorStream(true);
        Map<String, String> environment = process.environment();
        environment.keySet().removeIf(name -> name.startsWith("JACE_"));
        environment.put("PATH", bin + ":" + environment.get("PATH"));
        environment.put("NVCC", "/bin/true");
        environment.put("JACE_NATIVE_CHECKS", "0");
        environment.putAll(variables);
        Process started = process.start();
        String output = new String(started.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exitCode = started.waitFor();
        Map<String, String> led = new LinkedHashMap<>();
        if (Files.exists(leads)) {
            Files.readAllLines(leads).forEach(line -> led.put(line.substring(0, line.indexOf('=')),
                    line.substring(line.indexOf('=') + 1)));
        }
        return new Linked(exitCode, output, Files.exists(arguments) ? Files.readAllLines(arguments) : List.of(), led);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
