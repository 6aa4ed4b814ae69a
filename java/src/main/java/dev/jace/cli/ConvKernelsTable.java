package dev.jace.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * {@code conv_gpu_check bench}'s timings of each entry point as a Markdown table: the default kernels (packed and
 * channels-last where they apply) beside the implicit GEMM ({@code JACE_CONV_KERNELS=implicit-gemm}) timed right after
 * in the same process, and how many times faster the default ran; what tells whether the default kernels gain. Where
 * the log has them (Hopper), TF32's and BF16's entry points under {@code JACE_CONV_KERNELS=wgmma} too, and how many
 * times faster those opt-in kernels ran than the default; and where it also times them with their block tiles forced to
 * 128, 192 (forward and backward_data only) and 256 rows ({@code JACE_CONV_KERNELS=wgmma-128}, {@code wgmma-192},
 * {@code wgmma-256}), a second table of those beside the height the library chose and the tiles its rule names, which
 * tells whether its choice picks the fastest one. Where the kernel check ({@link ConvKernelCheck}) failed the wgmma
 * kernels, the leads of their timings say that those are times of wrong results. Where the log times the wgmma main
 * loop on a plain GEMM, {@link WgmmaPlainTable}'s table follows; where it times the entry points on the loop fed by
 * tensor copies, {@link WgmmaTmaTable}'s; where it times entry points with K whole too,
 * {@link SplitKTable}'s; where it times the bfloat16 staging of the BF16 baseline, {@link Bf16StagingTable}'s.
 */
final class ConvKernelsTable {

    private ConvKernelsTable() {
    }

    /** An entry point's timing with the wgmma kernels forced to block tiles of {@code rows} rows. */
    private record Forced(int rows, Optional<ConvKernelBench.Row> timing) {
        String height() {
            return ConvKernelsTable.height(rows);
        }
    }

    /** The tables, or nothing where the log has none of their timings (no log, or an older one). */
    static List<String> render(GpuResults results) {
        List<String> md = new ArrayList<>();
        Optional<String> wgmmaWarning = results.convCheck().flatMap(ConvKernelCheck::wgmmaWarning);
        results.convBench().ifPresent(bench -> {
            md.addAll(kernels(bench, wgmmaWarning));
            md.addAll(tileHeights(bench, wgmmaWarning));
            md.addAll(WgmmaPlainTable.render(bench, results.ceilings(), wgmmaWarning));
            md.addAll(WgmmaTmaTable.render(bench, wgmmaWarning));
            md.addAll(SplitKTable.render(bench));
            md.addAll(Bf16StagingTable.render(bench));
        });
        return md;
    }

    /**
     * The kernels' table, or nothing where the log has neither implicit-GEMM nor wgmma timings; with wgmma columns, its
     * lead ends in {@code wgmmaWarning}, the kernel check's warning where the wgmma kernels failed it.
     */
    private static List<String> kernels(ConvKernelBench bench, Optional<String> wgmmaWarning) {
        List<String> md = new ArrayList<>();
        if (bench.implicitGemm().isEmpty() && bench.wgmma().isEmpty()) {
            return md;
        }
        boolean wgmma = !bench.wgmma().isEmpty();
        md.add("`conv_gpu_check bench` (`" + bench.file() + "`; mean of 20 calls between two CUDA events), each D4 "
                + "group-conv entry point with the default kernels and then with `JACE_CONV_KERNELS=implicit-gemm`"
                + (wgmma ? " (TF32's and BF16's entry points also with `JACE_CONV_KERNELS=wgmma`, the opt-in Hopper "
                + "warpgroup-MMA kernels)" : "")
                + "; speed-up = implicit GEMM ms / default ms"
                + (wgmma ? ", wgmma speed-up = default ms / wgmma ms" + wgmmaWarning.map(w -> "; " + w).orElse("")
                : "") + ":");
        md.add("");
        List<String> columns = new ArrayList<>(List.of("layer", "precision", "op", "default ms", "default TFLOP/s",
                "implicit GEMM ms", "implicit GEMM TFLOP/s", "speed-up"));
        if (wgmma) {
            columns.addAll(List.of("wgmma ms", "wgmma TFLOP/s", "wgmma speed-up"));
        }
        md.addAll(MarkdownTable.header(columns));
        for (ConvKernelBench.Row row : bench.rows()) {
            List<String> cells = new ArrayList<>(List.of(row.layer().toString(), row.precision(), row.op(),
                    Figures.significant(row.ms(), 4), Figures.significant(row.tflops(), 4)));
            Optional<ConvKernelBench.Row> implicit = bench.implicitGemmRow(row.layer(), row.precision(), row.op());
            cells.addAll(timing(implicit, implicit.map(r -> r.ms() / row.ms())));
            if (wgmma) {
                Optional<ConvKernelBench.Row> hopper = bench.wgmmaRow(row.layer(), row.precision(), row.op());
                cells.addAll(timing(hopper, hopper.map(r -> row.ms() / r.ms())));
            }
            md.add(MarkdownTable.row(cells.toArray(String[]::new)));
        }
        md.add("");
        return md;
    }

    /**
     * The wgmma tile heights' table: per TF32 entry point with a {@code bench wgmma} row, its time with the height the
     * library chose and the tiles its rule names beside its times with each height forced, which forced height ran
     * fastest and whether the rule's did; nothing where the log has no forced timings. Its lead ends in
     * {@code wgmmaWarning}, the kernel check's warning where the wgmma kernels failed it.
     */
    private static List<String> tileHeights(ConvKernelBench bench, Optional<String> wgmmaWarning) {
        List<String> md = new ArrayList<>();
        if (bench.wgmma128().isEmpty() && bench.wgmma192().isEmpty() && bench.wgmma256().isEmpty()) {
            return md;
        }
        md.add("wgmma tile heights: `conv_gpu_check bench` (`" + bench.file() + "`; mean of 20 calls between two CUDA "
                + "events) times each TF32 entry point under `JACE_CONV_KERNELS=wgmma` (chosen: the block-tile height "
                + "the library picks by itself; rule = the tile height, and backward_filter's K splits, that "
                + "`JACE_CONV_KERNELS=wgmma` chooses, from the log's `wgmma tiles` lines), then with the wgmma kernels "
                + "forced to 128-row (`JACE_CONV_KERNELS=wgmma-128`), to 192-row (`JACE_CONV_KERNELS=wgmma-192`; "
                + "forward and backward_data only, backward_filter has no 192-row tiles) and to 256-row block tiles "
                + "(`JACE_CONV_KERNELS=wgmma-256`); faster = the forced height with the shortest time, by = the next "
                + "shortest time's ms / its ms, rule fastest? = whether the rule's height is (or ties) the fastest, "
                + "else its ms / the fastest's ms" + wgmmaWarning.map(w -> "; " + w).orElse("") + ":");
        md.add("");
        md.addAll(MarkdownTable.header("layer", "op", "wgmma (chosen) ms", "rule", "128-row ms", "192-row ms",
                "256-row ms", "128-row TFLOP/s", "192-row TFLOP/s", "256-row TFLOP/s", "faster", "by",
                "rule fastest?"));
        for (ConvKernelBench.Row chosen : bench.wgmma()) {
            if (!chosen.precision().equals("TF32")) {
                continue;
            }
            List<Forced> forced = List.of(
                    new Forced(128, bench.wgmma128Row(chosen.layer(), chosen.precision(), chosen.op())),
                    new Forced(192, bench.wgmma192Row(chosen.layer(), chosen.precision(), chosen.op())),
                    new Forced(256, bench.wgmma256Row(chosen.layer(), chosen.precision(), chosen.op())));
            Optional<ConvKernelBench.Tiles> rule = bench.wgmmaTiles(chosen.layer(), chosen.op());
            List<String> cells = new ArrayList<>(List.of(chosen.layer().toString(), chosen.op(),
                    Figures.significant(chosen.ms(), 4), rule.map(ConvKernelsTable::rule).orElse("—")));
            forced.forEach(f -> cells.add(ms(f.timing())));
            forced.forEach(f -> cells.add(tflops(f.timing())));
            cells.addAll(faster(forced, rule));
            md.add(MarkdownTable.row(cells.toArray(String[]::new)));
        }
        md.add("");
        return md;
    }

    /** A block-tile height as the columns name it: "128-row". */
    private static String height(int rows) {
        return rows + "-row";
    }

    /** The rule cell of an entry point's tiles: "192-row", "128-row, 1 split" (backward_filter), "default kernels". */
    private static String rule(ConvKernelBench.Tiles tiles) {
        if (tiles.rows() == 0) {
            return "default kernels";
        }
        return height(tiles.rows()) + (tiles.op().equals("backward_filter")
                ? ", " + tiles.splits() + (tiles.splits() == 1 ? " split" : " splits") : "");
    }

    /**
     * The faster, by and rule fastest? cells: which of the forced heights that were timed ran fastest ("tie" where two
     * share the shortest time), the next shortest time's ms / its ms, and whether the rule's height ran the shortest
     * time ("yes", else "no" with its ms / the shortest); "—" each with fewer than two timed, and the last without
     * the rule's tiles or a timing of their height.
     */
    private static List<String> faster(List<Forced> forced, Optional<ConvKernelBench.Tiles> rule) {
        List<Forced> byTime = forced.stream().filter(f -> f.timing().isPresent())
                .sorted(Comparator.comparingDouble(f -> f.timing().get().ms())).toList();
        if (byTime.size() < 2) {
            return List.of("—", "—", "—");
        }
        double fastest = byTime.get(0).timing().get().ms();
        double next = byTime.get(1).timing().get().ms();
        Optional<Double> ruleMs = rule.flatMap(t -> byTime.stream().filter(f -> f.rows() == t.rows()).findFirst())
                .map(f -> f.timing().get().ms());
        return List.of(fastest < next ? byTime.get(0).height() : "tie", Figures.fixedBeside(next / fastest, 2, 1.0),
                ruleMs.map(ms -> ms == fastest ? "yes" : "no (" + Figures.fixedBeside(ms / fastest, 2, 1.0)
                        + "× slower)").orElse("—"));
    }

    /** A timing's ms cell, "—" without one. */
    static String ms(Optional<ConvKernelBench.Row> row) {
        return row.map(r -> Figures.significant(r.ms(), 4)).orElse("—");
    }

    /** A timing's TFLOP/s cell, "—" without one. */
    private static String tflops(Optional<ConvKernelBench.Row> row) {
        return row.map(r -> Figures.significant(r.tflops(), 4)).orElse("—");
    }

    /** The ms, TFLOP/s and speed-up cells of another kernel's timing of an entry point, "—" each without one. */
    private static List<String> timing(Optional<ConvKernelBench.Row> row, Optional<Double> speedUp) {
        return List.of(ms(row), tflops(row), speedUp.map(x -> Figures.fixedBeside(x, 2, 1.0)).orElse("—"));
    }
}
