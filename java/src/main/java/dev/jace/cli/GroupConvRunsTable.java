package dev.jace.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * GroupConvBench's cases ({@link GroupConvRuns}) as a Markdown table: DIRECT's and EXPANDED's ms per call and
 * TFLOP/s, and their ratio, the one the DIRECT/EXPANDED target judges.
 */
final class GroupConvRunsTable {

    private GroupConvRunsTable() {
    }

    /** The table, or nothing without GroupConvBench's scores. */
    static List<String> render(GpuResults results) {
        List<String> md = new ArrayList<>();
        if (results.groupConv().isEmpty()) {
            return md;
        }
        GroupConvRuns runs = results.groupConv().get();
        List<String> baselines = new ArrayList<>();
        for (String precision : runs.precisions()) {
            String name = runs.backends().get(precision);
            baselines.add(precision + " " + (name == null ? "not named in " + GpuResults.JMH_GROUP_CONV_LOG
                    : BenchRowsTable.convEngine(name)));
        }
        md.add("GroupConvBench (JMH on CUDA, `" + runs.from() + "`; ms = JMH's mean per call, each call ending in a "
                + "synchronize; TFLOP/s by `Workloads.convFlops`, SAME padding's zero taps counted, as cuDNN does; "
                + "ratio = EXPANDED ms / DIRECT ms; EXPANDED baselines: " + String.join("; ", baselines) + "):");
        md.add("");
        md.addAll(MarkdownTable.header("precision", "group", "shape", "pass", "DIRECT ms", "DIRECT TFLOP/s",
                "EXPANDED ms", "EXPANDED TFLOP/s", "ratio"));
        for (String precision : runs.precisions()) {
            for (GroupConvRuns.Row r : runs.rows(precision)) {
                md.add(MarkdownTable.row(precision, r.group(), r.shape(), r.pass(), ms(r.directMs()),
                        tflops(r, r.directMs()), ms(r.expandedMs()), tflops(r, r.expandedMs()),
                        r.ratio() == null ? "—" : Figures.fixedBeside(r.ratio(), 3, GpuTargets.MIN_RATIO)));
            }
        }
        md.add("");
        return md;
    }

    /** {@code ms} to 4 significant digits, or — where not scored. */
    static String ms(Double ms) {
        return ms == null ? "—" : Figures.significant(ms, 4);
    }

    /** The case's TFLOP/s at {@code ms} per call to 4 significant digits, or — where not scored. */
    static String tflops(GroupConvRuns.Row row, Double ms) {
        return ms == null ? "—" : Figures.significant(row.tflops(ms), 4);
    }
}
