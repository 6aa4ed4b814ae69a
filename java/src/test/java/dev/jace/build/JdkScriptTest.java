package dev.jace.build;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * bin/lib/jdk.sh's choice of JDK: JAVA_HOME where it is a JDK 22 or newer, else the newest under /usr/lib/jvm, here
 * a folder of the test's own (in a copy of the script), and where neither has one, why JAVA_HOME was passed over.
 */
class JdkScriptTest {

    private static final String JVM = "/usr/lib/jvm";

    @TempDir
    Path dir;

    private Path script;
    private Path jvm;

    @BeforeEach
    void copyTheScriptLookingInATemporaryJvmFolder() throws Exception {
        String text = Files.readString(Shell.REPO.resolve("bin/lib/jdk.sh"));
        assertTrue(text.contains(JVM), "jdk.sh looks under " + JVM);
        jvm = Files.createDirectories(dir.resolve("jvm"));
        script = dir.resolve("jdk.sh");
        Files.writeString(script, text.replace(JVM, jvm.toString()));
    }

    @Test
    void whereNoJdkQualifiesItSaysWhyJavaHomeWasPassedOver() throws Exception {
        Path old = FakeJdk.create(dir.resolve("jdk-17"), 17);
        Path jre = Files.createDirectories(dir.resolve("jre/bin"));
        Path file = Files.writeString(dir.resolve("file"), "");
        FakeJdk.create(jvm.resolve("java-21"), 21);
        String none = ", and " + jvm + " holds none.\n"
                + "jace: install one, e.g. 'apt-get install temurin-25-jdk' (Adoptium repository) or unpack a JDK and"
                + " set JAVA_HOME.\n";

        assertEquals("jace: no JDK 22 or newer found: JAVA_HOME=" + old + " is Java 17" + none,
                failure(Map.of("JAVA_HOME", old.toString())));
        assertEquals("jace: no JDK 22 or newer found: JAVA_HOME=" + jre.getParent() + " has no bin/javac (a JRE?)"
                + none, failure(Map.of("JAVA_HOME", jre.getParent().toString())));
        assertEquals("jace: no JDK 22 or newer found: JAVA_HOME=" + file + " is not a directory" + none,
                failure(Map.of("JAVA_HOME", file.toString())));
        assertEquals("jace: no JDK 22 or newer found: JAVA_HOME=" + dir.resolve("gone") + " is not a directory"
                + none, failure(Map.of("JAVA_HOME", dir.resolve("gone").toString())));
        assertEquals("jace: no JDK 22 or newer found: JAVA_HOME is unset" + none, failure(Map.of()));
    }

    @Test
    void aJavaHomePassedOverGivesWayToTheNewestJdkUnderTheJvmFolder() throws Exception {
        FakeJdk.create(jvm.resolve("java-21"), 21);
        Path newest = FakeJdk.create(jvm.resolve("java-25"), 25);
        FakeJdk.create(jvm.resolve("java-24"), 24);
        Path old = FakeJdk.create(dir.resolve("jdk-17"), 17);

        assertEquals(newest + "\n", javaHome(Map.of("JAVA_HOME", old.toString())).stdout());
        Path given = FakeJdk.create(dir.resolve("jdk-22"), 22);
        assertEquals(given + "\n", javaHome(Map.of("JAVA_HOME", given.toString())).stdout());
    }

    /** Maven, which bin/jace and bin/test run from the repository's root, refuses a relative JAVA_HOME. */
    @Test
    void aRelativeJavaHomeIsMadeAbsolute() throws Exception {
        Path jdk = FakeJdk.create(dir.resolve("jdks/jdk-25"), 25);

        Shell.Result result = javaHome(Map.of("JAVA_HOME", "jdks/../jdks/jdk-25"));
        assertEquals(jdk + "\n", result.stdout(), result.output());
        assertEquals(jdk + "\n", javaHome(Map.of("JAVA_HOME", jdk + "/")).stdout());
    }

    private String failure(Map<String, String> environment) throws Exception {
        Shell.Result result = javaHome(environment);
        assertEquals(1, result.exitCode(), result.output());
        return result.stderr();
    }

    /** The JAVA_HOME that jdk.sh exports, run in {@link #dir} with {@code environment} and a PATH of bash's. */
    private Shell.Result javaHome(Map<String, String> environment) throws Exception {
        Map<String, String> all = new HashMap<>(environment);
        all.put("PATH", System.getenv("PATH"));
        return Shell.run(List.of(Shell.which("bash").toString(), "-c", "set -euo pipefail; . " + script
                + "; echo \"$JAVA_HOME\""), dir, all);
    }
}
