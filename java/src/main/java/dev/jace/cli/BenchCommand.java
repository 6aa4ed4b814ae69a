package dev.jace.cli;

import dev.jace.backend.Precision;
import dev.jace.backend.cuda.CudaBackend;
import dev.jace.backend.cuda.CudaProbe;
import dev.jace.io.AtomicFiles;
import dev.jace.io.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code jace bench}: a short table of the main ops' times (median and min of a few wall-clock runs, each ending in
 * {@code synchronize()}), their GFLOP/s or GB/s, for convolutions the speed-up of the DIRECT algorithm over the
 * EXPANDED baseline, and each rate's share of its ceiling ({@link BenchCeilings}). For careful numbers use the JMH
 * suites in {@code bench/}.
 */
@Command(name = "bench", description = {
        "Times lifting/group convolutions (DIRECT vs the EXPANDED baseline), the equivariance deviation, the "
                + "group action, a copy, a GEMM and the p4 CNN's training step (p4cnn-fwd-bwd, ace-step) on the CPU "
                + "and, when available, CUDA.",
        "ratio = EXPANDED median / this row's median. ceiling = a cpu GFLOP/s row's share of the CPU's FP32 peak, "
                + "measured first on the CPU backend's threads (1–2 s), and a GB/s row's share of its backend's "
                + "copy row. The ace-step rows' times are per training step (each timed "
                + "call runs " + BenchRun.STEPS_PER_CALL + "). On the CPU (not with --quick) each op is warmed up "
                + "until HotSpot's compiler has gone quiet and retimed while its reps are off their pace (the config "
                + "line gives the rule), so a default CPU run takes about 20 s. For careful numbers use the JMH suites "
                + "(bench/README.md)."})
final class BenchCommand implements Callable<Integer> {

    enum Target { auto, cpu, cuda }

    /** Far beyond what bench writes (tens of KiB): a larger --json file is not one of its own. */
    private static final long MAX_JSON_BYTES = 1 << 24;
    private static final List<String> HEADER = List.of("backend", "op", "group", "shape", "precision", "algorithm",
            "median_ms", "min_ms", "rate", "unit", "ratio", "ceiling");
    /** The columns of numbers, aligned to the right. */
    private static final Set<Integer> NUMBERS = Set.of(6, 7, 8, 10, 11);
    /**
     * Each of the CPU peak's spans: with those until it settles and a JVM's start, 1–2 s (0.3 s spans read within 2%
     * of it, in up to 4 s).
     */
    private static final double CPU_PEAK_SPAN_SECONDS = 0.1;

    @Spec
    CommandSpec spec;

    @Option(names = "--backend", defaultValue = "auto",
            description = "cpu, cuda, or auto: cpu and also cuda when it is usable (default: ${DEFAULT-VALUE}).")
    Target target;

    @Option(names = "--precision", defaultValue = "FP32",
            description = "CUDA convolution/GEMM arithmetic: FP32, TF32 or BF16 (default: ${DEFAULT-VALUE}; the CPU "
                    + "always computes FP32).")
    Precision precision;

    @Option(names = "--quick", description = "Tiny sizes and 3 reps: checks that it runs, measures little.")
    boolean quick;

    @Option(names = "--json", paramLabel = "FILE", converter = PathOption.File.class,
            description = "Also write the machine and the table as JSON: "
            + "after every measured row with \"complete\": false, and at the end with true. An existing FILE is "
            + "replaced only if it is empty or a bench JSON. A pipe, device or standard output gets the JSON once, at"
            + " the end; --json /dev/stdout sends the table and the other lines to stderr, leaving stdout the JSON"
            + " alone.")
    Path json;

    @Override
    public Integer call() throws IOException {
        if (json != null) {
            requireReplaceableJson();
        }
        // A pipe or stdout would get every snapshot one after the other; only a file is replaced by each.
        boolean snapshots = json != null && !AtomicFiles.writesInPlace(json);
        PrintWriter out = json != null && StandardOutput.isStandardOutput(json) ? spec.commandLine().getErr()
                : spec.commandLine().getOut();
        BenchConfig config = quick ? BenchConfig.QUICK : BenchConfig.DEFAULT;
        CudaProbe probe = CudaBackend.probe();
        if (target == Target.cuda && !probe.available()) {
            throw new IllegalArgumentException("--backend cuda is not usable here: " + probe.summary());
        }
        MachineInfo machine = MachineInfo.current(probe);
        out.println(machine.line());
        String cpuRule = config.cpuSettling().retimes() && target != Target.cuda
                ? "; on the CPU " + config.cpuSettling().describe(JitActivity.compilerTicks().isPresent()) : "";
        out.printf(Locale.ROOT, "config: %s (%d warm-up%s, %d timed reps per op; wall clock with synchronize()%s)%n",
                config.name(), config.warmups(), config.warmups() == 1 ? "" : "s", config.reps(), cpuRule);
        String convKernels = ConvKernelsVariable.of(System.getenv());
        if (!convKernels.equals(ConvKernelsVariable.DEFAULT)) {
            out.println("conv kernels: " + ConvKernelsVariable.NAME + "=" + convKernels + " (libjace's convolutions "
                    + "run those kernels where they apply: not the default ones)");
        }
        List<String> kinds = kinds(probe);
        Optional<CpuPeak> cpuPeak = kinds.contains("cpu") ? Optional.of(quick
                ? new CpuPeak.Unmeasured("--quick measures none")
                : CpuPeak.measure(Runtime.getRuntime().availableProcessors(), CPU_PEAK_SPAN_SECONDS))
                : Optional.empty();
        cpuPeak.ifPresent(peak -> out.println(peak.line()));
        Optional<Double> peakGflops = cpuPeak.flatMap(CpuPeak::measuredGflops);
        out.flush();
        List<BenchRow> rows = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Map<String, String> baselines = new LinkedHashMap<>();
        // The table of what was measured is printed also where a later backend fails (its error follows it).
        try {
            for (String kind : kinds) {
                Precision p = kind.equals("cpu") ? Precision.FP32 : precision;
                List<BenchRow> measured = new ArrayList<>();
                BenchRun run = new BenchRun(kind, p, config, name -> baselines.put(kind, name), row -> {
                    progress(row);
                    if (snapshots) {
                        measured.add(row);
                        List<BenchRow> soFar = new ArrayList<>(rows);
                        soFar.addAll(withRatios(measured));
                        writeJson(machine, config, convKernels, cpuPeak, soFar, notes, baselines, false);
                    }
                });
                rows.addAll(withRatios(run.run()));
                notes.addAll(run.notes());
            }
        } finally {
            table(rows, BenchCeilings.of(rows, peakGflops)).forEach(out::println);
            out.flush();
        }
        notes.add(BenchCeilings.LEGEND);
        notes.forEach(note -> out.println("note: " + note));
        if (json != null) {
            writeJson(machine, config, convKernels, cpuPeak, rows, notes, baselines, true);
            out.println("wrote " + json);
        }
        out.flush();
        return 0;
    }

    /**
     * Writes the --json file: after every measured row with {@code complete} false, so that a run stopped before its
     * end (a device check's step at its time limit) leaves the rows it measured, then once more at the end. A pipe,
     * device or descriptor gets the end's alone.
     */
    private void writeJson(MachineInfo machine, BenchConfig config, String convKernels, Optional<CpuPeak> cpuPeak,
                           List<BenchRow> rows, List<String> notes, Map<String, String> baselines, boolean complete) {
        BenchCeilings ceilings = BenchCeilings.of(rows, cpuPeak.flatMap(CpuPeak::measuredGflops));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("machine", machine.toJson());
        doc.put("config", config.name());
        doc.put("convKernels", convKernels);
        doc.put("complete", complete);
        cpuPeak.ifPresent(peak -> doc.put("cpuPeak", peak.toJson()));
        doc.put("rows", rows.stream().map(row -> {
            Map<String, Object> fields = row.toJson();
            fields.put("ceiling", ceilings.fraction(row).orElse(null));
            return fields;
        }).toList());
        doc.put("notes", notes);
        doc.put("expandedBackends", baselines);
        try {
            AtomicFiles.writeString(json, Json.writePretty(doc));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * bench replaces only a JSON file it could have written (an object with "machine" and "rows") or an empty file,
     * never a file of another kind given by mistake, such as a compare's compare.md. What is written in place
     * (/dev/stdout redirected with >> to a log) replaces nothing.
     */
    private void requireReplaceableJson() throws IOException {
        OutFile.check(spec.commandLine(), "--json", json);
        if (Files.exists(json) && Files.size(json) > 0 && !AtomicFiles.writesInPlace(json) && !isBenchJson(json)) {
            throw new ParameterException(spec.commandLine(), "--json " + json + " exists and is not a jace bench JSON;"
                    + " bench replaces only its own, so give another file or remove it");
        }
    }

    static boolean isBenchJson(Path file) {
        try {
            if (Files.size(file) > MAX_JSON_BYTES) {
                return false;
            }
            Map<String, Object> doc = Json.readObject(file);
            return doc.containsKey("machine") && doc.containsKey("rows");
        } catch (IOException e) {
            return false; // unreadable, not UTF-8 or not JSON: not one bench wrote
        }
    }

    private List<String> kinds(CudaProbe probe) {
        return switch (target) {
            case cpu -> List.of("cpu");
            case cuda -> List.of("cuda");
            case auto -> probe.available() ? List.of("cpu", "cuda") : List.of("cpu");
        };
    }

    /** Sets each convolution row's ratio: the EXPANDED row of the same case's median over its own. */
    static List<BenchRow> withRatios(List<BenchRow> rows) {
        List<BenchRow> result = new ArrayList<>();
        for (BenchRow row : rows) {
            BenchRow baseline = rows.stream()
                    .filter(r -> r.algorithm().equals("EXPANDED") && r.sameCase(row))
                    .findFirst().orElse(null);
            result.add(baseline == null ? row : row.withRatio(baseline.medianMs() / row.medianMs()));
        }
        return result;
    }

    /** A measured row on stderr at once, so that a run cut short still shows how far it got. */
    private void progress(BenchRow row) {
        PrintWriter err = spec.commandLine().getErr();
        err.printf(Locale.ROOT, "measured %s %s %s %s %s: %.5g ms%n", row.backend(), row.op(), row.group(),
                row.precision(), row.algorithm(), row.medianMs());
        err.flush();
    }

    /**
     * The table's lines, the header first, each column as wide as its widest entry (an algorithm such as
     * AUTO:EXPANDED or overlapped is wider than its header), the numbers aligned to the right.
     */
    static List<String> table(List<BenchRow> rows, BenchCeilings ceilings) {
        List<List<String>> cells = new ArrayList<>(List.of(HEADER));
        for (BenchRow row : rows) {
            cells.add(List.of(row.backend(), row.op(), row.group(), row.shape(), row.precision(), row.algorithm(),
                    String.format(Locale.ROOT, "%.5g", row.medianMs()), String.format(Locale.ROOT, "%.5g", row.minMs()),
                    String.format(Locale.ROOT, "%.4g", row.rate()), row.unit(),
                    row.ratio() == null ? "-" : String.format(Locale.ROOT, "%.3f", row.ratio()),
                    ceilings.fraction(row).map(f -> String.format(Locale.ROOT, "%.1f%%", 100 * f)).orElse("-")));
        }
        int[] widths = new int[HEADER.size()];
        for (List<String> line : cells) {
            for (int c = 0; c < widths.length; c++) {
                widths[c] = Math.max(widths[c], line.get(c).length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (List<String> line : cells) {
            StringBuilder text = new StringBuilder();
            for (int c = 0; c < widths.length; c++) {
                String pad = " ".repeat(widths[c] - line.get(c).length());
                text.append(c == 0 ? "" : " ").append(NUMBERS.contains(c) ? pad + line.get(c) : line.get(c) + pad);
            }
            lines.add(text.toString());
        }
        return lines;
    }
}
