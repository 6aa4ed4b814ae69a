package dev.jace.cli;

import dev.jace.backend.Precision;
import dev.jace.backend.cpu.CpuBackend;
import dev.jace.backend.cuda.CudaBackend;
import dev.jace.backend.cuda.CudaProbe;
import dev.jace.backend.cuda.GroupConvAlgorithm;
import dev.jace.bindings.LibraryReport;
import dev.jace.bindings.NativeLibraries;
import dev.jace.constraint.LagrangianPlan;
import dev.jace.constraint.Method;
import dev.jace.data.PlumeConfig;
import dev.jace.data.TaskConfig;
import dev.jace.data.TeacherConfig;
import dev.jace.group.Group;
import dev.jace.io.WriteFailedException;
import dev.jace.train.Metrics;
import dev.jace.train.TrainingDivergedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest {

    record Result(int exitCode, String out, String err) {
    }

    @Command(name = "fail")
    record Failing(Exception error) implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            throw error;
        }
    }

    private static Result run(boolean debug, Exception failure, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine(new PrintWriter(out), new PrintWriter(err), debug);
        if (failure != null) {
            commandLine.addSubcommand("fail", new Failing(failure));
            // picocli passes these settings only to the subcommands present when they are set.
            commandLine.setOut(commandLine.getOut()).setErr(commandLine.getErr())
                    .setExecutionExceptionHandler(commandLine.getExecutionExceptionHandler());
        }
        int exitCode = commandLine.execute(args);
        return new Result(exitCode, out.toString(), err.toString());
    }

    private static Result run(String... args) {
        return run(false, null, args);
    }

    @Test
    void unknownFlagPrintsTheUsageAndExits2() {
        Result result = run("--bogus");
        assertEquals(2, result.exitCode());
        assertTrue(result.err().contains("Unknown option: '--bogus'"), result.err());
        assertTrue(result.err().contains("Usage: jace"), result.err());
        assertEquals("", result.out());
    }

    @Test
    void unknownSubcommandFlagPrintsThatSubcommandsUsage() {
        Result result = run("version", "--bogus");
        assertEquals(2, result.exitCode());
        // The message and where the help is, not the help itself, which would bury the message.
        assertEquals(List.of("Unknown option: '--bogus'",
                "Usage: jace version [OPTIONS]; 'jace version --help' lists the options"),
                result.err().lines().toList());
    }

    @Test
    void unknownCommandExits2() {
        Result result = run("frobnicate");
        assertEquals(2, result.exitCode());
        assertTrue(result.err().contains("'frobnicate'"), result.err());
        assertTrue(result.err().contains("Usage: jace"), result.err());
    }

    @Test
    void missingCommandExits2() {
        Result result = run();
        assertEquals(2, result.exitCode());
        assertTrue(result.err().contains("Missing required subcommand"), result.err());
    }

    @Test
    void helpListsTheCommands() {
        Result result = run("--help");
        assertEquals(0, result.exitCode());
        assertTrue(result.out().contains("version"), result.out());
        assertTrue(result.out().contains("bundle"), result.out());
    }

    @Test
    void subcommandHelpShowsTheTaskConfigsDefaults() {
        Result result = run("compare", "--help");
        assertEquals(0, result.exitCode(), result.err());
        String help = result.out().replaceAll("\\s+", " ");
        TeacherConfig teacher = TeacherConfig.defaults();
        PlumeConfig plume = PlumeConfig.defaults();
        assertTrue(help.contains("image size (default %d teacher, %d plume;".formatted(teacher.size(), plume.size())),
                help);
        assertTrue(help.contains("training samples (default %d teacher, %d plume)".formatted(teacher.trainCount(),
                plume.trainCount())), help);
        assertTrue(help.contains("test samples (default %d teacher, %d plume)".formatted(teacher.testCount(),
                plume.testCount())), help);
    }

    /** eval's data flags default to the run's: --subset's help said "(default: all)" there too. */
    @Test
    void evalsSubsetHelpNamesTheRunsValueAsItsDefault() {
        Result result = run("eval", "--help");
        assertEquals(0, result.exitCode(), result.err());
        // Compared without blanks: the help's lines break at any of them.
        String help = result.out().replaceAll("\\s+", "");
        assertTrue(help.contains("--subset=<subset>fashion-mnist:firstNsamplesofeachsplit(default:all;eval:thatof"
                + "therun,whichconfig.jsonrecords)."), result.out());
    }

    @Test
    void versionPrintsJaceAndJavaVersions() {
        Result result = run("version");
        assertEquals(0, result.exitCode());
        assertTrue(result.out().startsWith("jace " + VersionInfo.jaceVersion() + System.lineSeparator()),
                result.out());
        assertFalse(VersionInfo.jaceVersion().contains("${"), "version.properties was not filtered");
        assertTrue(result.out().contains("Java " + Runtime.version()), result.out());
        assertEquals(result.out(), run("--version").out());
    }

    @Test
    void argumentErrorIsOneLineAndExits1() {
        Result result = run(false, new IllegalArgumentException("width must be positive"), "fail");
        assertEquals(1, result.exitCode());
        assertEquals("jace: width must be positive" + System.lineSeparator(), result.err());
    }

    @Test
    void fileErrorNamesTheFileAndWhatIsWrongWithIt() {
        Result missing = run(false, new NoSuchFileException("/data/mnist.bin"), "fail");
        assertEquals(1, missing.exitCode());
        assertEquals("jace: /data/mnist.bin: no such file or directory" + System.lineSeparator(), missing.err());
        assertEquals("jace: /out: permission denied" + System.lineSeparator(),
                run(false, new AccessDeniedException("/out"), "fail").err());
        assertEquals("jace: /a: FileSystemException (/b)" + System.lineSeparator(),
                run(false, new FileSystemException("/a", "/b", null), "fail").err());
        assertEquals("jace: /data: Fashion-MNIST folder not found" + System.lineSeparator(),
                run(false, new NoSuchFileException("/data", null, "Fashion-MNIST folder not found"), "fail").err());
    }

    @Test
    void anUncheckedIoErrorKeepsWhatWasBeingDoneBeforeItsCause() {
        WriteFailedException full = new WriteFailedException(Path.of("/out/model.safetensors"),
                new IOException("No space left on device"));
        assertEquals("jace: cannot write checkpoint to /out: /out/model.safetensors: No space left on device"
                + System.lineSeparator(), run(false, new UncheckedIOException("cannot write checkpoint to /out", full),
                "fail").err());
        Result bare = run(false, new UncheckedIOException(full), "fail");
        assertEquals(1, bare.exitCode());
        assertEquals("jace: /out/model.safetensors: No space left on device" + System.lineSeparator(), bare.err());
        assertEquals("jace: /in: no such file or directory" + System.lineSeparator(),
                run(false, new UncheckedIOException(new NoSuchFileException("/in")), "fail").err());
    }

    @Test
    void aFailedWriteOfATrainRunSaysWhatIsKeptOnALineOfItsOwn(@TempDir Path dir) {
        Exception failed;
        try (ResumeHint hint = ResumeHint.forRun(new PrintWriter(new StringWriter()), dir)) {
            failed = hint.withHint(new UncheckedIOException("cannot write checkpoint to /out",
                    new WriteFailedException(Path.of("/out/a"), new IOException("File too large"))));
        }
        Result result = run(false, failed, "fail");
        assertEquals(1, result.exitCode());
        assertEquals("jace: cannot write checkpoint to /out: /out/a: File too large" + System.lineSeparator()
                + "jace: nothing was checkpointed in " + dir + " yet; the same command with --force starts the run"
                + " over" + System.lineSeparator(), result.err());
    }

    @Test
    void aTrainRunOutOfMemorySaysSoAndWhatIsKeptWithoutAStackTrace(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("checkpoint"));
        Files.writeString(dir.resolve("checkpoint/state.json"), "{}");
        Exception failed;
        try (ResumeHint hint = ResumeHint.forRun(new PrintWriter(new StringWriter()), dir)) {
            failed = hint.withHint(new OutOfMemoryError("Java heap space"));
        }
        Result result = run(false, failed, "fail");
        assertEquals(1, result.exitCode());
        assertEquals("jace: " + Main.outOfMemory(Runtime.getRuntime().maxMemory()) + System.lineSeparator()
                + "jace: the last epoch checkpoint is kept in " + dir.resolve("checkpoint") + "; the same command with"
                + " --resume continues from there (with the same settings: give it a larger heap)"
                + System.lineSeparator(), result.err());
    }

    @Test
    void divergedTrainingIsOneLineWithItsAdvice() {
        Result result = run(false, new TrainingDivergedException(new Metrics.Diverged(12, 1, Double.NaN), 4, Optional.empty(),
                new LagrangianPlan("unconstrained", List.of())), "fail");
        assertEquals(1, result.exitCode());
        assertEquals("jace: training diverged: loss is NaN at step 12 (in epoch 2/4); no checkpoint was written. Lower the "
                + "learning rate." + System.lineSeparator(), result.err());
    }

    @Test
    void outOfMemoryNamesTheHeapAndTheWaysOut() {
        assertEquals("out of memory: the Java heap (at most 512 MiB) cannot hold this run's data; use smaller"
                + " --train, --test or --size (fashion-mnist: --subset) (train, compare, eval), --batch (train, compare,"
                + " eval, predict) or"
                + " --probe-samples (train, compare: 'all' runs the whole batch once per group element), or a larger"
                + " heap, e.g. JACE_JAVA_OPTS=-Xmx16g bin/jace ...",
                Main.outOfMemory(512L << 20));
    }

    @Test
    void verboseOrDebugAddsTheStackTrace() {
        Exception failure = new IllegalArgumentException("width must be positive");
        for (Result result : new Result[] {run(false, failure, "fail", "--verbose"),
                run(false, failure, "--verbose", "fail"), run(true, failure, "fail")}) {
            assertEquals(1, result.exitCode());
            assertTrue(result.err().startsWith("jace: width must be positive"), result.err());
            assertTrue(result.err().contains("at dev.jace.cli.MainTest"), result.err());
        }
    }

    @Test
    void unexpectedErrorAlwaysGetsTheStackTrace() {
        Result result = run(false, new IllegalStateException("invariant broken"), "fail");
        assertEquals(1, result.exitCode());
        assertTrue(result.err().startsWith("jace: invariant broken"), result.err());
        assertTrue(result.err().contains("java.lang.IllegalStateException"), result.err());
    }

    @Test
    void selftestPrintsThePassingTable() {
        Result result = run(false, null, "selftest", "--seed", "7");
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().contains("plain conv (control)"), result.out());
        assertTrue(result.out().endsWith("PASSED at FP32: outputs within 1e-08 of float64, equivariant layers below"
                + " it, control above it\n"), result.out());
    }

    /** The CPU computes in FP32 whatever --precision says, so it is judged at FP32's tolerance. */
    @Test
    void selftestOnTheCpuIsJudgedAtFp32() {
        Result result = run(false, null, "selftest", "--precision", "BF16");
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.err().contains("--precision applies to --backend cuda only"), result.err());
        assertTrue(result.out().contains("PASSED at FP32: outputs within 1e-08 of float64"), result.out());
    }

    @Test
    void cudaBackendWithoutGpuIsAOneLineError() {
        org.junit.jupiter.api.Assumptions.assumeFalse(dev.jace.backend.cuda.CudaBackend.isAvailable(),
                "a GPU is present");
        Result result = run(false, null, "selftest", "--backend", "cuda");
        assertEquals(1, result.exitCode());
        assertTrue(result.err().startsWith("jace: --backend cuda is not usable here"), result.err());
    }

    /** Said before the data are loaded (here missing files, which would be reported first), not after. */
    @Test
    void trainAndCompareSayTheCudaBackendIsUnusableBeforeLoadingData(@org.junit.jupiter.api.io.TempDir Path dir) {
        org.junit.jupiter.api.Assumptions.assumeFalse(dev.jace.backend.cuda.CudaBackend.isAvailable(),
                "a GPU is present");
        String missing = dir.resolve("no-data").toString();
        for (String[] command : List.of(new String[] {"train", "--method", "strict"},
                new String[] {"compare", "--methods", "strict"})) {
            List<String> args = new java.util.ArrayList<>(List.of(command));
            args.addAll(List.of("--task", "fashion-mnist", "--data", missing, "--backend", "cuda", "--out",
                    dir.resolve(command[0]).toString()));
            Result result = run(false, null, args.toArray(String[]::new));
            assertEquals(1, result.exitCode(), result.err());
            assertTrue(result.err().startsWith("jace: --backend cuda is not usable here"), result.err());
        }
    }

    @Test
    void aCompareOfMoreRunsThanItMayPlanIsRefusedNamingSeeds(@org.junit.jupiter.api.io.TempDir Path dir) {
        Result result = run(false, null, "compare", "--task", "teacher", "--methods", "strict,ace", "--seeds",
                "2147483647", "--out", dir.resolve("c").toString());
        assertEquals(2, result.exitCode(), result.err());
        assertTrue(result.err().startsWith("--seeds 2147483647 with 2 methods makes 4294967294 runs, more than a"
                + " compare plans (10000); give --seeds 5000 or fewer"), result.err());
        assertFalse(Files.exists(dir.resolve("c")));
    }

    @Test
    void groupConvTakesTheThreeAlgorithmsOnly() {
        Result bad = run(false, null, "selftest", "--group-conv", "FASTEST");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("Invalid value for option '--group-conv'"), bad.err());
        assertTrue(bad.err().contains("AUTO, DIRECT, EXPANDED"), bad.err());
        Result cpu = run(false, null, "selftest", "--group-conv", "DIRECT");
        assertEquals(0, cpu.exitCode(), cpu.err());
    }

    @Test
    void enumValuesAreTakenInAnyCase() {
        CommandLine commandLine = CliRuns.discardingOutput();
        CommandLine.ParseResult parsed = commandLine.parseArgs("selftest", "--backend", "CPU", "--precision", "tf32",
                "--group-conv", "Direct").subcommand();
        assertEquals(BackendOptions.Kind.cpu, parsed.matchedOptionValue("--backend", null));
        assertEquals(Precision.TF32, parsed.matchedOptionValue("--precision", null));
        assertEquals(GroupConvAlgorithm.DIRECT, parsed.matchedOptionValue("--group-conv", null));
        CommandLine.ParseResult train = commandLine.parseArgs("train", "--method", "ACE-Resilient", "--task",
                "Teacher", "--group", "C4", "--out", "unused").subcommand();
        assertEquals(Method.ACE_RESILIENT, train.matchedOptionValue("--method", null));
        assertEquals("teacher", train.<TaskConfig>matchedOptionValue("--task", null).name());
        assertEquals("c4", train.<Group>matchedOptionValue("--group", null).name());
    }

    @Test
    void infoNamesTheBackendsAndLibraries() {
        Result result = run(false, null, "info");
        assertEquals(0, result.exitCode(), result.err());
        List<String> lines = result.out().lines().toList();
        assertEquals(List.of(new VersionInfo().getVersion()), lines.subList(0, 3));
        assertTrue(lines.getFirst().matches("jace \\d+\\.\\d+\\.\\d+.*"), lines.getFirst());
        assertTrue(lines.get(3).startsWith("cpu backend: cpu"), result.out());
        try (CpuBackend cpu = new CpuBackend()) {
            assertEquals("  gemm: " + cpu.gemmKernel(), lines.get(4));
        }
        CudaProbe probe = CudaBackend.probe();
        assertEquals("cuda backend: " + (probe.available() ? "available" : "unavailable"), lines.get(5));
        assertTrue(lines.contains("libraries:"), result.out());
        assertTrue(result.out().contains("cuDNN"), result.out());
        // Where CUDA is missing for want of a library, its search list and fix are printed once, under libraries.
        Optional<LibraryReport.Entry> missing = NativeLibraries.system().report().libraries().stream()
                .filter(e -> !e.found() && e.detail().equals(probe.summary())).findFirst();
        if (missing.isPresent()) {
            assertEquals("  " + missing.get().library() + " not found (where jace looked, and the fix: under libraries"
                    + " below)", lines.get(6));
            String searched = probe.summary().lines().findFirst().orElseThrow();
            assertEquals(1, lines.stream().filter(l -> l.strip().equals(searched)).count(), result.out());
        } else {
            assertEquals("  " + probe.summary().lines().findFirst().orElseThrow(), lines.get(6));
        }
    }

    /** An empty path would name the current folder ("jace: : is a folder, not an NPY file"): bad usage, named. */
    @Test
    void aPathThatWasNotUtf8IsBadUsageNamingTheOption(@TempDir Path dir) {
        // The JVM decodes a byte such as 0xE9 that is not UTF-8 as U+FFFD, which would name another file.
        String undecodable = dir.resolve("\uFFFDout.npy").toString();
        Result result = run("predict", "--model", dir.toString(), "--input", "x.npy", "--output", undecodable);
        assertEquals(2, result.exitCode(), result.err());
        assertEquals("Invalid value for option '--output': '" + undecodable + "' holds bytes that are not UTF-8"
                + " (shown as \uFFFD), and jace reads its arguments as UTF-8, so it cannot name that file: rename it"
                + " with UTF-8 characters", result.err().lines().findFirst().orElseThrow());
        assertFalse(Files.exists(Path.of(undecodable)));
    }

    @Test
    void anEmptyPathIsBadUsageNamingTheOption(@TempDir Path dir) {
        String out = dir.resolve("out").toString();
        String file = "must name a file, got ";
        String folder = "must name a folder, got ";
        String model = "must name a folder or file, got ";
        List<List<String>> cases = List.of(
                List.of("predict", "--model", "", "--input", "x.npy", "--output", out, "--model", model + "''"),
                List.of("predict", "--model", out, "--input", "", "--output", out, "--input", file + "''"),
                List.of("predict", "--model", out, "--input", out, "--output", " ", "--output", file + "' '"),
                List.of("eval", "--model", "", "--model", model + "''"),
                List.of("bench", "--json", "", "--json", file + "''"),
                List.of("train", "--task", "fashion-mnist", "--data", "", "--out", out, "--data", folder + "''"));
        for (List<String> c : cases) {
            Result result = run(c.subList(0, c.size() - 2).toArray(String[]::new));
            assertEquals(2, result.exitCode(), c + ": " + result.err());
            assertEquals("Invalid value for option '" + c.get(c.size() - 2) + "': " + c.getLast(),
                    result.err().lines().findFirst().orElseThrow(), c.toString());
        }
        for (String command : List.of("bundle", "gpu-report")) {
            Result result = run(command, "");
            assertEquals(2, result.exitCode(), command + ": " + result.err());
            assertEquals("Invalid value for positional parameter at index 0 (DIR): " + folder + "''",
                    result.err().lines().findFirst().orElseThrow(), command);
        }
        assertFalse(Files.exists(dir.resolve("out")));
    }
}
