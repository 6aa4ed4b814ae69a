package dev.jace.build;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which make targets native/build.sh asks for: Maven's -DskipTests and -Dmaven.test.skip (passed by native/pom.xml)
 * and bin/jace's JACE_NATIVE_CHECKS=0 build the library and the C examples only; a plain build also runs the native
 * checks and kernel tests. make is stood in for by a script that records its arguments.
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
        return new Build(lines.stream().filter(line -> !line.startsWith("-") && !line.contains("=")
                && !line.equals(NATIVE.toString())).toList(), read(dir.resolve("stderr")));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
