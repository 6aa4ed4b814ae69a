package dev.jace.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code jace gpu-report DIR}: reads what {@code jace-device-check} measured (its results.tar.gz, unpacked into DIR)
 * and prints a Markdown entry for bench/RESULTS.md with issue #6's performance targets judged.
 */
@Command(name = "gpu-report", description = {
        "Drafts a bench/RESULTS.md entry from a GPU device check: the device, the ceilings (GEMM, copy, launch), "
                + "issue #6's performance targets, each met, met where measured (naming what was not), not met (with "
                + "the gap) or not measured (with why), and "
                + "the Nsight Compute profiles of the conv and deviation kernels.",
        "DIR is the folder jace-device-check's results.tar.gz was unpacked into; it reads bench-FP32.json, "
                + "bench-TF32.json, bench-BF16.json, jmh-ceilings.json, jmh-groupconv.json, pytorch-c4-fp32.json, "
                + "pytorch-c4-bf16.json and the step logs NN-gpu.log, NN-conv-kernels-bench.log, "
                + "NN-c-launch_overhead.log, NN-ncu-conv.log, NN-ncu-deviation.log, NN-step-traffic.log, "
                + "NN-step-traffic-graph.log and NN-step-traffic-overlapped.log (NN: the step's number, the highest "
                + "where several), any of which may be missing, but not all; also NN-jmh-ceilings.log and "
                + "NN-jmh-groupconv.log (the scores JMH finished, when its JSON file is missing or empty; the latter "
                + "also names GroupConvBench's EXPANDED baseline) and NN-info.log (results of jace's CUDA emulator are "
                + "refused). The DIRECT/EXPANDED target is judged on GroupConvBench's shapes, or without its scores "
                + "on `jace bench`'s one group-conv shape."})
final class GpuReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", converter = PathOption.Folder.class,
            description = "Folder with the unpacked results.tar.gz.")
    Path dir;

    @Override
    public Integer call() throws IOException {
        String markdown = GpuReportMarkdown.render(GpuResults.read(dir));
        PrintWriter out = spec.commandLine().getOut();
        out.print(markdown);
        out.flush();
        return 0;
    }
}
