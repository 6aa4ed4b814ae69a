package dev.jace.build;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * bin/lib/maven.sh's choice of Maven where none is on the PATH: the one downloaded into XDG_CACHE_HOME, else into
 * HOME's .cache, and where neither is set, a message saying so. curl is not on the PATH here, so nothing is
 * downloaded.
 */
class MavenScriptTest {

    private static final String FIND_MAVEN = "set -euo pipefail; . " + Shell.REPO.resolve("bin/lib/maven.sh")
            + "; jace_find_maven; echo \"$JACE_MVN\"";

    @TempDir
    Path dir;

    @Test
    void withNeitherXdgCacheHomeNorHomeSetItSaysSo() throws Exception {
        Shell.Result result = findMaven(Map.of());

        assertEquals(1, result.exitCode(), result.output());
        assertEquals("jace: mvn is not on the PATH, and neither XDG_CACHE_HOME nor HOME is set to say where to"
                + " download Maven to; install Maven (e.g. 'apt-get install maven') or set HOME\n", result.stderr());
    }

    @Test
    void aMavenDownloadedBeforeIsFoundInXdgCacheHomeOrHomesCache() throws Exception {
        Path cached = mavenIn(dir.resolve("xdg/jace"));
        assertEquals(cached + "\n", findMaven(Map.of("XDG_CACHE_HOME", dir.resolve("xdg").toString())).stdout());
        Path home = mavenIn(dir.resolve("home/.cache/jace"));
        assertEquals(home + "\n", findMaven(Map.of("HOME", dir.resolve("home").toString())).stdout());
    }

    /** A stand-in for a Maven downloaded into {@code cache}: its bin/mvn. */
    private static Path mavenIn(Path cache) throws Exception {
        Path mvn = Files.createDirectories(cache.resolve("apache-maven-3.9.0/bin")).resolve("mvn");
        Files.writeString(mvn, "#!/bin/sh\n");
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwx------"));
        return mvn;
    }

    /** jace_find_maven with an empty PATH (no mvn, no curl) and {@code environment} alone. */
    private Shell.Result findMaven(Map<String, String> environment) throws Exception {
        Map<String, String> all = new HashMap<>(environment);
        all.put("JACE_MAVEN_VERSION", "3.9.0");
        all.put("PATH", Files.createDirectories(dir.resolve("empty")).toString());
        return Shell.run(List.of(Shell.which("bash").toString(), "-c", FIND_MAVEN), dir, all);
    }
}
