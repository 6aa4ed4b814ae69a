package dev.jace.cli;

import dev.jace.backend.Backend;
import dev.jace.backend.Padding;
import dev.jace.backend.Precision;
import dev.jace.backend.cpu.CpuBackend;
import dev.jace.backend.cuda.CudaBackend;
import dev.jace.backend.cuda.CudaOptions;
import dev.jace.backend.cuda.CudaProbe;
import dev.jace.backend.cuda.GroupConvAlgorithm;
import dev.jace.group.Group;
import dev.jace.ops.Algorithm;
import dev.jace.ops.GroupConv;
import dev.jace.ops.LiftingConv;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;

import java.util.SplittableRandom;

/**
 * A backend opened for benchmarking one precision and one group-convolution algorithm, shared by {@code jace bench}
 * and the JMH suites. On CUDA the algorithm is forced through {@link CudaOptions#withGroupConv} (no autotuning:
 * DIRECT runs libjace's group-conv kernels, EXPANDED the expanded filter bank through cuDNN or libjace's conv);
 * the CPU backend has no such option, so there EXPANDED runs {@link Algorithm#EXPANDED} of {@code dev.jace.ops}
 * (expand the bank, then {@code conv2d}). Either way {@link #lifting} and {@link #groupConv} run the chosen one.
 *
 * @param backend   the open backend, closed with this
 * @param algorithm the algorithm the benchmark asked for
 * @param route     what the {@code dev.jace.ops} convolutions must be told to get it on this backend
 */
public record BenchBackend(Backend backend, Algorithm algorithm, Algorithm route) implements AutoCloseable {

    /**
     * Opens {@code "cpu"} or {@code "cuda"} (device 0).
     *
     * @throws IllegalStateException    for cuda when {@link CudaBackend#probe()} says it cannot run here (with why)
     * @throws IllegalArgumentException for another name, or a precision other than FP32 on the CPU
     */
    public static BenchBackend open(String kind, Precision precision, Algorithm algorithm) {
        switch (kind) {
            case "cpu" -> {
                if (precision != Precision.FP32) {
                    throw new IllegalArgumentException("the CPU backend computes FP32 only, not " + precision);
                }
                return new BenchBackend(new CpuBackend(), algorithm, algorithm);
            }
            case "cuda" -> {
                CudaProbe probe = CudaBackend.probe();
                if (!probe.available()) {
                    throw new IllegalStateException("the CUDA backend is unavailable: " + probe.summary());
                }
                GroupConvAlgorithm forced = algorithm == Algorithm.DIRECT ? GroupConvAlgorithm.DIRECT
                        : GroupConvAlgorithm.EXPANDED;
                CudaOptions options = CudaOptions.defaults().withPrecision(precision).withGroupConv(forced);
                return new BenchBackend(new CudaBackend(options), algorithm, Algorithm.DIRECT);
            }
            default -> throw new IllegalArgumentException("backend must be cpu or cuda, got \"" + kind + "\"");
        }
    }

    /**
     * The backend as {@code jace train} opens it: on CUDA the default options, whose autotuner picks DIRECT or
     * EXPANDED per shape ({@link GroupConvAlgorithm#AUTO}); the CPU backend as in {@link #open}. {@link #algorithm()}
     * and {@link #route()} are DIRECT: the ops' direct route reaches the backend's own choice.
     */
    public static BenchBackend openDefault(String kind, Precision precision) {
        if (!kind.equals("cuda")) {
            return open(kind, precision, Algorithm.DIRECT);
        }
        CudaProbe probe = CudaBackend.probe();
        if (!probe.available()) {
            throw new IllegalStateException("the CUDA backend is unavailable: " + probe.summary());
        }
        return new BenchBackend(new CudaBackend(CudaOptions.defaults().withPrecision(precision)), Algorithm.DIRECT,
                Algorithm.DIRECT);
    }

    public LiftingConv lifting(Group group) {
        return new LiftingConv(group, Padding.SAME, route);
    }

    public GroupConv groupConv(Group group) {
        return new GroupConv(group, Padding.SAME, route);
    }

    /** A new tensor of N(0, 0.1²) values from {@code seed}. */
    public Tensor random(Shape shape, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[shape.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * 0.1);
        }
        return backend.upload(values, shape);
    }

    @Override
    public void close() {
        backend.close();
    }
}
