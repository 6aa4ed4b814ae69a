package dev.jace.cli;

import dev.jace.cli.DeviceCeilings.Ceiling;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every CUDA row of the device check's {@code jace bench} files as a Markdown table, with its ratio to its EXPANDED
 * baseline and the fraction of the matching ceiling it reaches: a GFLOP/s row of the cuBLAS GEMM rate of its
 * precision, a GB/s row of the {@code copy} row of the same run (timed alike, unlike JMH's copy, which synchronizes
 * after every copy); img/s rows have no ceiling.
 */
final class BenchRowsTable {

    /** The conv engine in a CUDA backend's name: {@code conv: cuDNN 9.x} or {@code conv: jace conv kernels (why)}. */
    private static final Pattern CONV_ENGINE = Pattern.compile("(?<=; )conv: .*(?=; group conv: )");

    private BenchRowsTable() {
    }

    /** The conv engine part of a CUDA backend's {@code name}, or the whole name where it has none. */
    static String convEngine(String name) {
        Matcher conv = CONV_ENGINE.matcher(name);
        return conv.find() ? conv.group() : name;
    }

    static List<String> render(GpuResults results) {
        List<String> md = new ArrayList<>();
        List<String> baselines = new ArrayList<>();
        List<String> rows = new ArrayList<>();
        Optional<DeviceCeilings> ceilings = results.ceilings();
        for (String precision : DeviceCeilings.PRECISIONS) {
            BenchResults bench = results.bench().get(precision);
            if (bench == null || bench.rows("cuda").isEmpty()) {
                continue;
            }
            String name = bench.expandedBackends().get("cuda");
            baselines.add(precision + " " + (name == null ? "not named in " + GpuResults.benchFile(precision)
                    : convEngine(name)));
            Optional<Ceiling> gemm = ceilings.map(c -> c.gemm().get(precision));
            Optional<BenchRow> copy = bench.rows("cuda").stream().filter(r -> r.op().equals("copy")
                    && r.unit().equals("GB/s")).findFirst();
            for (BenchRow r : bench.rows("cuda")) {
                String fraction = switch (r.unit()) {
                    case "GFLOP/s" -> gemm.map(c -> Figures.percent(r.rate() / 1e3 / c.value())).orElse("—");
                    case "GB/s" -> copy.map(c -> Figures.percent(r.rate() / c.rate())).orElse("—");
                    default -> "—";
                };
                rows.add(MarkdownTable.row(precision, r.op(), r.group(), r.shape(), r.algorithm(),
                        Figures.significant(r.medianMs(), 4), Figures.significant(r.minMs(), 4),
                        Figures.significant(r.rate(), 4) + " " + r.unit(),
                        r.ratio() == null ? "—" : Figures.fixed(r.ratio(), 3), fraction));
            }
        }
        if (rows.isEmpty()) {
            return md;
        }
        md.add("Bench rows (`jace bench --backend cuda`, every CUDA row; ratio = the EXPANDED row's median / this row's; "
                + "% of ceiling: GFLOP/s (FLOPs counting SAME padding's zero taps, as cuDNN does) of the cuBLAS GEMM "
                + "rate of the same precision, GB/s of the same run's copy row; "
                + "EXPANDED baselines: " + String.join("; ", baselines) + "):");
        md.add("");
        md.addAll(MarkdownTable.header("precision", "op", "group", "shape", "algorithm", "median ms", "min ms", "rate",
                "ratio", "% of ceiling"));
        md.addAll(rows);
        md.add("");
        return md;
    }
}
