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
        Layer l = Layer.parse(layer);
        backend = new CpuBackend();
        SplittableRandom random = new SplittableRandom(42);
        x = backend.upload(gaussian(random, l.input().size()), l.input());
        w = backend.upload(gaussian(random, l.weight().size()), l.weight());
        out = backend.allocate(l.output());
    }

    /** A {@link #layer} parameter: batch, channels in, height, width, channels out, kernel size. */
    record Layer(int n, int cin, int h, int w, int cout, int k) {

        static Layer parse(String text) {
            int[] v = BenchParams.sizes("layer", text, "NxCINxHxWxCOUTxK",
                    "batch, in channels, height, width, out channels, kernel", "32x16x28x28x32x3");
            return new Layer(v[0], v[1], v[2], v[3], v[4], v[5]);
        }

        Shape input() {
            return Shape.of(n, cin, h, w);
        }

        Shape weight() {
            return Shape.of(cout, cin, k, k);
        }

        Shape output() {
            return Shape.of(n, cout, h, w);
        }
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
