package dev.jace.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code conv_gpu_check bench}'s split-K timings as a Markdown table: each forward and backward_data whose default
 * kernels split K (where their grid leaves SMs idle), with the K splits the library chose beside the same entry point
 * timed with K whole ({@code JACE_CONV_KERNELS=unsplit}), and which ran faster; what tells whether splitting K gains.
 */
final class SplitKTable {

    private SplitKTable() {
    }

    /** An entry point of a layer in one precision: a row of the table. */
    private record EntryPoint(ConvKernelBench.Layer layer, String precision, String op) {
    }

    /** The table, one row per entry point with a {@code bench unsplit} timing; nothing where the log has none. */
    static List<String> render(ConvKernelBench bench) {
        List<String> md = new ArrayList<>();
        if (bench.unsplit().isEmpty()) {
            return md;
        }
        md.add("split-K: `conv_gpu_check bench` (`" + bench.file() + "`; mean of 20 calls between two CUDA events) "
                + "times each forward and backward_data whose default kernels split K (where their grid leaves SMs "
                + "idle) again with K whole; splits = the K splits the default kernels use, from the log's `splits` "
                + "lines, default = K split as the library chooses, unsplit = `JACE_CONV_KERNELS=unsplit`, the default "
                + "kernels with K whole; faster = the one with the shorter time, by = the longer time's ms / the "
                + "shorter's ms:");
        md.add("");
        md.addAll(MarkdownTable.header("layer", "precision", "op", "splits", "default ms", "unsplit ms", "faster",
                "by"));
        bench.unsplit().stream().map(r -> new EntryPoint(r.layer(), r.precision(), r.op())).distinct().forEach(e -> {
            ConvKernelBench.Row unsplit = bench.unsplitRow(e.layer(), e.precision(), e.op()).orElseThrow();
            Optional<ConvKernelBench.Row> split = bench.row(e.layer(), e.precision(), e.op());
            List<String> cells = new ArrayList<>(List.of(e.layer().toString(), e.precision(), e.op(),
                    bench.splits(e.layer(), e.op()).map(s -> String.valueOf(s.splits())).orElse("—"),
                    ConvKernelsTable.ms(split), ConvKernelsTable.ms(Optional.of(unsplit))));
            cells.addAll(split.map(d -> faster(d.ms(), unsplit.ms())).orElse(List.of("—", "—")));
            md.add(MarkdownTable.row(cells.toArray(String[]::new)));
        });
        md.add("");
        return md;
    }

    /** The faster and by cells: "default", "unsplit" or "tie", and the longer time's ms / the shorter's ms. */
    private static List<String> faster(double split, double unsplit) {
        String faster = split < unsplit ? "default" : unsplit < split ? "unsplit" : "tie";
        return List.of(faster, Figures.fixedBeside(Math.max(split, unsplit) / Math.min(split, unsplit), 2, 1.0));
    }
}
