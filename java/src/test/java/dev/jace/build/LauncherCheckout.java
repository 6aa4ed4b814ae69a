package dev.jace.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A checkout for the tests of bin/jace and bin/test: copies of the scripts they run (jdk.sh looking for a JDK in a
 * folder of its own, which holds a stand-in JDK 25, see {@link FakeJdk}), a file in each source folder bin/jace
 * watches, every file dated an hour back, and a PATH of the system's tools less nvidia-smi, nvcc and make, with a
 * stand-in mvn. The stand-in logs each run (its arguments, and whether bin/jace's build lock was held) and writes the
 * outputs of the build asked for.
 */
final class LauncherCheckout {

    static final String BUNDLE_BIN = "java/src/main/resources/dev/jace/cli/bundle/bin";
    private static final List<String> SCRIPTS = List.of("bin/jace", "bin/test", "bin/lib/jdk.sh", "bin/lib/maven.sh",
            "bin/lib/build-lock.sh", BUNDLE_BIN + "/lib/utf8-locale.sh", BUNDLE_BIN + "/lib/stderr-terminal.sh",
            BUNDLE_BIN + "/lib/class-path.sh");
    private static final List<String> SOURCES = List.of("pom.xml", "java/pom.xml", "java/src/main/java/Main.java",
            "bindings/pom.xml", "bindings/src/main/java/Bindings.java", "native/jace.c", "cuda/kernels.cu",
            "java/src/test/java/MainTest.java", "bench/pom.xml");
    private static final List<String> TOOLS = List.of("bash", "env", "dirname", "basename", "readlink", "realpath",
            "find", "mkdir", "touch", "flock", "sed", "head", "tail", "locale", "cat", "sort", "rm", "mv", "cp", "ls",
            "stat", "date", "tr", "cut", "grep", "awk", "wc", "sleep", "chmod", "id", "uname", "mktemp");
    static final Duration AGE = Duration.ofHours(1);

    final Path root;
    private final Path log;
    private final Path tools;

    private LauncherCheckout(Path root, Path log, Path tools) {
        this.root = root;
        this.log = log;
        this.tools = tools;
    }

    /** A checkout at {@code root}, its PATH and the stand-in mvn's log in {@code work}. */
    static LauncherCheckout create(Path root, Path work) throws IOException {
        for (String script : SCRIPTS) {
            Path copy = root.resolve(script);
            Files.createDirectories(copy.getParent());
            Files.copy(Shell.REPO.resolve(script), copy, StandardCopyOption.COPY_ATTRIBUTES);
        }
        Path jvm = FakeJdk.create(work.resolve("jvm/jdk-25"), 25).getParent();
        Path jdkScript = root.resolve("bin/lib/jdk.sh");
        Files.writeString(jdkScript, Files.readString(jdkScript).replace("/usr/lib/jvm", jvm.toString()));
        for (String source : SOURCES) {
            Files.createDirectories(root.resolve(source).getParent());
            Files.writeString(root.resolve(source), "");
        }
        FileTime anHourAgo = FileTime.from(Instant.now().minus(AGE));
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(file, anHourAgo);
            }
        }
        Path tools = Files.createDirectories(work.resolve("tools"));
        for (String tool : TOOLS) {
            Optional<Path> found = Shell.onPath(tool);
            if (found.isPresent()) {
                Files.createSymbolicLink(tools.resolve(tool), found.get());
            }
        }
        Path log = work.resolve("mvn.log");
        FakeJdk.executable(tools.resolve("mvn"), "#!/usr/bin/env bash\n"
                + "lock=free\n"
                + "if [ -e build/.jace-build.lock ] && ! flock -n build/.jace-build.lock true; then lock=held; fi\n"
                + "echo \"$* (lock $lock)\" >> '" + log + "'\n"
                + "mkdir -p java/target/lib\n"
                + "touch java/target/jace.jar java/target/lib/picocli.jar\n"
                + "case \" $* \" in\n"
                + "  *' -pl java,bench '*) mkdir -p bench/target && touch java/target/jace-tests.jar"
                + " bench/target/jace-bench.jar ;;\n"
                + "esac\n");
        return new LauncherCheckout(root, log, tools);
    }

    /** bin/jace with {@code args}. */
    Shell.Result jace(String... args) throws IOException, InterruptedException {
        return run(root.resolve("bin/jace"), List.of(args));
    }

    /** bin/test with {@code args}. */
    Shell.Result test(String... args) throws IOException, InterruptedException {
        return run(root.resolve("bin/test"), List.of(args));
    }

    /** {@code script} with {@code args} and the checkout's PATH, run in the checkout's parent folder. */
    Shell.Result run(Path script, List<String> args) throws IOException, InterruptedException {
        return run(List.of(), script, args);
    }

    /** {@link #run(Path, List)} through {@code prefix}, a command that runs another, e.g. as another user. */
    Shell.Result run(List<String> prefix, Path script, List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(prefix);
        command.add(script.toString());
        command.addAll(args);
        Map<String, String> environment = new HashMap<>();
        environment.put("PATH", tools.toString());
        return Shell.run(command, root.getParent(), environment);
    }

    /** The stand-in mvn's runs: its arguments and "(lock held)" or "(lock free)", one run a line. */
    List<String> mavenRuns() throws IOException {
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }
}
