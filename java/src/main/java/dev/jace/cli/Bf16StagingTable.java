package dev.jace.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code conv_gpu_check bench}'s bfloat16 staging times as a Markdown table: per layer, the conversions the BF16 expand
 * + cuDNN baseline adds to one pass, so that a reader can judge how much of that baseline's time they are.
 */
final class Bf16StagingTable {

    private Bf16StagingTable() {
    }

    /** The table, one row per {@code staging bf16} line; nothing where the log has none. */
    static List<String> render(ConvKernelBench bench) {
        List<String> md = new ArrayList<>();
        if (bench.staging().isEmpty()) {
            return md;
        }
        md.add("BF16 staging: `conv_gpu_check bench` (`" + bench.file() + "`; mean of 20 passes between two CUDA "
                + "events) times, per layer, the bfloat16 conversions (`jace_to_bf16`, `jace_from_bf16`) that the BF16 "
                + "expand + cuDNN baseline adds to one pass of the layer run as a plain convolution: forward and "
                + "backward_data round one map and the expanded filter to bfloat16 and widen the output map back to "
                + "float, backward_filter rounds two maps and widens the filter. They are part of that baseline's "
                + "measured time (cuDNN's BF16 convolutions on bfloat16 copies of jace's float tensors), which a "
                + "framework that stores bfloat16 activations (PyTorch autocast) would not pay:");
        md.add("");
        md.addAll(MarkdownTable.header("layer", "forward / backward_data ms", "backward_filter ms"));
        for (ConvKernelBench.Staging s : bench.staging()) {
            md.add(MarkdownTable.row(s.layer().toString(), Figures.significant(s.dataMs(), 4),
                    Figures.significant(s.filterMs(), 4)));
        }
        md.add("");
        return md;
    }
}
