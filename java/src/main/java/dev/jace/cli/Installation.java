package dev.jace.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The build outputs a bundle is made from, where Maven writes them: {@code java/target/jace.jar} with its runtime
 * jars in {@code lib/}, the test jar {@code jace-tests.jar} with its test-only jars in {@code test-lib/}, and,
 * when built, {@code bench/target/jace-bench.jar} with its jars in {@code lib/}, when built, the standalone CUDA
 * kernel check {@code build/conv-host/conv_gpu_check} (native/conv.mk), and, in a source checkout, the C ABI's
 * header with the C examples built against it, and the PyTorch comparison driver {@code bench/pytorch/}.
 */
record Installation(Path jaceJar, Path libDir, Path testJar, Path testLibDir, Optional<Bench> bench,
                    Optional<Path> convGpuCheck, Optional<CAbi> cAbi, Optional<Path> pytorchDriver) {

    record Bench(Path jar, Path libDir) {
    }

    /**
     * The C ABI: {@code native/include/jace.h} and the programs {@code make examples} built from native/examples/*.c
     * ({@code native/target/native-obj/example_NAME}), none where the build had no nvcc.
     */
    record CAbi(Path header, List<Path> examples) {

        static final String EXAMPLE_PREFIX = "example_";

        /** {@code example_d4_lifting} is {@code d4_lifting}. */
        static String exampleName(Path example) {
            return example.getFileName().toString().substring(EXAMPLE_PREFIX.length());
        }

        private static Optional<CAbi> in(Path nativeDir) {
            Path header = nativeDir.resolve("include/jace.h");
            if (!Files.isRegularFile(header)) {
                return Optional.empty();
            }
            Path built = nativeDir.resolve("target/native-obj");
            if (!Files.isDirectory(built)) {
                return Optional.of(new CAbi(header, List.of()));
            }
            try (Stream<Path> files = Files.list(built)) {
                return Optional.of(new CAbi(header, files
                        .filter(f -> f.getFileName().toString().startsWith(EXAMPLE_PREFIX))
                        .filter(f -> Files.isRegularFile(f) && Files.isExecutable(f)).sorted().toList()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The PyTorch driver's command line, in {@link #pytorchDriver}. */
    static final String PYTORCH_MAIN = "p4cnn.py";

    private static final String BUILD_ADVICE = "build them with 'mvn -DskipTests package' (-Dmaven.test.skip "
            + "leaves out the test jars) or run bin/test, or bundle through bin/jace bundle DIR, which builds them";

    /** The installation of the running jace, which must run from its jar (as bin/jace does). */
    static Installation running() {
        Path location;
        try {
            location = Path.of(Installation.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the running jace jar", e);
        }
        if (!Files.isRegularFile(location)) {
            throw new IllegalArgumentException("jace bundle must run from the built jace.jar (use bin/jace bundle DIR);"
                    + " this jace runs from " + location);
        }
        return of(location);
    }

    /** The installation around {@code jaceJar}; throws naming every missing part and how to build it. */
    static Installation of(Path jaceJar) {
        Path target = jaceJar.toAbsolutePath().getParent();
        Path lib = target.resolve("lib");
        Path testJar = target.resolve("jace-tests.jar");
        Path testLib = target.resolve("test-lib");
        List<String> missing = new ArrayList<>();
        if (!Files.isRegularFile(jaceJar)) {
            missing.add(jaceJar.toString());
        }
        if (!Files.isDirectory(lib)) {
            missing.add(lib + "/");
        } else if (jars(lib).stream().noneMatch(Installation::isNativesJar)) {
            missing.add(lib + "/jace-native-*.jar");
        }
        if (!Files.isRegularFile(testJar)) {
            missing.add(testJar.toString());
        }
        if (!Files.isDirectory(testLib)) {
            missing.add(testLib + "/");
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("cannot bundle: missing " + String.join(", ", missing) + "; "
                    + BUILD_ADVICE);
        }
        Path benchTarget = target.getParent().resolveSibling("bench").resolve(target.getFileName());
        Optional<Bench> bench = Files.isRegularFile(benchTarget.resolve("jace-bench.jar"))
                ? Optional.of(new Bench(benchTarget.resolve("jace-bench.jar"), benchTarget.resolve("lib")))
                : Optional.empty();
        Path convGpuCheck = target.getParent().resolveSibling("build").resolve("conv-host/conv_gpu_check");
        Path pytorch = target.getParent().resolveSibling("bench").resolve("pytorch");
        return new Installation(jaceJar.toAbsolutePath(), lib, testJar, testLib, bench,
                Files.isRegularFile(convGpuCheck) ? Optional.of(convGpuCheck) : Optional.empty(),
                CAbi.in(target.getParent().resolveSibling("native")),
                Files.isRegularFile(pytorch.resolve(PYTORCH_MAIN)) ? Optional.of(pytorch) : Optional.empty());
    }

    /** The natives jar, which holds libjace.so when the build had nvcc. */
    Path nativesJar() {
        return jars(libDir).stream().filter(Installation::isNativesJar).findFirst().orElseThrow();
    }

    /** The {@code *.jar} files directly in {@code dir}, sorted by name; none when it does not exist. */
    static List<Path> jars(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isNativesJar(Path jar) {
        String name = jar.getFileName().toString();
        return name.startsWith("jace-native-") && name.endsWith(".jar");
    }
}
