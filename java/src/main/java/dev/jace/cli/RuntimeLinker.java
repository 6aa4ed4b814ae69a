package dev.jace.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.spi.ToolProvider;

/** Links the bundle's Java runtime with the jlink of the running JDK. */
final class RuntimeLinker {

    /**
     * What jdeps finds in jace, the JUnit console launcher, jqwik and JMH: java.desktop (XChart draws the plots with
     * AWT, headless; it requires java.datatransfer and java.prefs, listed so the list is the whole runtime), java.logging (JUnit, jqwik, JMH),
     * java.management (JMH passes the host VM's options to its forks), java.xml (JUnit's XML reports),
     * jdk.unsupported (JMH). Not seen by jdeps: jdk.zipfs (JUnit scans the test jar through the "jar" file
     * system) and jdk.management (JMH's {@code -prof gc} loads {@code com.sun.management} classes by name). Left out although jdeps
     * lists it: java.sql (an optional dependency of junit-jupiter-params). jdk.incubator.vector: the CPU GEMM's vector
     * tiles, for the tests (bin/jace-test) and where JACE_JAVA_OPTS adds the module.
     */
    static final List<String> MODULES = List.of(
            "java.base", "java.desktop", "java.datatransfer", "java.prefs", "jdk.unsupported", "java.logging", "java.management", "java.xml", "jdk.zipfs", "jdk.management", "jdk.incubator.vector");

    /** The modules only the plots need: about 15 MB of the runtime's 65 MB. */
    static final List<String> PLOT_MODULES = List.of("java.desktop", "java.datatransfer", "java.prefs");

    /** {@link #MODULES}, without {@link #PLOT_MODULES} unless {@code plots}. */
    static List<String> modules(boolean plots) {
        return MODULES.stream().filter(m -> plots || !PLOT_MODULES.contains(m)).toList();
    }

    /** How long objcopy may take on libjvm.so (about a second). */
    static final int OBJCOPY_SECONDS = 60;

    private RuntimeLinker() {
    }

    static void link(Path output, boolean plots) throws IOException {
        Path javaHome = Path.of(System.getProperty("java.home"));
        ToolProvider jlink = ToolProvider.findFirst("jlink").orElseThrow(() -> new IllegalArgumentException(
                "the Java runtime " + javaHome + " has no jlink; run jace bundle with a full JDK 22+ (bin/jace does)"));
        StringWriter log = new StringWriter();
        PrintWriter logWriter = new PrintWriter(log);
        int status = jlink.run(logWriter, logWriter, "--add-modules", String.join(",", modules(plots)),
                "--strip-debug", "--no-header-files", "--no-man-pages", "--compress", "zip-6",
                "--output", output.toString());
        if (status != 0) {
            throw new IOException("jlink failed (exit " + status + "): " + log.toString().strip()
                    + (Files.isDirectory(javaHome.resolve("jmods")) ? "" : "; " + javaHome + " has no jmods/, so it "
                    + "can link only if it was built with --enable-linkable-runtime (like Temurin 24+): install its "
                    + "jmods (e.g. the openjdk-NN-jmods package) or use such a JDK"));
        }
    }

    /**
     * Drops libjvm.so's symbol table (about 5 MB of a runtime near 48 MB) with binutils' objcopy, as the bundle must
     * fit a device lease's 64 MiB beside the working tree; jlink's --strip-native-debug-symbols keeps it. The JVM
     * runs the same without it: only a crash log's JVM frames lose their names. Returns what was done, for the log.
     */
    static String stripJvmSymbols(Path runtime) throws IOException {
        return stripJvmSymbols(runtime, "objcopy", OBJCOPY_SECONDS);
    }

    /** {@link #stripJvmSymbols(Path)} with the {@code objcopy} command and the {@code seconds} it may take. */
    static String stripJvmSymbols(Path runtime, String objcopyCommand, int seconds) throws IOException {
        Path libjvm = runtime.resolve("lib/server/libjvm.so");
        if (!Files.isRegularFile(libjvm)) {
            return "no lib/server/libjvm.so to strip";
        }
        long before = Files.size(libjvm);
        Optional<ChildProcess.Result> objcopy = ChildProcess.run(
                List.of(objcopyCommand, "--strip-unneeded", libjvm.toString()), true, seconds);
        if (objcopy.isEmpty()) {
            return "libjvm.so keeps its symbol table (no objcopy on PATH: install binutils for a bundle about 5 MB"
                    + " smaller)";
        }
        if (objcopy.get().exitCode() != 0) {
            throw new IOException("objcopy --strip-unneeded " + libjvm + " failed (exit " + objcopy.get().exitCode()
                    + "): " + objcopy.get().output().strip());
        }
        return String.format(Locale.ROOT, "libjvm.so's symbol table stripped with objcopy: %.1f MB less",
                (before - Files.size(libjvm)) / 1e6);
    }
}
