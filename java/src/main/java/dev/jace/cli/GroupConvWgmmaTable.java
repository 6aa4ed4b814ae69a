package dev.jace.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * GroupConvBench's DIRECT cases under {@code JACE_CONV_KERNELS=wgmma} ({@link GpuResults#groupConvWgmma}) beside the
 * same cases' DIRECT (default kernels) and EXPANDED scores of the {@code jmh-groupconv} step: whether the opt-in
 * Hopper kernels beat the default ones on the representative shapes, and whether, as the default, they would
 * meet the DIRECT/EXPANDED target there.
 */
final class GroupConvWgmmaTable {

    private GroupConvWgmmaTable() {
    }

    /** The table, or nothing without the wgmma scores. */
    static List<String> render(GpuResults results) {
        List<String> md = new ArrayList<>();
        if (results.groupConvWgmma().isEmpty()) {
            return md;
        }
        GroupConvRuns wgmma = results.groupConvWgmma().get();
        md.add("GroupConvBench's DIRECT cases again under `JACE_CONV_KERNELS=wgmma` (`" + wgmma.from() + "`; the "
                + "opt-in Hopper warpgroup-MMA kernels for the TF32 and BF16 convolutions of many channels), beside "
                + "the default kernels' DIRECT and the EXPANDED baseline of the GroupConvBench table above"
                + (results.groupConv().isEmpty() ? " (not there: no GroupConvBench score without the variable, so "
                + "those columns are empty)" : "") + "; wgmma speed-up = default DIRECT ms / wgmma ms; ratio = "
                + "EXPANDED ms / wgmma ms, the target's ratio were wgmma the default (" + summary(results) + "):");
        md.add("");
        md.addAll(MarkdownTable.header("precision", "group", "shape", "pass", "default DIRECT ms", "wgmma ms",
                "wgmma TFLOP/s", "EXPANDED ms", "wgmma speed-up", "ratio"));
        for (Case c : cases(results)) {
            GroupConvRuns.Row w = c.wgmma();
            Double direct = c.defaults().map(GroupConvRuns.Row::directMs).orElse(null);
            Double expanded = c.defaults().map(GroupConvRuns.Row::expandedMs).orElse(null);
            md.add(MarkdownTable.row(w.precision(), w.group(), w.shape(), w.pass(), GroupConvRunsTable.ms(direct),
                    GroupConvRunsTable.ms(w.directMs()), GroupConvRunsTable.tflops(w, w.directMs()),
                    GroupConvRunsTable.ms(expanded),
                    direct == null ? "—" : Figures.fixedBeside(direct / w.directMs(), 3, 1.0),
                    c.ratio() == null ? "—" : Figures.fixedBeside(c.ratio(), 3, GpuTargets.MIN_RATIO)));
        }
        md.add("");
        return md;
    }

    /**
     * Per precision, how many cases reach the target's ratio under wgmma: {@code "TF32: 27 of 30 cases at or above
     * 1.0 (ratio 0.912 to 1.840)"}, for the target's row and the table's lead.
     */
    static String summary(GpuResults results) {
        List<String> parts = new ArrayList<>();
        List<Case> cases = cases(results);
        for (String precision : DeviceCeilings.PRECISIONS) {
            List<Double> ratios = cases.stream().filter(c -> c.wgmma().precision().equals(precision))
                    .map(Case::ratio).filter(r -> r != null).toList();
            if (ratios.isEmpty()) {
                continue;
            }
            long reaching = ratios.stream().filter(r -> r >= GpuTargets.MIN_RATIO).count();
            parts.add(precision + ": " + reaching + " of " + ratios.size() + " cases at or above "
                    + Figures.fixed(GpuTargets.MIN_RATIO, 1) + " (" + GpuTargets.ratioRange(ratios) + ")");
        }
        return parts.isEmpty() ? "no case with both a wgmma and an EXPANDED score" : String.join("; ", parts);
    }

    /**
     * A wgmma case and the default run's row of the same case, where scored.
     *
     * @param wgmma    the case under wgmma: its DIRECT score
     * @param defaults the jmh-groupconv step's row of the case (DIRECT and EXPANDED), empty without it
     */
    private record Case(GroupConvRuns.Row wgmma, Optional<GroupConvRuns.Row> defaults) {

        /** EXPANDED ms / wgmma ms, or null without an EXPANDED score. */
        Double ratio() {
            Double expanded = defaults.map(GroupConvRuns.Row::expandedMs).orElse(null);
            return expanded == null ? null : expanded / wgmma.directMs();
        }
    }

    /** Every wgmma case with a DIRECT score, in GroupConvRuns' order, each with its default row. */
    private static List<Case> cases(GpuResults results) {
        List<Case> cases = new ArrayList<>();
        GroupConvRuns wgmma = results.groupConvWgmma().orElseThrow();
        for (String precision : wgmma.precisions()) {
            List<GroupConvRuns.Row> defaults = results.groupConv().map(r -> r.rows(precision)).orElse(List.of());
            for (GroupConvRuns.Row row : wgmma.rows(precision)) {
                if (row.directMs() == null) {
                    continue;
                }
                cases.add(new Case(row, defaults.stream().filter(d -> d.group().equals(row.group())
                        && d.shape().equals(row.shape()) && d.pass().equals(row.pass())).findFirst()));
            }
        }
        return cases;
    }
}
