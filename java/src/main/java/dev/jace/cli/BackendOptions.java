package dev.jace.cli;

import dev.jace.backend.Backend;
import dev.jace.backend.Precision;
import dev.jace.backend.cpu.CpuBackend;
import dev.jace.backend.cuda.CudaBackend;
import dev.jace.backend.cuda.CudaOptions;
import dev.jace.backend.cuda.CudaProbe;
import dev.jace.backend.cuda.GroupConvAlgorithm;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.List;

/**
 * The {@code --backend}, {@code --precision}, {@code --group-conv}, {@code --no-cudnn} and {@code --deterministic}
 * flags shared by commands that compute.
 */
final class BackendOptions {

    enum Kind { cpu, cuda }

    /** The flags that only the CUDA backend reads. */
    static final List<String> CUDA_ONLY = List.of("--precision", "--group-conv", "--no-cudnn", "--deterministic");

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--backend", defaultValue = "cpu",
            description = "cpu or cuda (default: ${DEFAULT-VALUE}).")
    Kind kind;

    @Option(names = "--precision", defaultValue = "FP32",
            description = "CUDA convolution/GEMM arithmetic: FP32, TF32 or BF16 (default: ${DEFAULT-VALUE}).")
    Precision precision;

    @Option(names = "--group-conv", defaultValue = "AUTO",
            description = "CUDA group convolutions: AUTO times DIRECT and EXPANDED per shape and keeps the faster, a "
                    + "choice that can differ from run to run where the two are close, and the last bits with it; "
                    + "DIRECT or EXPANDED fixes it, e.g. to compare two runs bit for bit (with --no-cudnn). "
                    + "Additively relaxed layers run one plain convolution for both branches and do not use it "
                    + "(default: ${DEFAULT-VALUE}).")
    GroupConvAlgorithm groupConv;

    @Option(names = "--no-cudnn",
            description = "CUDA: run the FP32/TF32 plain convolutions (relaxed layers, EXPANDED group convolutions) on "
                    + "libjace's kernels instead of cuDNN. cuDNN picks its algorithms by timing them in each process, "
                    + "so two runs can differ in the last bits; libjace's are fixed.")
    boolean noCudnn;

    @Option(names = "--deterministic",
            description = "CUDA: let cuDNN run only algorithms it reports deterministic (its fastest backward ones "
                    + "can sum with atomics), so that a convolution repeated on the same inputs gives the same bits, "
                    + "e.g. a step replayed from a CUDA graph (--capture-steps) and the same step run directly. "
                    + "libjace's kernels always are; across processes cuDNN's timed choice can still differ "
                    + "(--no-cudnn avoids it).")
    boolean deterministic;

    /** Opens the chosen backend; cuda without a usable GPU is an error that says why. */
    Backend open() {
        if (kind == Kind.cpu) {
            warnAboutCudaOnlyFlags();
            return new CpuBackend();
        }
        requireAvailable();
        return new CudaBackend(cudaOptions());
    }

    /** The arithmetic of the backend {@link #open} gives: {@code --precision} on cuda, FP32 on the CPU. */
    Precision arithmetic() {
        return kind == Kind.cpu ? Precision.FP32 : precision;
    }

    /** Refuses cuda without a usable GPU, as {@link #open} does: said before data that take a while are loaded. */
    void requireAvailable() {
        if (kind == Kind.cpu) {
            return;
        }
        CudaProbe probe = CudaBackend.probe();
        if (!probe.available()) {
            throw new IllegalArgumentException("--backend cuda is not usable here: " + probe.summary());
        }
    }

    /** The CPU backend computes in FP32 with its own kernels, so a CUDA-only flag given would be ignored silently. */
    private void warnAboutCudaOnlyFlags() {
        if (command == null || command.commandLine().getParseResult() == null) {
            return;
        }
        List<String> given = CUDA_ONLY.stream().filter(command.commandLine().getParseResult()::hasMatchedOption)
                .toList();
        if (!given.isEmpty()) {
            command.commandLine().getErr().println("jace: " + String.join(", ", given) + (given.size() == 1
                    ? " applies" : " apply") + " to --backend cuda only; the cpu backend computes in FP32 with its "
                    + "own kernels");
            command.commandLine().getErr().flush();
        }
    }

    CudaOptions cudaOptions() {
        return CudaOptions.defaults().withPrecision(precision).withGroupConv(groupConv).withCudnn(!noCudnn)
                .withDeterministic(deterministic);
    }
}
