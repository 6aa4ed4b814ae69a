package dev.jace.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.ZipFile;

import static dev.jace.cli.FileTrees.megabytes;

/**
 * Writes a bundle: a jlink runtime, the jars, and scripts that run jace, its tests and benchmarks on a host
 * without Java or Maven. The bundle is assembled in a sibling folder and renamed into place when complete.
 */
final class Bundler {

    private static final String EXECUTABLE = "rwxr-xr-x";

    private final Installation installation;
    private final PrintWriter out;

    Bundler(Installation installation, PrintWriter out) {
        this.installation = installation;
        this.out = out;
    }

    /**
     * Writes the bundle to {@code dir}; {@code plots} links java.desktop into its runtime; {@code archive}, where
     * given, packs it into {@code DIR.tar.gz} too, which is then what the transfer size counts.
     */
    void write(Path dir, boolean force, boolean plots, Optional<BundleArchive> archive) throws IOException {
        Path target = dir.toAbsolutePath().normalize();
        if (target.getParent() == null) {
            throw new IllegalArgumentException("cannot bundle into " + target);
        }
        checkReplaceable(target, force);
        if (archive.isPresent()) {
            BundleArchive.checkReplaceable(target, force);
        }
        Files.createDirectories(target.getParent());
        Path staging = Files.createTempDirectory(target.getParent(), target.getFileName() + ".tmp-");
        try {
            out.println("jace bundle: assembling " + target + " in " + staging.getFileName());
            fill(staging, plots);
            Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString(EXECUTABLE));
            replace(staging, target);
        } finally {
            FileTrees.delete(staging);
        }
        long size = FileTrees.size(target);
        out.println("done: " + target + " (" + megabytes(size) + ")");
        if (archive.isPresent()) {
            long start = System.nanoTime();
            out.println("packing it into " + BundleArchive.of(target).getFileName());
            out.flush();
            size = Files.size(archive.get().write(target));
            out.printf(Locale.ROOT, "done: %s (%s) in %.1f s%n", BundleArchive.of(target), megabytes(size),
                    (System.nanoTime() - start) / 1e9);
        } else {
            BundleArchive.stale(target).ifPresent(out::println);
        }
        out.println(nextSteps(dir, archive.isPresent()));
        out.println(TransferSize.describe(size, archive.isPresent(), TransferSize.workingTree(target), plots));
    }

    /**
     * What to run on the GPU host, named through {@code dir} as given, so that the paths hold from here too, and quoted
     * for a shell where they need it, so that they can be pasted; {@code archived}: unpacking the archive beside
     * {@code dir} first.
     */
    static String nextSteps(Path dir, boolean archived) {
        Path bin = dir.resolve("bin");
        Path parent = dir.getParent() == null ? Path.of(".") : dir.getParent();
        String unpack = archived ? "carry " + shellWord(BundleArchive.of(dir)) + "; on the GPU host run tar -xzf "
                + shellWord(BundleArchive.of(dir)) + " -C " + shellWord(parent) + ", then " : "on the GPU host run ";
        return unpack + shellWord(bin.resolve("jace-device-check")) + " OUT (every check; OUT/summary.txt, "
                + "OUT/results.tar.gz), or " + shellWord(bin.resolve("jace-test")) + ", then "
                + shellWord(bin.resolve("jace"));
    }

    private static String shellWord(Path path) {
        String word = path.toString();
        return word.matches("[A-Za-z0-9_./+:,@%=-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
    }

    private static void checkReplaceable(Path target, boolean force) throws IOException {
        if (!Files.exists(target)) {
            return;
        }
        if (!Files.isDirectory(target)) {
            throw new IllegalArgumentException(target + " exists and is not a directory");
        }
        if (FileTrees.isEmptyDirectory(target)) {
            return;
        }
        if (!force) {
            throw new IllegalArgumentException(target + " is not empty; pass --force to replace a previous bundle"
                    + " there, or choose another folder");
        }
        // --force must not wipe an arbitrary folder given by mistake.
        if (!Files.isRegularFile(target.resolve("bin/jace")) || !Files.isDirectory(target.resolve("runtime"))) {
            throw new IllegalArgumentException(target + " is not empty and holds no jace bundle (bin/jace, "
                    + "runtime/); not replacing it even with --force");
        }
    }

    private void fill(Path bundle, boolean plots) throws IOException {
        long start = System.nanoTime();
        out.println("[1/5] runtime: jlink " + String.join(",", RuntimeLinker.modules(plots)) + " from Java "
                + Runtime.version());
        out.flush();
        Path runtime = bundle.resolve("runtime");
        RuntimeLinker.link(runtime, plots);
        out.println("      " + RuntimeLinker.stripJvmSymbols(runtime));
        out.printf(Locale.ROOT, "      %s in %.1f s%n", megabytes(FileTrees.size(runtime)),
                (System.nanoTime() - start) / 1e9);
        if (!plots) {
            out.println("      without " + String.join(", ", RuntimeLinker.PLOT_MODULES) + ": train and compare in "
                    + "this bundle skip the plots (bundle --plots adds them)");
        }

        List<Path> lib = new ArrayList<>(List.of(installation.jaceJar()));
        lib.addAll(Installation.jars(installation.libDir()));
        copyJars("[2/5] lib", lib, bundle.resolve("lib"));
        if (!containsLibJace(installation.nativesJar())) {
            out.println("      WARNING: " + installation.nativesJar().getFileName() + " has no libjace.so (built "
                    + "without nvcc or with JACE_SKIP_NATIVE=1): the bundle can use only the CPU backend");
        }

        List<Path> test = new ArrayList<>(List.of(installation.testJar()));
        test.addAll(Installation.jars(installation.testLibDir()));
        copyJars("[3/5] test", test, bundle.resolve("test"));

        List<String> scripts = new ArrayList<>(List.of("bin/jace", "bin/jace-test", "bin/jace-sanitize",
                "bin/jace-device-check", "bin/lib/cuda-env.sh", "bin/lib/utf8-locale.sh",
                "bin/lib/stderr-terminal.sh", "bin/lib/class-path.sh"));
        if (installation.bench().isPresent()) {
            copyJars("[4/5] bench", benchJars(installation.bench().get(), lib), bundle.resolve("bench"));
            scripts.add("bin/jace-bench");
        } else {
            out.println("[4/5] bench: skipped, bench/target/jace-bench.jar is not built (mvn -DskipTests package "
                    + "builds it)");
        }
        for (String script : scripts) {
            copyResource(script, bundle.resolve(script));
            Files.setPosixFilePermissions(bundle.resolve(script), PosixFilePermissions.fromString(EXECUTABLE));
        }
        copyResource("README.txt", bundle.resolve("README.txt"));
        out.println("[5/5] scripts: " + String.join(", ", scripts) + ", README.txt");
        if (installation.convGpuCheck().isPresent()) {
            copyProgram(installation.convGpuCheck().get(), bundle.resolve("native/conv_gpu_check"));
            out.println("      native/conv_gpu_check: the standalone kernel check, run by bin/jace-device-check");
        } else {
            out.println("      native/conv_gpu_check: not built, left out (bin/jace bundle builds it when nvcc is on"
                    + " the PATH)");
        }
        copyCAbi(bundle);
        copyPytorchDriver(bundle);
    }

    /** jace.h for linking libjace.so from C, and the built C examples, which the device check runs. */
    private void copyCAbi(Path bundle) throws IOException {
        if (installation.cAbi().isEmpty()) {
            out.println("      native/include/jace.h: no native/ here, left out");
            return;
        }
        Installation.CAbi cAbi = installation.cAbi().get();
        Path header = bundle.resolve("native/include/jace.h");
        Files.createDirectories(header.getParent());
        Files.copy(cAbi.header(), header);
        List<String> names = new ArrayList<>();
        for (Path example : cAbi.examples()) {
            String name = Installation.CAbi.exampleName(example);
            copyProgram(example, bundle.resolve("native/examples").resolve(name));
            names.add(name);
        }
        out.println("      native/include/jace.h: the C ABI (libjace.so is in lib/jace-native-*.jar, see README.txt)");
        out.println(names.isEmpty()
                ? "      native/examples/: none built, left out (bin/jace bundle builds them when nvcc is on the PATH)"
                : "      native/examples/: " + String.join(", ", names) + ", the C examples, run by "
                        + "bin/jace-device-check");
    }

    /** The driver's Python files (not its caches); the parity script needs jace's sources and stays behind. */
    private void copyPytorchDriver(Path bundle) throws IOException {
        if (installation.pytorchDriver().isEmpty()) {
            out.println("      pytorch/: no bench/pytorch here, left out");
            return;
        }
        Path target = Files.createDirectories(bundle.resolve("pytorch"));
        List<Path> sources;
        try (var files = Files.list(installation.pytorchDriver().get())) {
            sources = files.filter(f -> f.getFileName().toString().endsWith(".py")).sorted().toList();
        }
        for (Path source : sources) {
            Files.copy(source, target.resolve(source.getFileName().toString()));
        }
        out.println("      pytorch/: the PyTorch driver of the same training step (" + sources.size() + " files), run "
                + "by bin/jace-device-check when the host's python3 has torch with CUDA");
    }

    /** The bench jar and the jars only the benchmarks need; jace's own artifacts and shared jars come from lib. */
    private static List<Path> benchJars(Installation.Bench bench, List<Path> lib) {
        Set<String> inLib = lib.stream().map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        List<Path> jars = new ArrayList<>(List.of(bench.jar()));
        for (Path jar : Installation.jars(bench.libDir())) {
            String name = jar.getFileName().toString();
            if (!name.startsWith("jace") && !inLib.contains(name)) {
                jars.add(jar);
            }
        }
        return jars;
    }

    private void copyJars(String label, List<Path> jars, Path dir) throws IOException {
        Files.createDirectories(dir);
        long bytes = 0;
        for (Path jar : jars) {
            Files.copy(jar, dir.resolve(jar.getFileName().toString()), StandardCopyOption.COPY_ATTRIBUTES);
            bytes += Files.size(jar);
        }
        out.println(label + ": " + jars.size() + " jars, " + megabytes(bytes));
        out.flush();
    }

    private static boolean containsLibJace(Path nativesJar) throws IOException {
        try (ZipFile zip = new ZipFile(nativesJar.toFile())) {
            return zip.stream().anyMatch(entry -> entry.getName().endsWith("/libjace.so"));
        }
    }

    /** A native program into the bundle, executable by all. */
    private static void copyProgram(Path program, Path destination) throws IOException {
        Files.createDirectories(destination.getParent());
        Files.copy(program, destination);
        Files.setPosixFilePermissions(destination, PosixFilePermissions.fromString(EXECUTABLE));
    }

    private static void copyResource(String name, Path destination) throws IOException {
        try (InputStream in = Bundler.class.getResourceAsStream("bundle/" + name)) {
            if (in == null) {
                throw new IllegalStateException("dev/jace/cli/bundle/" + name + " is missing from the jace jar");
            }
            Files.createDirectories(destination.getParent());
            Files.copy(in, destination);
        }
    }

    /** Renames {@code staging} to {@code target}, keeping a previous bundle until the new one is in place. */
    static void replace(Path staging, Path target) throws IOException {
        if (!Files.exists(target)) {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        Path previous = target.resolveSibling(target.getFileName() + ".old-" + ProcessHandle.current().pid());
        Files.move(target, previous, StandardCopyOption.ATOMIC_MOVE);
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        FileTrees.delete(previous);
    }
}
