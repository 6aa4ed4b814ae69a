package dev.jace.cli;

import dev.jace.backend.Backend;
import dev.jace.ops.SelfTest;
import dev.jace.ops.SelfTestReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "selftest",
        description = "Relative equivariance deviation of the lifting convolution, the group convolution and a"
                + " group convolution followed by max group pooling, with a plain convolution as the control, for C2,"
                + " C4 and D4, per group element, on random data, and each output's relative distance from a float64"
                + " computation of the layer, each the largest over the samples (exit 1 if an output is off float64 by"
                + " the precision's tolerance or more, an equivariant layer's deviation reaches it or the control's"
                + " does not exceed it; tolerance 1e-8 at FP32 (the CPU's), 4e-6 at TF32, 1e-4 at BF16).")
final class SelfTestCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BackendOptions backendOptions = new BackendOptions();

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the random inputs and weights (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Backend backend = backendOptions.open()) {
            SelfTestReport report = SelfTest.run(backend, backendOptions.arithmetic(), seed);
            out.print(report.toTable());
            out.flush();
            return report.passed() ? 0 : 1;
        }
    }
}
