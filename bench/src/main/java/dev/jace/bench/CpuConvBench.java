package dev.jace.bench;

import dev.jace.backend.Padding;
import dev.jace.backend.cpu.CpuBackend;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Forward 3x3 convolution ({@code Padding.SAME}) on the CPU backend at the layer shapes of a small rotated-MNIST
 * group CNN: the first layer, a plain middle layer, and a D4 group layer in its expanded form (channels x 8).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class CpuConvBench {

    /** {@code NxCinxHxWxCoutxk} (x, not commas: JMH's {@code -p} splits values at commas). */
    @Param({"32x1x28x28x16x3", "32x16x28x28x32x3", "32x64x14x14x64x3"})
    public String layer;

    private CpuBackend backend;
    private Tensor x;
    private Tensor w;
    private Tensor out;

    @Setup
    public void setUp() {
        String[] parts = layer.split("x");
        int n = Integer.parseInt(parts[0]);
        int cin = Integer.parseInt(parts[1]);
        int h = Integer.parseInt(parts[2]);
        int width = Integer.parseInt(parts[3]);
        int cout = Integer.parseInt(parts[4]);
        int k = Integer.parseInt(parts[5]);
        backend = new CpuBackend();
        SplittableRandom random = new SplittableRandom(42);
        x = backend.upload(gaussian(random, n * cin * h * width), Shape.of(n, cin, h, width));
        w = backend.upload(gaussian(random, cout * cin * k * k), Shape.of(cout, cin, k, k));
        out = backend.allocate(Shape.of(n, cout, h, width));
    }

    @TearDown
    public void tearDown() {
        x.close();
        w.close();
        out.close();
        backend.close();
    }

    @Benchmark
    public Tensor conv2dForward() {
        backend.conv2d(x, w, Padding.SAME, out);
        return out;
    }

    private static float[] gaussian(SplittableRandom random, int count) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) (random.nextGaussian() * 0.1);
        }
        return values;
    }
}
