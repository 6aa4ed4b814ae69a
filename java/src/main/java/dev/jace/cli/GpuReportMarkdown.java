package dev.jace.cli;

import dev.jace.cli.DeviceCeilings.Ceiling;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Writes a device check's results ({@link GpuResults}) and the verdicts on issue #6's targets ({@link GpuTargets}) as
 * a Markdown entry for the "GPU runs" section of bench/RESULTS.md: the device, the ceilings, one table row per target,
 * GroupConvBench's cases, the kernel check and timings of the conv kernels, the bench rows, the Nsight Compute
 * profiles, the autotuner's choices, and which files were missing and what that leaves unjudged.
 */
final class GpuReportMarkdown {

    /** How many stall reasons a profile row names. */
    private static final int TOP_STALLS = 3;
    /**
     * The wgmma main loop on a plain GEMM, fed by cp.async and (since session 74) by tensor copies, which
     * {@code conv_gpu_check profile} runs after the convolutions.
     */
    private static final List<String> PLAIN_KERNELS = List.of("conv_wgmma128_plain_kernel",
            "conv_wgmma_tma_plain_kernel");

    private GpuReportMarkdown() {
    }

    static String render(GpuResults results) {
        GpuTargets targets = new GpuTargets(results);
        List<String> md = new ArrayList<>();
        md.add("### " + date(results) + ", GPU device check (`jace-device-check`): issue #6 targets");
        md.add("");
        md.add("Drafted by `bin/jace gpu-report` from the unpacked `results.tar.gz`.");
        md.add("");
        machine(results, md);
        md.add("");
        ceilings(results, md);
        md.add("");
        md.add("Targets (issue #6):");
        md.add("");
        md.addAll(MarkdownTable.header("target", "measured", "threshold", "verdict"));
        for (TargetVerdict v : targets.judge()) {
            md.add(MarkdownTable.row(v.target(), v.measured(), v.threshold(), v.verdict()));
        }
        md.add("");
        md.addAll(GroupConvRunsTable.render(results));
        md.addAll(GroupConvWgmmaTable.render(results));
        md.addAll(KernelCheckParagraph.render(results));
        md.addAll(ConvKernelsTable.render(results));
        KernelVariantBench.ALL.forEach(variant -> md.addAll(KernelVariantBenchTable.render(results, variant)));
        md.addAll(BenchRowsTable.render(results));
        profiles(results, md);
        autotuner(targets.autotunerPicks(), md);
        missing(results, md);
        md.add("");
        md.add("Notes: `jace bench` times each op by wall clock around the call and `synchronize()` (rate at the median "
                + "of its timed reps; on CUDA each rep runs the call back to back for at least 2 ms, at most 1000 "
                + "times, before its one synchronize, so small ops are not timed at the launch + synchronize cost); "
                + "the ceilings are JMH averages; the deviation is judged against the copy row of its own `jace "
                + "bench` run, timed the same way, JMH's copy (a synchronize after each copy) shown only. "
                + "The training-step target is judged on StepTraffic's calls and host waits of a warm overlapped "
                + "(captured) step; its "
                + "images/s stand beside PyTorch's, not judged against them.");
        return String.join("\n", md) + "\n";
    }

    /**
     * The day of the check: nvidia-smi's timestamp in the gpu step's log, else the date of a PyTorch run, else the
     * earliest bench run's (bench files before their machine's date have none), else a placeholder.
     */
    private static String date(GpuResults results) {
        return results.gpu().flatMap(NvidiaSmiQuery::date).or(() -> results.pytorch().values().stream()
                .map(PytorchThroughput::date).filter(d -> d != null && d.matches("\\d{4}-\\d{2}-\\d{2}.*"))
                .map(d -> d.substring(0, 10)).findFirst()).or(() -> benchDates(results).stream().findFirst()
                .map(d -> d.substring(0, 10))).orElse("YYYY-MM-DD");
    }

    /** The bench runs' dates that are ones, earliest first. */
    private static List<String> benchDates(GpuResults results) {
        return results.bench().values().stream().map(b -> b.machine().date())
                .filter(d -> d != null && d.matches("\\d{4}-\\d{2}-\\d{2}T.*")).sorted().toList();
    }

    private static void machine(GpuResults results, List<String> md) {
        // One device check's bench runs differ in their dates only.
        Map<MachineInfo, List<BenchResults>> machines = new LinkedHashMap<>();
        results.bench().values().forEach(b -> machines.computeIfAbsent(b.machine().withoutDate(),
                m -> new ArrayList<>()).add(b));
        if (machines.isEmpty()) {
            md.add("- Device: not measured (no bench-*.json)");
        }
        machines.forEach((m, runs) -> {
            String from = machines.size() > 1 ? " (" + String.join(", ", runs.stream()
                    .map(b -> b.file().getFileName().toString()).toList()) + ")" : "";
            List<String> dates = runs.stream().map(b -> b.machine().date()).filter(d -> d != null).sorted().toList();
            md.add("- Device: " + m.gpu() + from);
            md.add("- Host: " + m.host() + "; JVM " + m.jvm() + (m.jace() == null ? "" : "; jace " + m.jace())
                    + (dates.isEmpty() ? "" : (dates.size() == 1 ? "; bench run " : "; bench runs ")
                    + String.join(", ", dates)) + from);
        });
        results.gpu().ifPresent(q -> md.add("- nvidia-smi (`" + q.file() + "`): " + (q.fields().isEmpty()
                ? "no query result (no header line naming driver_version followed by a line of as many values); the"
                + " driver version is not known and the entry's date does not come from it"
                : String.join(", ", q.fields().entrySet().stream().filter(f -> !f.getKey().equals("timestamp"))
                .map(f -> f.getKey() + " " + f.getValue()).toList()) + q.driver().map(d -> " (driver " + d
                + " is the driver's own version; a `CUDA driver` above is the CUDA version it supports)").orElse(""))));
        results.bench().values().stream().map(BenchResults::config).distinct().forEach(config -> md.add(
                "- `jace bench --backend cuda` config: " + config + (config.equals(BenchConfig.DEFAULT.name())
                        ? " (" + BenchConfig.DEFAULT.warmups() + " warm-ups, " + BenchConfig.DEFAULT.reps()
                        + " timed reps per op)" : config.equals(BenchConfig.QUICK.name())
                        ? " (tiny sizes: these rates say little)" : "")));
        results.bench().values().stream().filter(b -> !b.complete()).forEach(b -> md.add("- `"
                + b.file().getFileName() + "`: cut short, " + b.rows("cuda").size() + " CUDA rows measured before"
                + " `jace bench` was stopped (the step's limit); the ops after them are not measured"));
        results.pytorch().values().forEach(t -> md.add("- PyTorch " + t.precision() + ": torch "
                + (t.torch() == null ? "?" : t.torch()) + " on " + t.device()
                + (t.deviceName() == null ? "" : " (" + t.deviceName() + ")")));
    }

    private static void ceilings(GpuResults results, List<String> md) {
        if (results.ceilings().isEmpty()) {
            md.add("Ceilings: not measured (no " + GpuResults.JMH + ").");
            return;
        }
        DeviceCeilings c = results.ceilings().get();
        md.add(results.ceilingsFrom().equals(GpuResults.JMH) ? "Ceilings (JMH, `" + GpuResults.JMH + "`):"
                : "Ceilings (JMH, from its step's log `" + results.ceilingsFrom() + "`: the step stopped before JMH"
                + " wrote `" + GpuResults.JMH + "`, so only the benchmarks it finished):");
        md.add("");
        md.addAll(MarkdownTable.header("ceiling", "measured", "JMH score"));
        for (Ceiling ceiling : c.all()) {
            md.add(MarkdownTable.row(ceiling.what(), Figures.significant(ceiling.value(), 4) + " " + ceiling.unit(),
                    ceiling.source().shortName() + ": " + ceiling.source().shown()));
        }
        List<String> absent = new ArrayList<>();
        DeviceCeilings.PRECISIONS.stream().filter(p -> !c.gemm().containsKey(p))
                .forEach(p -> absent.add("CublasGemmBench.gemm " + p));
        if (c.copy().isEmpty()) {
            absent.add("DeviceCopyBench.copy (cuda)");
        }
        if (c.launchBurst().isEmpty()) {
            absent.add("FfmOverheadBench.noopLaunchBurst");
        }
        if (c.launch().isEmpty()) {
            absent.add("FfmOverheadBench.noopLaunch");
        }
        if (c.launchAndSync().isEmpty()) {
            absent.add("FfmOverheadBench.noopLaunchSync");
        }
        if (c.downcall().isEmpty()) {
            absent.add("FfmOverheadBench.version");
        }
        if (!absent.isEmpty()) {
            md.add("");
            md.add("Not in " + results.ceilingsFrom() + " (failed or cut short; see the jmh-ceilings log): "
                    + String.join(", ", absent) + ".");
        }
    }

    private static void profiles(GpuResults results, List<String> md) {
        md.add("Profiles (Nsight Compute, one row per profiled kernel launch):");
        md.add("");
        List<String> plain = PLAIN_KERNELS.stream().filter(name -> results.ncuConv().stream()
                .flatMap(p -> p.kernels().stream()).anyMatch(k -> k.name().startsWith(name)))
                .map(name -> "`" + name + "`").toList();
        profile("ncu-conv", "the D4 group-conv kernels of `conv_gpu_check profile`" + (plain.isEmpty() ? ""
                : ", then the wgmma main loop on a plain GEMM (" + String.join(", then ", plain) + ")"),
                GpuResults.NCU_CONV_LOG, results.ncuConv(), md);
        profile("ncu-deviation", "the deviation kernels of DeviationBench.forward", GpuResults.NCU_DEVIATION_LOG,
                results.ncuDeviation(), md);
        List<NcuProfile> profiled = Stream.of(results.ncuConv(), results.ncuDeviation()).flatMap(Optional::stream)
                .filter(p -> !p.kernels().isEmpty()).toList();
        if (profiled.isEmpty()) {
            return;
        }
        Set<String> tensor = new TreeSet<>();
        profiled.forEach(p -> tensor.addAll(p.tensorMetrics()));
        boolean stalls = profiled.stream().anyMatch(NcuProfile::hasStalls);
        boolean issue = profiled.stream().anyMatch(NcuProfile::hasIssue);
        boolean shared = profiled.stream().anyMatch(NcuProfile::hasSharedConflicts);
        md.add("Columns: SM % = " + NcuProfile.SM + ", memory % = " + NcuProfile.MEMORY + ", DRAM % = "
                + String.join(" or ", NcuProfile.DRAM) + " (% of peak sustained over the kernel's time); tensor % = "
                + (tensor.isEmpty() ? "no tensor-pipe % metric in the profiles" : busiestTensor(profiled, tensor))
                + (issue ? "; issue % = " + NcuProfile.ISSUE + " (the cycles an instruction was issued, of the "
                + "schedulers' active cycles: near 100 the kernel is bound by its instruction count)" : "")
                + (shared ? "; smem conflicts % = the shared-memory wavefronts bank conflicts added, of all ("
                + String.join(" + ", NcuProfile.SHARED_CONFLICTS) + ") / (" + String.join(" + ",
                NcuProfile.SHARED_WAVEFRONTS) + ")" : "")
                + (stalls ? "; top stalls = the " + TOP_STALLS + " reasons warps waited longest for, in warp cycles "
                + "per issued instruction (" + NcuProfile.STALL_PREFIX + "REASON" + NcuProfile.STALL_SUFFIX
                + "), of the cycles between two issues (" + NcuProfile.LATENCY + "; the difference is the other "
                + "reasons and the issue itself)" : "") + ".");
        md.add("");
    }

    /**
     * What the tensor column shows: ncu reports a % metric per tensor pipe and way of counting (dozens on Hopper), so
     * only those that gave a row its value are named.
     */
    private static String busiestTensor(List<NcuProfile> profiled, Set<String> tensor) {
        Set<String> shown = new TreeSet<>();
        profiled.forEach(p -> p.kernels().forEach(k -> k.busiestTensorMetric().ifPresent(shown::add)));
        String of = "the busiest tensor pipe, the highest of the profiles' % metrics whose name has `tensor` ("
                + tensor.size() + ")";
        return shown.isEmpty() ? of + ", none of them a number in any row" : of + ", in these rows "
                + String.join(" or ", shown);
    }

    private static void profile(String step, String what, String log, Optional<NcuProfile> profile, List<String> md) {
        if (profile.isEmpty()) {
            md.add(step + ": not run (no " + log + ").");
            md.add("");
            return;
        }
        NcuProfile p = profile.get();
        if (p.kernels().isEmpty()) {
            md.add(step + " (`" + p.file() + "`): no profile: " + noProfile(p) + ".");
            md.add("");
            return;
        }
        md.add(step + " (`" + p.file() + "`), " + what + ", in the order ncu lists them:");
        md.add("");
        boolean stalls = p.hasStalls();
        boolean issue = p.hasIssue();
        boolean shared = p.hasSharedConflicts();
        List<String> columns = new ArrayList<>(List.of("kernel", "grid × block", "time µs", "SM %", "memory %",
                "DRAM %", "tensor %"));
        if (issue) {
            columns.add("issue %");
        }
        if (shared) {
            columns.add("smem conflicts %");
        }
        if (stalls) {
            columns.add("top stalls");
        }
        md.addAll(MarkdownTable.header(columns));
        for (NcuProfile.Kernel k : p.kernels()) {
            OptionalDouble us = k.microseconds();
            List<String> cells = new ArrayList<>(List.of("`" + k.name() + "`", k.gridSize() + " × " + k.blockSize(),
                    us.isPresent() ? Figures.significant(us.getAsDouble(), 4) : "—", percent(k.value(NcuProfile.SM)),
                    percent(k.value(NcuProfile.MEMORY)), percent(k.dram()), percent(k.tensor())));
            if (issue) {
                cells.add(percent(k.value(NcuProfile.ISSUE)));
            }
            if (shared) {
                cells.add(percent(k.sharedConflicts()));
            }
            if (stalls) {
                cells.add(topStalls(k));
            }
            md.add(MarkdownTable.row(cells.toArray(String[]::new)));
        }
        md.add("");
        if (!p.entryPoints().isEmpty()) {
            md.add("Entry points run, in order (ncu does not say which kernels each launched): "
                    + String.join(", ", p.entryPoints()) + ".");
            md.add("");
        }
        if (!p.errors().isEmpty()) {
            md.add("ncu also reported " + p.errors().size() + " error line(s), the first: `" + p.errors().getFirst()
                    + "`.");
            md.add("");
        }
    }

    /** A kernel's {@link #TOP_STALLS} longest stalls, "barrier 6.48, long scoreboard 2.1, … of 15.9", or "—". */
    private static String topStalls(NcuProfile.Kernel k) {
        List<NcuProfile.Stall> stalls = k.stalls();
        if (stalls.isEmpty()) {
            return "—";
        }
        OptionalDouble latency = k.value(NcuProfile.LATENCY);
        return String.join(", ", stalls.stream().limit(TOP_STALLS).map(st -> st.reason().replace('_', ' ') + " "
                + Figures.significant(st.cycles(), 3)).toList())
                + (latency.isPresent() ? " of " + Figures.significant(latency.getAsDouble(), 3) : "");
    }

    /** Why a log has no kernel: ncu's first error, else its first warning. */
    private static String noProfile(NcuProfile p) {
        return !p.errors().isEmpty() ? "`" + p.errors().getFirst() + "`"
                : !p.warnings().isEmpty() ? "`" + p.warnings().getFirst() + "`" : "the log has no ncu CSV report";
    }

    private static String percent(OptionalDouble value) {
        return value.isPresent() ? Figures.fixed(value.getAsDouble(), 1) : "—";
    }

    private static void autotuner(List<AutotunerPick> picks, List<String> md) {
        if (picks.isEmpty()) {
            return;
        }
        md.add("Autotuner choices (`AUTO:<choice>` rows against the DIRECT and EXPANDED rows of the same run; "
                + "margin = slower median / faster median − 1):");
        md.add("");
        md.addAll(MarkdownTable.header("precision", "op", "group", "shape", "kept", "DIRECT ms", "EXPANDED ms",
                "faster", "margin", "faster by min time", "verdict"));
        for (AutotunerPick p : picks) {
            BenchRow a = p.auto();
            if (!p.judged()) {
                md.add(MarkdownTable.row(a.precision(), a.op(), a.group(), a.shape(), p.choice(), ms(p.direct()),
                        ms(p.expanded()), "-", "-", "-", "not judged"));
                continue;
            }
            md.add(MarkdownTable.row(a.precision(), a.op(), a.group(), a.shape(), p.choice(), ms(p.direct()),
                    ms(p.expanded()), p.faster(), AutotunerPick.shown(p.margin()), p.fasterByMin(),
                    p.right() ? "kept the faster" : "kept the slower" + (p.nearTie() ? " (near tie)" : "")));
        }
        md.add("");
    }

    private static void missing(GpuResults results, List<String> md) {
        if (results.missing().isEmpty()) {
            md.add("All " + GpuResults.expectedFiles().size() + " result files were read: "
                    + String.join(", ", GpuResults.expectedFiles()) + ".");
            return;
        }
        md.add("Missing files, and what each leaves unjudged:");
        md.add("");
        for (String file : results.missing()) {
            md.add("- `" + file + "`" + (results.empty().contains(file) ? " (empty: its step stopped before writing it)"
                    : "") + ": " + GpuTargets.unjudged(file));
        }
    }

    private static String ms(BenchRow row) {
        return row == null ? "-" : Figures.significant(row.medianMs(), 4);
    }
}
