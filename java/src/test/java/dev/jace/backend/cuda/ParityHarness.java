package dev.jace.backend.cuda;

import dev.jace.backend.Backend;
import dev.jace.backend.Precision;
import dev.jace.backend.cpu.CpuBackend;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;
import dev.jace.testing.Numerics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;


/**
 * Runs the same op on the CPU oracle and a CUDA backend: inputs are uploaded identically to both, outputs start
 * as NaN on both (so an element the CUDA op forgets to write fails the comparison), and {@link #check} compares
 * every output by max relative error.
 */
final class ParityHarness implements AutoCloseable {

    /** The same tensor on both backends. */
    record Pair(Tensor cpu, Tensor gpu) {
        Shape shape() {
            return cpu.shape();
        }
    }

    final Backend cpu = new CpuBackend();
    final CudaBackend gpu;
    final Random random;
    final double tolerance;
    private final List<Tensor> owned = new ArrayList<>();

    ParityHarness(CudaOptions options, long seed, double tolerance) {
        this.gpu = new CudaBackend(options);
        this.random = new Random(seed);
        this.tolerance = tolerance;
    }

    /** Uniform values in [-1, 1). */
    Pair random(int... dims) {
        return values(Numerics.randomFloats(random, Shape.of(dims).size()), dims);
    }

    /** Uniform values in [lo, hi). */
    Pair uniform(float lo, float hi, int... dims) {
        float[] v = new float[Shape.of(dims).size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = lo + (hi - lo) * random.nextFloat();
        }
        return values(v, dims);
    }

    Pair values(float[] values, int... dims) {
        Shape shape = Shape.of(dims);
        Pair p = new Pair(cpu.upload(values, shape), gpu.upload(values, shape));
        owned.add(p.cpu());
        owned.add(p.gpu());
        return p;
    }

    /** An output: NaN everywhere on both backends. */
    Pair poisoned(int... dims) {
        float[] nan = new float[Shape.of(dims).size()];
        Arrays.fill(nan, Float.NaN);
        return values(nan, dims);
    }

    /** Compares each output: the GPU's download itself waits for the queued work that writes it. */
    void check(String what, Pair... outputs) {
        for (int i = 0; i < outputs.length; i++) {
            double[] expected = Numerics.toDouble(cpu.download(outputs[i].cpu()));
            float[] actual = gpu.download(outputs[i].gpu());
            Numerics.assertClose(what + " [" + gpu.options().precision() + "] output " + i + " "
                    + outputs[i].shape(), expected, actual, tolerance);
        }
    }

    /** A bilinear op run on the CPU oracle: {@code out = op(a, b)}. */
    interface CpuBilinear {
        void run(Tensor a, Tensor b, Tensor out);
    }

    /**
     * Checks a GEMM-like output. At FP32 like {@link #check}; at TF32/BF16 each element's error is divided by the
     * same op applied to |a| and |b| on the CPU (Σ|a||b|, the scale of a dot product's rounding error).
     */
    void checkBilinear(String what, Pair output, Pair a, Pair b, CpuBilinear op) {
        if (gpu.options().precision() == Precision.FP32) {
            check(what, output);
            return;
        }
        try (Tensor absA = cpu.upload(abs(cpu.download(a.cpu())), a.shape());
             Tensor absB = cpu.upload(abs(cpu.download(b.cpu())), b.shape());
             Tensor scale = cpu.allocate(output.shape())) {
            op.run(absA, absB, scale);
            Numerics.assertCloseToScale(what + " [" + gpu.options().precision() + "] " + output.shape()
                            + ", scale Σ|a||b|", Numerics.toDouble(cpu.download(output.cpu())),
                    gpu.download(output.gpu()), Numerics.toDouble(cpu.download(scale)), tolerance);
        }
    }

    private static float[] abs(float[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Math.abs(values[i]);
        }
        return out;
    }

    @Override
    public void close() {
        owned.forEach(Tensor::close);
        gpu.close();
        cpu.close();
    }
}
