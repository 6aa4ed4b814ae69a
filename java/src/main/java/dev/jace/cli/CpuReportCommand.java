package dev.jace.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code jace cpu-report FILE...}: the CPU convolutions of JMH runs against the FP32 peak, for bench/RESULTS.md
 * ({@link CpuJmhReport}).
 */
@Command(name = "cpu-report", description = {
        "Prints, in Markdown, the GFLOP/s of each CPU convolution in a JMH run of GroupConvBench and LiftingConvBench "
                + "(-p backend=cpu, -rf json) and its share of the CPU's FP32 peak, which CpuPeakBench measures in the "
                + "same run, with how many reach issue #6's 30%%.",
        "FLOPs as jace bench counts them (SAME padding's zero taps too). Each file is a run: with several, each "
                + "score is a share of its own run's peak, and each convolution shows the median of its runs and "
                + "their range."})
final class CpuReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "1..*", converter = PathOption.File.class,
            description = "JMH's JSON result files (-rf json -rff FILE), a run each.")
    List<Path> files;

    @Option(names = "--peak", paramLabel = "GFLOPS",
            description = "The FP32 peak in GFLOP/s (e.g. bench/cpu-peak/fma_peak.c's), for runs without "
                    + "CpuPeakBench; it replaces CpuPeakBench's where both are there.")
    Double peak;

    @Override
    public Integer call() throws IOException {
        if (peak != null && !(peak > 0 && Double.isFinite(peak))) {
            throw new ParameterException(spec.commandLine(),
                    "--peak should be a positive number of GFLOP/s, got " + peak);
        }
        PrintWriter out = spec.commandLine().getOut();
        CpuJmhReport.read(files, Optional.ofNullable(peak)).markdown().forEach(out::println);
        out.flush();
        return 0;
    }
}
