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
                + " computation of the layer (exit 1 if an output is more than 1e-5 from float64, an equivariant layer"
                + " exceeds 1e-5 or the control does not).")
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
            SelfTestReport report = SelfTest.run(backend, seed);
            out.print(report.toTable());
            out.flush();
            return report.passed() ? 0 : 1;
        }
    }
}
