package dev.jace.cli;

import dev.jace.backend.cuda.CudaProbe;
import dev.jace.io.FileFormatException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The files {@code jace-device-check} leaves in its {@code results.tar.gz} that {@code jace gpu-report} reads, from
 * the folder it was unpacked into. Any of them may be missing (a step failed, was skipped or ran out of time); an
 * empty JSON file counts as missing (JMH makes its result file when it starts, so a JMH step stopped at its limit
 * leaves one); a JSON file that is there but malformed is an error naming it, while a step log is read for what it
 * holds (its lines mix several programs' output).
 *
 * @param bench        {@code jace bench --backend cuda --json} per precision (FP32, TF32, BF16), as far as present
 * @param ceilings     the JMH ceilings, empty without {@link #JMH} or a {@link #JMH_LOG} that shows a result
 * @param ceilingsFrom the file the ceilings were read from: {@link #JMH}, or where JMH was stopped before it wrote
 *                     that, the step's log (the benchmarks it finished)
 * @param groupConv    GroupConvBench's scores, from {@link #JMH_GROUP_CONV} or else its step's log, empty without a
 *                     score in either
 * @param groupConvWgmma GroupConvBench's DIRECT cases at TF32 and BF16 under {@code JACE_CONV_KERNELS=wgmma}, from
 *                     {@link #JMH_GROUP_CONV_WGMMA} or else its step's log; empty without a score in either (a check
 *                     from before that step, or one that ran out of time), which is not counted missing
 * @param pytorch      {@code p4cnn.py throughput --json} per precision (fp32, bf16), as far as present
 * @param convCheck    {@code conv_gpu_check}'s check of the conv kernels against float64 (whether the timings of
 *                     {@code convBench} are of right results), empty without {@link #CONV_CHECK_LOG}
 * @param convBench    {@code conv_gpu_check bench}'s timings, empty without {@link #CONV_BENCH_LOG}
 * @param variantBench the runs of {@code jace bench} under a {@code JACE_CONV_KERNELS} value
 *                     ({@link KernelVariantBench#ALL}) whose files are there; a variant without its file (a check from
 *                     before its step, or the step failed) is left out, and not counted missing
 * @param cLaunch      the no-op launch timed from C ({@code examples/launch_overhead}), empty without
 *                     {@link #C_LAUNCH_LOG}
 * @param ncuConv      Nsight Compute's profile of the conv kernels, empty without {@link #NCU_CONV_LOG}
 * @param ncuDeviation Nsight Compute's profile of the deviation kernel, empty without {@link #NCU_DEVIATION_LOG}
 * @param gpu          nvidia-smi's query of the device (driver version, date), empty without {@link #GPU_LOG}
 * @param stepTraffic  what a warm training step asked of the CUDA backend per step mode (eager, graph, overlapped), as
 *                     far as its {@link #stepTrafficLog} is there
 * @param missing      the expected files that are not there or empty, in {@link #expectedFiles()} order
 * @param empty        those of {@code missing} that are there but empty
 */
record GpuResults(Map<String, BenchResults> bench, Optional<DeviceCeilings> ceilings, String ceilingsFrom,
                  Optional<GroupConvRuns> groupConv, Optional<GroupConvRuns> groupConvWgmma,
                  Map<String, PytorchThroughput> pytorch,
                  Optional<ConvKernelCheck> convCheck, Optional<ConvKernelBench> convBench,
                  Map<KernelVariantBench, BenchResults> variantBench,
                  Optional<CLaunchTiming> cLaunch, Optional<NcuProfile> ncuConv,
                  Optional<NcuProfile> ncuDeviation, Optional<NvidiaSmiQuery> gpu,
                  Map<String, StepTrafficLog> stepTraffic, List<String> missing, List<String> empty) {

    static final String JMH = "jmh-ceilings.json";
    static final String JMH_LOG = "NN-jmh-ceilings.log";
    static final String JMH_GROUP_CONV = "jmh-groupconv.json";
    static final String JMH_GROUP_CONV_LOG = "NN-jmh-groupconv.log";
    static final String JMH_GROUP_CONV_WGMMA = "jmh-groupconv-wgmma.json";
    static final String JMH_GROUP_CONV_WGMMA_LOG = "NN-jmh-groupconv-wgmma.log";
    static final List<String> PYTORCH_PRECISIONS = List.of("fp32", "bf16");
    static final String CONV_CHECK_LOG = "NN-conv-kernels.log";
    static final String CONV_BENCH_LOG = "NN-conv-kernels-bench.log";
    static final String C_LAUNCH_LOG = "NN-c-launch_overhead.log";
    static final String NCU_CONV_LOG = "NN-ncu-conv.log";
    static final String NCU_DEVIATION_LOG = "NN-ncu-deviation.log";
    static final String INFO_LOG = "NN-info.log";
    static final String GPU_LOG = "NN-gpu.log";
    /** StepTraffic's modes, as the device check runs them. */
    static final List<String> STEP_MODES = List.of("eager", "graph", "overlapped");
    private static final List<String> STEP_LOGS = Stream.concat(Stream.of(GPU_LOG, CONV_CHECK_LOG, CONV_BENCH_LOG,
            C_LAUNCH_LOG, NCU_CONV_LOG, NCU_DEVIATION_LOG), STEP_MODES.stream().map(GpuResults::stepTrafficLog))
            .toList();

    GpuResults {
        bench = Collections.unmodifiableMap(new LinkedHashMap<>(bench));
        pytorch = Collections.unmodifiableMap(new LinkedHashMap<>(pytorch));
        variantBench = Collections.unmodifiableMap(new LinkedHashMap<>(variantBench));
        stepTraffic = Collections.unmodifiableMap(new LinkedHashMap<>(stepTraffic));
        missing = List.copyOf(missing);
        empty = List.copyOf(empty);
    }

    static String benchFile(String precision) {
        return "bench-" + precision + ".json";
    }

    /** The log of StepTraffic in {@code mode}: {@code NN-step-traffic.log} (eager), else NN-step-traffic-MODE.log. */
    static String stepTrafficLog(String mode) {
        return StepLogs.PREFIX + "step-traffic" + (mode.equals("eager") ? "" : "-" + mode) + ".log";
    }

    static String pytorchFile(String precision) {
        return "pytorch-c4-" + precision + ".json";
    }

    /** Every file read, in the order the report names them; a step log's NN stands for its step number. */
    static List<String> expectedFiles() {
        List<String> files = new ArrayList<>();
        DeviceCeilings.PRECISIONS.forEach(p -> files.add(benchFile(p)));
        files.add(JMH);
        files.add(JMH_GROUP_CONV);
        PYTORCH_PRECISIONS.forEach(p -> files.add(pytorchFile(p)));
        files.addAll(STEP_LOGS);
        return files;
    }

    static GpuResults read(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            throw new IOException(dir + ": no such folder (give the folder results.tar.gz was unpacked into)");
        }
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + ": not a folder; unpack the device check's results.tar.gz and give its "
                    + "folder: mkdir R && tar -xzf results.tar.gz -C R && jace gpu-report R");
        }
        Map<String, Path> logs = new LinkedHashMap<>();
        for (String log : STEP_LOGS) {
            StepLogs.latest(dir, log).ifPresent(file -> logs.put(log, file));
        }
        List<String> missing = new ArrayList<>();
        List<String> empty = new ArrayList<>();
        for (String f : expectedFiles()) {
            boolean log = f.startsWith(StepLogs.PREFIX);
            if (log ? !logs.containsKey(f) : !Files.exists(dir.resolve(f))) {
                missing.add(f);
            } else if (!log && Files.size(dir.resolve(f)) == 0) {
                missing.add(f);
                empty.add(f);
            }
        }
        if (missing.size() == expectedFiles().size() && empty.isEmpty()) {
            throw new IOException(dir + ": holds none of " + String.join(", ", expectedFiles())
                    + (Files.exists(dir.resolve("results.tar.gz"))
                    ? "; unpack its results.tar.gz first: tar -xzf results.tar.gz -C FOLDER, then jace gpu-report FOLDER"
                    : " (give the folder the device check's results.tar.gz was unpacked into)"));
        }
        refuseEmulatorRun(dir);
        Map<String, BenchResults> bench = new LinkedHashMap<>();
        for (String precision : DeviceCeilings.PRECISIONS) {
            Path file = dir.resolve(benchFile(precision));
            if (!missing.contains(benchFile(precision))) {
                bench.put(precision, checked(BenchResults.read(file), precision, ConvKernelsVariable.DEFAULT));
            }
        }
        Optional<DeviceCeilings> ceilings = Optional.empty();
        String ceilingsFrom = JMH;
        Optional<JmhSource> ceilingScores = jmhScores(dir, JMH, JMH_LOG, missing);
        if (ceilingScores.isPresent()) {
            ceilings = Optional.of(ceilings(ceilingScores.get().file(), ceilingScores.get().scores()));
            ceilingsFrom = ceilingScores.get().name();
            found(JMH, missing, empty);
        }
        Optional<GroupConvRuns> groupConv = groupConv(dir, missing, empty);
        Optional<GroupConvRuns> groupConvWgmma = groupConvWgmma(dir);
        Map<String, PytorchThroughput> pytorch = new LinkedHashMap<>();
        for (String precision : PYTORCH_PRECISIONS) {
            Path file = dir.resolve(pytorchFile(precision));
            if (!missing.contains(pytorchFile(precision))) {
                pytorch.put(precision, PytorchThroughput.read(file, precision));
            }
        }
        Optional<ConvKernelCheck> convCheck = logs.containsKey(CONV_CHECK_LOG)
                ? Optional.of(ConvKernelCheck.read(logs.get(CONV_CHECK_LOG))) : Optional.empty();
        Optional<ConvKernelBench> convBench = logs.containsKey(CONV_BENCH_LOG)
                ? Optional.of(ConvKernelBench.read(logs.get(CONV_BENCH_LOG))) : Optional.empty();
        Optional<CLaunchTiming> cLaunch = logs.containsKey(C_LAUNCH_LOG)
                ? Optional.of(CLaunchTiming.read(logs.get(C_LAUNCH_LOG))) : Optional.empty();
        Map<String, StepTrafficLog> stepTraffic = new LinkedHashMap<>();
        for (String mode : STEP_MODES) {
            Path log = logs.get(stepTrafficLog(mode));
            if (log != null) {
                stepTraffic.put(mode, StepTrafficLog.read(log));
            }
        }
        Map<KernelVariantBench, BenchResults> variantBench = new LinkedHashMap<>();
        for (KernelVariantBench variant : KernelVariantBench.ALL) {
            Path file = dir.resolve(variant.file());
            if (Files.isRegularFile(file) && Files.size(file) > 0) {
                variantBench.put(variant, checked(BenchResults.read(file), variant.precision(), variant.kernels()));
            }
        }
        return new GpuResults(bench, ceilings, ceilingsFrom, groupConv, groupConvWgmma, pytorch, convCheck, convBench,
                variantBench, cLaunch, ncu(logs, NCU_CONV_LOG), ncu(logs, NCU_DEVIATION_LOG),
                logs.containsKey(GPU_LOG) ? Optional.of(NvidiaSmiQuery.read(logs.get(GPU_LOG))) : Optional.empty(),
                stepTraffic, missing, empty);
    }

    /**
     * GroupConvBench's scores from {@link #JMH_GROUP_CONV}, or where that is missing or empty, from the step's log
     * (the benchmarks JMH finished before it was stopped, which then no longer count as missing); empty without any.
     */
    private static Optional<GroupConvRuns> groupConv(Path dir, List<String> missing, List<String> empty)
            throws IOException {
        Optional<JmhSource> source = jmhScores(dir, JMH_GROUP_CONV, JMH_GROUP_CONV_LOG, missing);
        if (source.isEmpty()) {
            return Optional.empty();
        }
        GroupConvRuns runs = GroupConvRuns.of(source.get().name(), source.get().scores(),
                StepLogs.latest(dir, JMH_GROUP_CONV_LOG));
        if (runs.scores().isEmpty()) {
            return Optional.empty();
        }
        found(JMH_GROUP_CONV, missing, empty);
        return Optional.of(runs);
    }

    /**
     * GroupConvBench's scores under JACE_CONV_KERNELS=wgmma, from {@link #JMH_GROUP_CONV_WGMMA}, or where that is
     * missing or empty, from the step's log; empty without any. A file outside {@link #expectedFiles()}.
     */
    private static Optional<GroupConvRuns> groupConvWgmma(Path dir) throws IOException {
        Path json = dir.resolve(JMH_GROUP_CONV_WGMMA);
        boolean written = Files.isRegularFile(json) && Files.size(json) > 0;
        Optional<JmhSource> source = jmhScores(dir, JMH_GROUP_CONV_WGMMA, JMH_GROUP_CONV_WGMMA_LOG,
                written ? List.of() : List.of(JMH_GROUP_CONV_WGMMA));
        if (source.isEmpty()) {
            return Optional.empty();
        }
        GroupConvRuns runs = GroupConvRuns.of(source.get().name(), source.get().scores(), Optional.empty());
        return runs.scores().isEmpty() ? Optional.empty() : Optional.of(runs);
    }

    /** JMH's scores and the file they were read from. */
    private record JmhSource(Path file, List<JmhScore> scores) {

        String name() {
            return file.getFileName().toString();
        }
    }

    /**
     * The scores of JMH's {@code json} in {@code dir}, or where that is missing or empty, of its step's log
     * {@code log} (the benchmarks JMH finished before it was stopped); empty where the log has none either.
     */
    private static Optional<JmhSource> jmhScores(Path dir, String json, String log, List<String> missing)
            throws IOException {
        if (!missing.contains(json)) {
            Path file = dir.resolve(json);
            return Optional.of(new JmhSource(file, JmhScore.readAll(file)));
        }
        Optional<Path> logFile = StepLogs.latest(dir, log);
        List<JmhScore> logged = logFile.isPresent() ? JmhScore.readLog(logFile.get()) : List.of();
        return logged.isEmpty() ? Optional.empty() : Optional.of(new JmhSource(logFile.get(), logged));
    }

    /** {@code file}'s results were read, from it or from its step's log: it no longer counts as missing or empty. */
    private static void found(String file, List<String> missing, List<String> empty) {
        missing.remove(file);
        empty.remove(file);
    }

    /** The ceilings of {@code scores}, read from {@code source}: a score they cannot use is an error naming it. */
    private static DeviceCeilings ceilings(Path source, List<JmhScore> scores) throws FileFormatException {
        try {
            return DeviceCeilings.from(scores);
        } catch (IllegalArgumentException e) {
            throw new FileFormatException(source, e.getMessage(), e);
        }
    }

    private static Optional<NcuProfile> ncu(Map<String, Path> logs, String log) throws IOException {
        return logs.containsKey(log) ? Optional.of(NcuProfile.read(logs.get(log))) : Optional.empty();
    }

    /**
     * The JMH ceilings carry no device name, so {@code jace info}'s log says whether the check ran on jace's CPU
     * emulator of CUDA (JACE_NATIVE_LIB pointing at it), whose times are no GPU figures and must judge no target;
     * launch_overhead's log names its device itself.
     */
    private static void refuseEmulatorRun(Path dir) throws IOException {
        refuseEmulatorLog(dir, INFO_LOG, "the device check ran on jace's CPU emulator of CUDA, not a GPU; its times "
                + "are no GPU figures: run jace-device-check on the GPU host without JACE_NATIVE_LIB");
        refuseEmulatorLog(dir, C_LAUNCH_LOG, "launch_overhead ran on jace's CPU emulator of CUDA, not a GPU; its "
                + "times are no GPU figures: run it on the GPU host against the libjace.so of the bundle's "
                + "natives jar");
    }

    private static void refuseEmulatorLog(Path dir, String log, String why) throws IOException {
        Optional<Path> file = StepLogs.latest(dir, log);
        if (file.isPresent()
                && StepLogs.lines(file.get()).stream().anyMatch(line -> line.contains(CudaProbe.EMULATOR_DEVICE))) {
            throw new IOException(file.get() + ": " + why);
        }
    }

    /**
     * The CUDA rows of a bench file named for {@code precision} must be of that precision, and a file that says which
     * JACE_CONV_KERNELS value it ran under (since session 72) must have run under the one its name says,
     * {@code kernels}: else the report would set one set of kernels' times beside themselves, or label them another's.
     */
    private static BenchResults checked(BenchResults results, String precision, String kernels) throws IOException {
        if (results.convKernels().isPresent() && !results.convKernels().get().equals(kernels)) {
            String named = kernels.equals(ConvKernelsVariable.DEFAULT)
                    ? "the default kernels (" + ConvKernelsVariable.DEFAULT + ")" : kernels;
            throw new FileFormatException(results.file(), "was measured under " + ConvKernelsVariable.NAME + "="
                    + results.convKernels().get() + ", but its name says " + named + ": run jace-device-check "
                    + "without " + ConvKernelsVariable.NAME + " in its environment (it sets the variable for its "
                    + "steps itself)");
        }
        if (results.machine().gpu().contains(CudaProbe.EMULATOR_DEVICE)) {
            throw new IOException(results.file() + ": measured on jace's CPU emulator of CUDA, not a GPU ("
                    + results.machine().gpu() + "); its times are no GPU figures: run jace-device-check on the GPU host");
        }
        List<BenchRow> rows = results.rows("cuda");
        for (int i = 0; i < rows.size(); i++) {
            if (!rows.get(i).precision().toUpperCase(Locale.ROOT).equals(precision)) {
                throw new FileFormatException(results.file(), "has a cuda row of precision "
                        + rows.get(i).precision() + " (" + rows.get(i).op() + "), but its name says " + precision);
            }
        }
        return results;
    }

    /** The CUDA rows of the precision's bench file; empty where the file is missing. */
    List<BenchRow> cudaRows(String precision) {
        BenchResults results = bench.get(precision);
        return results == null ? List.of() : results.rows("cuda");
    }
}
