package dev.jace.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.console.ConsoleLauncher;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Writes a real bundle (jlink included) from a small fake installation: jace's classes and picocli as lib, an empty
 * natives jar, and a test jar holding {@link GpuCase} and {@link PlainCase}, then runs its scripts.
 */
class BundleIntegrationTest {

    /** What jace-device-check notes where it finds no compute-sanitizer. */
    private static final String SANITIZER_SKIPPED = "compute-sanitizer not found: memcheck, racecheck-conv and "
            + "memcheck-zfill skipped";

    /** Sample tests for the bundled launcher; the "Case" suffix keeps them out of every real test run. */
    static class GpuCase {
        @Tag("gpu")
        @Test
        void runsOnTheGpu() {
        }
    }

    static class PlainCase {
        @Test
        void runsAnywhere() {
        }
    }

    record Result(int exitCode, String output) {
    }

    @TempDir
    static Path root;

    static Path bundle;
    static String log;

    @BeforeAll
    static void writeBundle() throws IOException {
        Path target = root.resolve("java/target");
        TestJars.writeTree(target.resolve("jace.jar"), TestJars.locationOf(Main.class));
        Path lib = Files.createDirectories(target.resolve("lib"));
        Files.copy(TestJars.locationOf(CommandLine.class), lib.resolve("picocli.jar"));
        TestJars.write(lib.resolve("jace-native-0-linux-x86_64.jar"), root, List.of());
        Path testClasses = TestJars.locationOf(BundleIntegrationTest.class);
        TestJars.write(target.resolve("jace-tests.jar"), testClasses, List.of(
                testClasses.resolve("dev/jace/cli/BundleIntegrationTest$GpuCase.class"),
                testClasses.resolve("dev/jace/cli/BundleIntegrationTest$PlainCase.class")));
        Path testLib = Files.createDirectories(target.resolve("test-lib"));
        Files.copy(TestJars.locationOf(ConsoleLauncher.class), testLib.resolve("junit-console.jar"));
        Path convCheck = Files.createDirectories(root.resolve("build/conv-host")).resolve("conv_gpu_check");
        // Like the real check on a host where CUDA is unusable: SKIP and exit 0 (the timing run reports nothing).
        Files.writeString(convCheck, "#!/bin/sh\n[ \"$1\" = bench ] || echo 'SKIP conv_gpu_check: no CUDA device'\n"
                + "echo \"conv check $*\"\n");
        convCheck.toFile().setExecutable(true);
        Path nativeDir = root.resolve("native");
        Files.writeString(Files.createDirectories(nativeDir.resolve("include")).resolve("jace.h"), "/* jace.h */\n");
        Path example = Files.createDirectories(nativeDir.resolve("target/native-obj")).resolve("example_d4_lifting");
        Files.writeString(example, "#!/bin/sh\necho 'D4 lifting conv'\n");
        example.toFile().setExecutable(true);
        Files.writeString(nativeDir.resolve("target/native-obj/conv.o"), "an object, not an example");
        Path pytorch = Files.createDirectories(root.resolve("bench/pytorch"));
        Files.writeString(pytorch.resolve(Installation.PYTORCH_MAIN), "print('driver')\n");
        Files.writeString(pytorch.resolve("model.py"), "MODEL = 1\n");
        Files.writeString(pytorch.resolve("parity.sh"), "#!/bin/sh\n");
        Files.writeString(Files.createDirectories(pytorch.resolve("__pycache__")).resolve("model.pyc"), "cache");

        bundle = root.resolve("jace bundle"); // a blank in the path: the scripts must quote every path they use
        StringWriter out = new StringWriter();
        new Bundler(Installation.of(target.resolve("jace.jar")), new PrintWriter(out)).write(bundle, false, false,
                Optional.of(new BundleArchive("tar")));
        log = out.toString();
    }

    @Test
    void reportsEachStepAndTheMissingCudaLibrary() {
        for (String step : List.of("[1/5] runtime", "[2/5] lib: 3 jars", "[3/5] test: 2 jars", "[4/5] bench: skipped",
                "[5/5] scripts", "WARNING: jace-native-0-linux-x86_64.jar has no libjace.so",
                "native/conv_gpu_check: the standalone kernel check", "native/include/jace.h: the C ABI",
                "native/examples/: d4_lifting, the C examples", "pytorch/: the PyTorch driver of the same "
                + "training step (2 files)", "done: " + bundle, "done: " + BundleArchive.of(bundle),
                "carry '" + BundleArchive.of(bundle) + "'; on the GPU host run tar -xzf '" + BundleArchive.of(bundle)
                        + "' -C " + root + ", then '" + bundle.resolve("bin/jace-device-check") + "' OUT",
                "transfer to a GPU host: bundle archive")) {
            assertTrue(log.contains(step), step + " missing from\n" + log);
        }
    }

    @Test
    void bundledLibjvmLosesItsSymbolTableWhereObjcopyIsInstalled() throws IOException {
        assumeTrue(hasObjcopy(), "objcopy (binutils) is not installed, so the bundle keeps libjvm.so whole");
        assertTrue(log.contains("libjvm.so's symbol table stripped with objcopy: "), log);
        long bundled = Files.size(bundle.resolve("runtime/lib/server/libjvm.so"));
        long jdk = Files.size(Path.of(System.getProperty("java.home"), "lib/server/libjvm.so"));
        assertTrue(bundled < jdk - 1_000_000, "bundled libjvm.so " + bundled + " bytes, the JDK's " + jdk);
    }

    private static boolean hasObjcopy() {
        try {
            Process objcopy = new ProcessBuilder("objcopy", "--version").redirectErrorStream(true).start();
            objcopy.getInputStream().readAllBytes();
            return objcopy.waitFor(30, TimeUnit.SECONDS) && objcopy.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void leavesOnlyTheBundle() throws IOException {
        try (var entries = Files.list(root)) {
            assertEquals(Set.of("java", "build", "native", "bench", "jace bundle", "jace bundle.tar.gz"),
                    entries.map(p -> p.getFileName().toString()).collect(Collectors.toSet()));
        }
    }

    /** The archive unpacks to the bundle: the same files, bytes and execute bits, under the bundle's name. */
    @Test
    void theArchiveUnpacksToTheBundle(@TempDir Path unpacked) throws Exception {
        Result result = run("tar", "-xzf", BundleArchive.of(bundle).toString(), "-C", unpacked.toString());
        assertEquals(0, result.exitCode(), result.output());
        try (var entries = Files.list(unpacked)) {
            assertEquals(List.of(unpacked.resolve("jace bundle")), entries.toList());
        }
        Map<String, String> expected = fileDigests(bundle);
        assertEquals(expected, fileDigests(unpacked.resolve("jace bundle")));
        assertTrue(expected.get("bin/jace-device-check").endsWith(" x"), expected.get("bin/jace-device-check"));
        assertTrue(expected.get("runtime/bin/java").endsWith(" x"), expected.get("runtime/bin/java"));
        assertTrue(expected.get("README.txt").endsWith(" -"), expected.get("README.txt"));
    }

    /** Each regular file under {@code dir} by its relative path: its content's SHA-256 and whether it is executable. */
    private static Map<String, String> fileDigests(Path dir) throws Exception {
        Map<String, String> digests = new TreeMap<>();
        try (var files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
                digests.put(dir.relativize(file).toString(),
                        HexFormat.of().formatHex(digest) + (Files.isExecutable(file) ? " x" : " -"));
            }
        }
        return digests;
    }

    @Test
    void carriesTheCHeaderAndTheBuiltExamplesOnly() throws IOException {
        assertEquals(List.of("conv_gpu_check", "examples", "include"),
                listing(bundle.resolve("native")));
        assertEquals(List.of("d4_lifting"), listing(bundle.resolve("native/examples")));
        assertTrue(Files.isExecutable(bundle.resolve("native/examples/d4_lifting")));
        assertEquals("/* jace.h */\n", Files.readString(bundle.resolve("native/include/jace.h")));
    }

    @Test
    void carriesThePytorchDriversPythonFilesOnly() throws IOException {
        assertEquals(List.of("model.py", Installation.PYTORCH_MAIN), listing(bundle.resolve("pytorch")));
    }

    @Test
    void runtimeHasExactlyTheChosenModules() throws Exception {
        Result result = run(bundle.resolve("runtime/bin/java").toString(), "--list-modules");

        assertEquals(0, result.exitCode(), result.output());
        Set<String> modules = result.output().lines().map(line -> line.replaceAll("@.*", ""))
                .collect(Collectors.toSet());
        assertEquals(Set.copyOf(RuntimeLinker.modules(false)), modules);
        assertTrue(modules.contains("java.base") && !modules.contains("java.desktop"), modules.toString());
    }

    @Test
    void bundledTrainSkipsThePlotsWithoutJavaDesktop(@TempDir Path scratch) throws Exception {
        Path out = scratch.resolve("train-out");
        Result result = run(bundle.resolve("bin/jace").toString(), "train", "--task", "teacher", "--method", "strict",
                "--size", "9", "--train", "8", "--test", "4", "--batch", "4", "--epochs", "1", "--quiet", "--out",
                out.toString());
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains(Plots.SKIPPED), result.output());
        assertTrue(Files.exists(out.resolve("summary.json")));
        assertFalse(Files.exists(out.resolve("plots")));
    }

    @Test
    void bundledJaceTakesANonAsciiOutUnderTheCLocale(@TempDir Path scratch) throws Exception {
        assumeTrue("UTF-8".equals(System.getProperty("sun.jnu.encoding")), "this JVM's locale is not UTF-8, so it"
                + " cannot pass a non-ASCII path to the child (sun.jnu.encoding " + System.getProperty(
                "sun.jnu.encoding") + ")");
        Path out = scratch.resolve("über-運行");
        ProcessBuilder builder = new ProcessBuilder(bundle.resolve("bin/jace").toString(), "train", "--task",
                "teacher", "--method", "strict", "--size", "9", "--train", "8", "--test", "4", "--batch", "4",
                "--epochs", "1", "--quiet", "--out", out.toString()).redirectErrorStream(true);
        // LANG unset or C, as in many containers: the launcher gives the JVM a UTF-8 LC_CTYPE, or it refuses the path.
        builder.environment().keySet().removeIf(name -> name.startsWith("LC_"));
        builder.environment().put("LANG", "C");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "timed out");
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains(" to " + out + System.lineSeparator()), output);
        assertTrue(Files.exists(out.resolve("summary.json")));
    }

    /** Typed in a terminal with stderr to a file, the bundled jace logs a line per epoch there, not progress. */
    @Test
    void bundledTrainLogsEpochLinesWhereStderrIsAFileThoughStdoutIsATerminal(@TempDir Path scratch) throws Exception {
        assumeTrue(CliRuns.hasScript(), "script(1) is not installed, so no terminal to run jace in");
        Path log = scratch.resolve("train.log");
        String terminal = CliRuns.inTerminal(CliRuns.shellLine(List.of(bundle.resolve("bin/jace").toString(), "train",
                "--task", "teacher", "--method", "strict", "--size", "9", "--train", "8", "--test", "4", "--batch", "4",
                "--epochs", "2", "--out", scratch.resolve("out").toString())) + " 2>"
                + CliRuns.shellLine(List.of(log.toString())));
        String logged = Files.readString(log);
        assertTrue(logged.contains("strict seed 0: epoch 1/2, train loss ") && logged.contains("epoch 2/2"), logged);
        assertFalse(logged.contains("\r"), logged);
        assertFalse(terminal.contains("epoch 1/2"), terminal);
    }

    @Test
    void bundledJacePrintsItsVersionWithTheBundledRuntime() throws Exception {
        Result result = run(bundle.resolve("bin/jace").toString(), "version");

        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().startsWith("jace " + VersionInfo.jaceVersion()), result.output());
        assertTrue(result.output().contains(bundle.resolve("runtime").toString()), result.output());
    }

    @Test
    void jaceTestRunsTheGpuTestsByDefault() throws Exception {
        Result result = jaceTest("--include-classname", ".*Case", "--details", "summary");

        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("1 tests successful"), result.output());
        assertFalse(result.output().contains("Exception"), result.output());
    }

    @Test
    void jaceTestAllRunsEveryTest() throws Exception {
        Result result = jaceTest("--all", "--include-classname", ".*Case", "--details", "summary");

        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("2 tests successful"), result.output());
    }

    @Test
    void jaceTestIncludeTagReplacesTheDefaultTag() throws Exception {
        Result result = jaceTest("--include-tag", "none()", "--include-classname", ".*Case", "--details", "summary");

        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("1 tests successful"), result.output());
    }

    @Test
    void jaceTestSelectorReplacesTheClasspathScan() throws Exception {
        Result result = jaceTest("--select-class", GpuCase.class.getName(), "--details", "summary");

        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("1 tests successful"), result.output());
    }

    @Test
    void jaceTestFailsWhenNoTestIsSelected() throws Exception {
        Result result = jaceTest("--include-classname", "NoSuchTest", "--details", "summary");

        assertEquals(2, result.exitCode(), result.output());
        assertTrue(result.output().contains("0 tests found"), result.output());
    }

    @Test
    void jaceTestHelpShowsItsOwnAndTheLaunchersOptions() throws Exception {
        Result result = jaceTest("--help");

        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().startsWith("Runs the bundled tests"), result.output());
        assertTrue(result.output().contains("jace-test --all"), result.output());
        assertTrue(result.output().contains("--include-tag=TAG"), result.output());
    }

    @Test
    void jaceSanitizeRunsEachToolOverJaceTestAndFailsOnFindings(@TempDir Path dir) throws Exception {
        Path fake = dir.resolve("compute-sanitizer");
        Files.writeString(fake, """
                #!/bin/sh
                echo "sanitizer: $*"
                [ "$2" = racecheck ] && exit 86
                exit 0
                """);
        fake.toFile().setExecutable(true);
        ProcessBuilder builder = new ProcessBuilder(bundle.resolve("bin/jace-sanitize").toString(), "--",
                "--details", "summary").redirectErrorStream(true);
        builder.environment().put("COMPUTE_SANITIZER", fake.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));

        assertEquals(86, process.exitValue(), output);
        assertTrue(output.contains("sanitizer: --tool memcheck --target-processes all --error-exitcode 86 "
                + bundle.resolve("bin/jace-test") + " --details summary"), output);
        assertTrue(output.contains("== memcheck: clean"), output);
        assertTrue(output.contains("== racecheck: FAILED (exit 86"), output);
    }

    @Test
    void deviceCheckRunsNothingWithoutAGpu(@TempDir Path dir) throws Exception {
        Result result = deviceCheck(dir, "exit 9", "exit 0", dir.resolve("out dir"), Map.of());

        assertEquals(2, result.exitCode(), result.output());
        assertTrue(result.output().contains("no GPU visible"), result.output());
        assertEquals(List.of("00-gpu.log", "summary.txt"), listing(dir.resolve("out dir")));
    }

    /**
     * With compute-sanitizer, racecheck runs over the kernel check's quick subset, and a hazard it reports (exit 86)
     * fails the step; memcheck over its zfill probe.
     */
    @Test
    void deviceCheckRunsRacecheckOverTheKernelCheck(@TempDir Path dir) throws Exception {
        Path work = dir.resolve("work dir");
        Path sanitizer = dir.resolve("fake-compute-sanitizer");
        Files.writeString(sanitizer, "#!/bin/sh\necho \"sanitizer $*\"\n[ \"$2\" = racecheck ] && exit 86\nexit 0\n");
        assertTrue(sanitizer.toFile().setExecutable(true));
        Result result = deviceCheck(dir, "echo 'GPU 0: Fake'", "true", dir.resolve("out dir"),
                Map.of("JACE_CHECK_STEPS", "racecheck-conv memcheck-zfill", "COMPUTE_SANITIZER",
                        sanitizer.toString()));

        assertEquals(1, result.exitCode(), result.output());
        List<String> summary = Files.readAllLines(work.resolve("summary.txt"));
        assertTrue(summary.stream().anyMatch(l -> l.matches("racecheck-conv +FAILED\\(86\\) +\\d+")),
                summary.toString());
        assertTrue(summary.stream().anyMatch(l -> l.matches("memcheck +SKIPPED\\(steps\\) +0")), summary.toString());
        assertEquals("sanitizer --tool racecheck --racecheck-report hazard --error-exitcode 86 "
                + bundle.resolve("native/conv_gpu_check") + " quick",
                Files.readString(work.resolve("01-racecheck-conv.log")).strip());
        assertTrue(summary.stream().anyMatch(l -> l.matches("memcheck-zfill +ok +\\d+")), summary.toString());
        assertEquals("sanitizer --tool memcheck --error-exitcode 86 " + bundle.resolve("native/conv_gpu_check")
                + " zfill", Files.readString(work.resolve("02-memcheck-zfill.log")).strip());
    }

    /**
     * JACE_CHECK_STEPS runs only the steps it names or matches (a pattern is not expanded against the files where the
     * check runs), the others recorded as SKIPPED(steps), PyTorch's probe not run; the exit status is the steps run.
     */
    @Test
    void deviceCheckRunsOnlyTheStepsNamed(@TempDir Path dir) throws Exception {
        Path work = dir.resolve("work dir");
        Files.writeString(dir.resolve("conv-kernels-bench-a-file"), ""); // what an expanded pattern would match
        Path probed = dir.resolve("python-ran");
        Result result = deviceCheck(dir, "echo 'GPU 0: Fake'", "touch '" + probed + "'", dir.resolve("out dir"),
                Map.of("JACE_CHECK_STEPS", "gpu,conv-kernels-b*"));

        assertEquals(0, result.exitCode(), result.output());
        assertEquals(List.of("00-gpu.log", "01-gpu.log", "02-conv-kernels-bench.log", "summary.txt"), listing(work));
        List<String> summary = Files.readAllLines(work.resolve("summary.txt"));
        assertTrue(summary.stream().anyMatch(l -> l.matches("conv-kernels-bench +ok +\\d+")), summary.toString());
        for (String skipped : List.of("info", "gpu-tests", "conv-kernels", "bench-TF32", "bench-TF32-implicit-gemm",
                "bench-TF32-wgmma", "bench-TF32-unsplit", "pytorch-c4-fp32", "pytorch-c4-bf16", "bench-BF16-wgmma")) {
            assertTrue(summary.stream().anyMatch(l -> l.matches(skipped + " +SKIPPED\\(steps\\) +0")),
                    skipped + " in " + summary);
        }
        assertTrue(Files.notExists(probed), "the PyTorch probe ran:\n" + result.output());
        assertEquals(summary, Files.readAllLines(dir.resolve("out dir/summary.txt")));
    }

    /**
     * A JACE_CONV_KERNELS left in the caller's environment would run the default steps on other kernels: the check
     * notes it and unsets it (here the PyTorch step's fake python, which prints the variable, sees none).
     */
    @Test
    void deviceCheckUnsetsAConvKernelsVariableOfItsCaller(@TempDir Path dir) throws Exception {
        Path work = dir.resolve("work dir");
        Result result = deviceCheck(dir, "echo 'GPU 0: Fake'", "echo \"kernels=${JACE_CONV_KERNELS:-unset}\"",
                dir.resolve("out dir"), Map.of("JACE_CHECK_STEPS", "pytorch-c4-fp32", "JACE_CONV_KERNELS", "wgmma"));

        assertEquals(0, result.exitCode(), result.output());
        List<String> summary = Files.readAllLines(work.resolve("summary.txt"));
        assertTrue(summary.contains("JACE_CONV_KERNELS=wgmma in the environment: unset, so that the default steps "
                + "time the default kernels"), summary.toString());
        Path log = work.resolve(listing(work).stream().filter(f -> f.endsWith("-pytorch-c4-fp32.log")).findFirst()
                .orElseThrow(() -> new AssertionError(summary.toString())));
        assertTrue(Files.readString(log).contains("kernels=unset"), Files.readString(log));
    }

    @Test
    void deviceCheckRecordsEveryStepAndGoesOnAfterAFailure(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out dir");
        Path work = dir.resolve("work dir");
        // A GPU that nvidia-smi reports but CUDA cannot use. In this small bundle (no bindings jar, sample tests
        // that the default scan does not pick up) info and the tests fail too; every step still runs.
        // A python3 that says it has CUDA-enabled torch and prints what it was asked to run.
        Result result = deviceCheck(dir, "echo 'GPU 0: Fake'", "echo \"python $*\"", out, Map.of());

        assertEquals(1, result.exitCode(), result.output());
        List<String> summary = Files.readAllLines(work.resolve("summary.txt"));
        assertEquals(summary, Files.readAllLines(out.resolve("summary.txt")));
        assertTrue(summary.getFirst().startsWith("step"), summary.toString());
        assertTrue(summary.stream().anyMatch(l -> l.matches("gpu +ok +\\d+")), summary.toString());
        assertTrue(summary.stream().anyMatch(l -> l.matches("gpu-tests +FAILED\\(2\\) +\\d+")), summary.toString());
        assertTrue(summary.stream().anyMatch(l -> l.matches("bench-BF16 +FAILED\\(1\\) +\\d+")), summary.toString());
        assertTrue(summary.contains(SANITIZER_SKIPPED), summary.toString());
        // Exit 0 with a SKIP in the log is no pass; the timing run without it is.
        assertTrue(summary.stream().anyMatch(l -> l.matches("conv-kernels +INCOMPLETE +\\d+")), summary.toString());
        assertTrue(summary.stream().anyMatch(l -> l.matches("conv-kernels-bench +ok +\\d+")), summary.toString());
        List<String> files = List.of("00-gpu.log", "01-gpu.log", "02-info.log", "03-gpu-tests.log",
                "04-conv-kernels.log", "05-conv-kernels-bench.log", "06-conv-zfill.log", "07-c-d4_lifting.log",
                "08-bench-FP32.log", "09-bench-TF32.log", "10-bench-BF16.log", "11-train-cuda.log",
                "12-train-cuda-graph.log", "13-graph-equals-eager.log", "14-ncu-conv.log",
                "15-bench-TF32-implicit-gemm.log", "16-bench-TF32-wgmma.log", "17-bench-TF32-unsplit.log",
                "18-pytorch-c4-fp32.log", "19-pytorch-c4-bf16.log", "20-bench-BF16-wgmma.log", "summary.txt",
                "test-reports");
        assertEquals(files, listing(work));
        // A device lease returns only a few files of OUT: everything else travels in the archive.
        assertEquals(List.of("results.tar.gz", "summary.txt"), listing(out));
        List<String> archived = archiveListing(out.resolve("results.tar.gz"));
        assertTrue(files.stream().allMatch(f -> archived.contains("./" + f) || archived.contains("./" + f + "/")),
                archived.toString());
        assertTrue(summary.stream().anyMatch(l -> l.matches("pytorch-c4-bf16 +ok +\\d+")), summary.toString());
        assertTrue(summary.stream().anyMatch(l -> l.matches("train-cuda +FAILED\\(\\d+\\) +\\d+")), summary.toString());
        assertTrue(summary.stream().anyMatch(l -> l.matches("graph-equals-eager +FAILED\\(\\d+\\) +\\d+")),
                summary.toString());
        assertTrue(Files.readString(work.resolve("18-pytorch-c4-fp32.log")).contains(bundle.resolve("pytorch")
                .resolve(Installation.PYTORCH_MAIN) + " throughput --device cuda --group c4 --batch 64"));
        assertTrue(Files.readString(work.resolve("19-pytorch-c4-bf16.log")).contains("--precision bf16 --json "
                + work.resolve("pytorch-c4-bf16.json")));
        assertEquals("conv check bench", Files.readString(work.resolve("05-conv-kernels-bench.log")).strip());
        assertTrue(summary.stream().anyMatch(l -> l.matches("conv-zfill +INCOMPLETE +\\d+")), summary.toString());
        assertTrue(Files.readString(work.resolve("06-conv-zfill.log")).endsWith("conv check zfill\n"));
        // The C example needs libjace.so, which this bundle's natives jar lacks: the step says so and fails.
        assertTrue(summary.stream().anyMatch(l -> l.matches("c-d4_lifting +FAILED\\(1\\) +\\d+")),
                summary.toString());
        assertTrue(Files.readString(work.resolve("07-c-d4_lifting.log")).contains("no libjace.so in "
                + bundle.resolve("lib/jace-native-0-linux-x86_64.jar")));
        assertEquals(List.of(), listing(dir.resolve("tmp")), "the folder libjace.so was taken out into is left");
        // ncu exits 0 but profiled nothing: no pass. The profile runs the kernel check's profile mode, clocks alone.
        assertTrue(summary.stream().anyMatch(l -> l.matches("ncu-conv +INCOMPLETE +\\d+")), summary.toString());
        // The profiles come before PyTorch and memcheck, which would otherwise take their time.
        int profile = summary.indexOf(summary.stream().filter(l -> l.startsWith("ncu-conv ")).findFirst().orElseThrow());
        int pytorch = summary.indexOf(summary.stream().filter(l -> l.startsWith("pytorch-c4-fp32 ")).findFirst()
                .orElseThrow());
        assertTrue(profile < pytorch && pytorch < summary.indexOf(SANITIZER_SKIPPED),
                summary.toString());
        String ncuLog = Files.readString(work.resolve("14-ncu-conv.log"));
        assertTrue(ncuLog.startsWith("ncu --clock-control none ") && ncuLog.contains(" --csv --page raw ")
                && ncuLog.contains(bundle.resolve("native/conv_gpu_check") + " profile"), ncuLog);
        assertTrue(ncuLog.contains(" --metrics l1tex__data_bank_conflicts_pipe_lsu_mem_shared_op_ld.sum,"
                + "l1tex__data_bank_conflicts_pipe_lsu_mem_shared_op_st.sum,"
                + "l1tex__data_pipe_lsu_wavefronts_mem_shared_op_ld.sum,"
                + "l1tex__data_pipe_lsu_wavefronts_mem_shared_op_st.sum "), ncuLog);
        assertTrue(Files.readString(work.resolve("01-gpu.log")).contains("GPU 0: Fake"));
        assertTrue(result.output().contains("== summary"), result.output());
        // The JVM steps fail for this bundle's missing bindings jar, not for a path split at the bundle's blank.
        assertTrue(Files.readString(work.resolve("02-info.log")).contains(bundle.resolve("runtime") + ")"));
        assertTrue(Files.readString(work.resolve("03-gpu-tests.log")).contains("Test run finished"));
        assertTrue(Files.readString(work.resolve("08-bench-FP32.log")).contains("at dev.jace.cli.BenchCommand.call"));
        for (String log : List.of("11-train-cuda.log", "12-train-cuda-graph.log")) {
            assertTrue(Files.readString(work.resolve(log)).contains("at dev.jace.cli.TrainCommand.call"), log);
        }
        // jace bench at TF32 under JACE_CONV_KERNELS=wgmma, right after the implicit GEMM's, into its own file.
        int implicitGemm = summary.indexOf(summary.stream().filter(l -> l.startsWith("bench-TF32-implicit-gemm "))
                .findFirst().orElseThrow());
        assertTrue(summary.get(implicitGemm + 1).matches("bench-TF32-wgmma +FAILED\\(1\\) +\\d+"), summary.toString());
        assertTrue(result.output().lines().anyMatch(l -> l.startsWith("== [16] bench-TF32-wgmma (limit ")
                && l.endsWith("s): env JACE_CONV_KERNELS=wgmma " + bundle.resolve("bin/jace") + " bench --backend cuda "
                + "--precision TF32 --json " + work.resolve("bench-TF32-wgmma.json"))), result.output());
        assertTrue(Files.readString(work.resolve("16-bench-TF32-wgmma.log"))
                .contains("at dev.jace.cli.BenchCommand.call"));
        // And under JACE_CONV_KERNELS=unsplit, right after wgmma's, into its own file.
        assertTrue(summary.get(implicitGemm + 2).matches("bench-TF32-unsplit +FAILED\\(1\\) +\\d+"),
                summary.toString());
        assertTrue(result.output().lines().anyMatch(l -> l.startsWith("== [17] bench-TF32-unsplit (limit ")
                && l.endsWith("s): env JACE_CONV_KERNELS=unsplit " + bundle.resolve("bin/jace") + " bench --backend "
                + "cuda --precision TF32 --json " + work.resolve("bench-TF32-unsplit.json"))), result.output());
        assertTrue(Files.readString(work.resolve("17-bench-TF32-unsplit.log"))
                .contains("at dev.jace.cli.BenchCommand.call"));
        // jace bench at BF16 under JACE_CONV_KERNELS=wgmma, after PyTorch's and before the sanitizer's, into its own
        // file.
        int bf16Wgmma = summary.indexOf(summary.stream().filter(l -> l.startsWith("bench-BF16-wgmma "))
                .findFirst().orElseThrow());
        assertTrue(summary.get(bf16Wgmma).matches("bench-BF16-wgmma +FAILED\\(1\\) +\\d+"), summary.toString());
        assertTrue(pytorch < bf16Wgmma && bf16Wgmma < summary.indexOf(SANITIZER_SKIPPED), summary.toString());
        assertTrue(result.output().lines().anyMatch(l -> l.startsWith("== [20] bench-BF16-wgmma (limit ")
                && l.endsWith("s): env JACE_CONV_KERNELS=wgmma " + bundle.resolve("bin/jace") + " bench --backend cuda "
                + "--precision BF16 --json " + work.resolve("bench-BF16-wgmma.json"))), result.output());
        assertTrue(Files.readString(work.resolve("20-bench-BF16-wgmma.log"))
                .contains("at dev.jace.cli.BenchCommand.call"));
    }

    @Test
    void deviceCheckKillsAStepAtItsLimitAndSkipsWhatTheRunHasNoTimeFor(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out dir");
        // 25 s in all: the first step gets the 10 s left after the 15 s kept for a kill and the packing (less if
        // the start took seconds), hangs, is killed, and leaves no time for the rest.
        Result result = deviceCheck(dir, "case \"$1\" in -L) echo 'GPU 0: Fake' ;; *) exec sleep 60 ;; esac",
                "echo \"python $*\"", out, Map.of("JACE_CHECK_SECONDS", "25"));

        assertEquals(1, result.exitCode(), result.output());
        List<String> summary = Files.readAllLines(out.resolve("summary.txt"));
        assertTrue(summary.stream().anyMatch(l -> l.matches("gpu +TIMEOUT +([5-9]|1[01])")), summary.toString());
        assertTrue(summary.stream().anyMatch(l -> l.matches("info +SKIPPED\\(time\\) +0")), summary.toString());
        assertTrue(summary.stream().anyMatch(l -> l.matches("graph-equals-eager +SKIPPED\\(time\\) +0")),
                summary.toString());
        assertTrue(summary.stream().anyMatch(l -> l.matches("ncu-conv +SKIPPED\\(time\\) +0")), summary.toString());
        assertTrue(summary.contains("no python3 with CUDA-enabled torch (or no pytorch/ in the bundle): PyTorch "
                + "comparison skipped"), summary.toString());
        assertTrue(archiveListing(out.resolve("results.tar.gz")).contains("./01-gpu.log"));
    }

    @Test
    void deviceCheckTellsAStepKilledBeforeItsLimitFromATimeout(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out dir");
        // The query is killed at once, as the out-of-memory killer would kill a step: a failure, not a timeout.
        Result result = deviceCheck(dir, "case \"$1\" in -L) echo 'GPU 0: Fake' ;; *) kill -KILL $$ ;; esac",
                "echo \"python $*\"", out, Map.of("JACE_CHECK_SECONDS", "25"));

        assertEquals(1, result.exitCode(), result.output());
        List<String> summary = Files.readAllLines(out.resolve("summary.txt"));
        assertTrue(summary.stream().anyMatch(l -> l.matches("gpu +FAILED\\(137\\) +[0-2]")), summary.toString());
    }

    /**
     * With the benchmarks bundled, the JMH steps run after `jace bench`, the ceilings first, then GroupConvBench over
     * its representative shapes at FP32, TF32 and BF16, in one JVM with short iterations, before the training steps.
     */
    @Test
    void deviceCheckRunsGroupConvBenchAfterTheCeilings(@TempDir Path dir) throws Exception {
        // The bundle's scripts, with jace, jace-test and jace-bench that print what they were asked to run.
        Path home = Files.createDirectories(dir.resolve("jmh bundle"));
        try (var files = Files.walk(bundle.resolve("bin"))) {
            for (Path file : files.toList()) {
                Files.copy(file, home.resolve(bundle.relativize(file).toString()));
            }
        }
        for (String script : List.of("jace", "jace-test", "jace-bench")) {
            Files.writeString(home.resolve("bin").resolve(script), "#!/bin/sh\necho \"" + script + " $*\"\n");
        }
        Files.createDirectories(home.resolve("bench"));
        Path work = dir.resolve("work dir");
        Result result = deviceCheck(home, dir, "echo 'GPU 0: Fake'", "exit 1", dir.resolve("out dir"), Map.of());

        List<String> summary = Files.readAllLines(work.resolve("summary.txt"));
        List<String> steps = summary.stream().map(l -> l.split(" +")[0]).toList();
        assertEquals(List.of("bench-BF16", "jmh-ceilings", "jmh-groupconv", "train-cuda"),
                steps.subList(steps.indexOf("bench-BF16"), steps.indexOf("train-cuda") + 1), summary.toString());
        assertTrue(summary.stream().anyMatch(l -> l.matches("jmh-groupconv +ok +\\d+")), summary.toString());
        assertTrue(result.output().contains("jmh-groupconv (limit 220s)"), result.output());
        String log = Files.readString(work.resolve(String.format("%02d-jmh-groupconv.log",
                steps.indexOf("jmh-groupconv"))));
        assertEquals("jace-bench GroupConvBench -p backend=cuda -p precision=FP32,TF32,BF16 -f 0 -wi 1 -w 150ms -i 3 "
                + "-r 200ms -rf json -rff " + work.resolve("jmh-groupconv.json"), log.strip());
    }

    /**
     * Runs jace-device-check OUT with a fake nvidia-smi whose body is {@code smi}, a fake python whose body is
     * {@code python}, an ncu that fails, no compute-sanitizer, and TMPDIR {@code dir/tmp}.
     */
    private static Result deviceCheck(Path dir, String smi, String python, Path out, Map<String, String> env)
            throws Exception {
        return deviceCheck(bundle, dir, smi, python, out, env);
    }

    /** {@link #deviceCheck(Path, String, String, Path, Map)} of the bundle in {@code home}. */
    private static Result deviceCheck(Path home, Path dir, String smi, String python, Path out,
                                      Map<String, String> env) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("fake-bin"));
        // An ncu that cannot read the counters, as on a machine whose runtime hides them.
        String ncu = "echo \"ncu $*\"; echo '==ERROR== ERR_NVGPUCTRPERM - no permission to read the counters'";
        for (var fake : Map.of("nvidia-smi", smi, "fake-python", python, "ncu", ncu).entrySet()) {
            Files.writeString(bin.resolve(fake.getKey()), "#!/bin/sh\n" + fake.getValue() + "\n");
            bin.resolve(fake.getKey()).toFile().setExecutable(true);
        }
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/jace-device-check").toString(),
                out.toString()).redirectErrorStream(true).directory(dir.toFile());
        builder.environment().put("PATH", bin + ":/usr/bin:/bin");
        builder.environment().remove("COMPUTE_SANITIZER");
        builder.environment().remove("NCU");
        builder.environment().put("JACE_PYTHON", bin.resolve("fake-python").toString());
        builder.environment().put("JACE_CHECK_WORK", dir.resolve("work dir").toString());
        builder.environment().put("TMPDIR", Files.createDirectories(dir.resolve("tmp")).toString());
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "timed out:\n" + output);
        return new Result(process.exitValue(), output);
    }

    private static List<String> archiveListing(Path archive) throws Exception {
        Result result = run("tar", "-tzf", archive.toString());
        assertEquals(0, result.exitCode(), result.output());
        return result.output().lines().toList();
    }

    private static List<String> listing(Path dir) throws IOException {
        try (var entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static Result jaceTest(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(bundle.resolve("bin/jace-test").toString()));
        command.addAll(Arrays.asList(args));
        return run(command.toArray(String[]::new));
    }

    private static Result run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "timed out: " + String.join(" ", command));
        return new Result(process.exitValue(), output);
    }
}
