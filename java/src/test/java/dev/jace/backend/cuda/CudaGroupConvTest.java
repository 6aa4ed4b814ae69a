package dev.jace.backend.cuda;

import dev.jace.backend.FeatureRep;
import dev.jace.backend.GroupTable;
import dev.jace.backend.Padding;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;
import dev.jace.testing.Numerics;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GPU-only checks of the group convolutions that need no CPU oracle: equivariance measured with the CUDA group
 * action and deviation, agreement of the DIRECT and EXPANDED algorithms, and the autotuner's bookkeeping.
 */
@Tag("gpu")
@Tag("cuda-libraries")
class CudaGroupConvTest {

    /** For libjace's kernels and cuDNN alike: at FP32 cuDNN runs only its algorithms that sum directly (CudnnConv). */
    private static final double FP32 = 1e-5;

    @BeforeEach
    void requireGpu() {
        GpuAssumptions.assumeCuda();
    }

    private static CudaBackend backend(GroupConvAlgorithm algorithm) {
        return new CudaBackend(CudaOptions.defaults().withGroupConv(algorithm));
    }

    private static int[] all(GroupTable g) {
        int[] e = new int[g.order()];
        Arrays.setAll(e, i -> i);
        return e;
    }

    /**
     * Max over samples and elements of sqrt(deviation / norm), i.e. ‖f(g·x) − g·f(x)‖ / ‖f(x)‖, for f mapping
     * (input, output) tensors on the backend.
     */
    private static double relativeDeviation(CudaBackend b, GroupTable g, Tensor x, FeatureRep inRep, Shape outShape,
                                            BiConsumer<Tensor, Tensor> f) {
        int[] elements = all(g);
        int s = elements.length;
        int n = x.shape().dim(0);
        try (Tensor gx = b.allocate(x.shape().withDim0(s * n));
             Tensor fx = b.allocate(outShape);
             Tensor fgx = b.allocate(outShape.withDim0(s * n));
             Tensor dev = b.allocate(Shape.of(s, n));
             Tensor norm = b.allocate(Shape.of(n))) {
            b.groupAction(x, g, elements, inRep, gx);
            f.accept(x, fx);
            f.accept(gx, fgx);
            b.equivarianceDeviation(fgx, fx, g, elements, FeatureRep.GROUP_MAP, dev, norm);
            float[] d = b.download(dev);
            float[] nn = b.download(norm);
            double worst = 0;
            for (int e = 0; e < s; e++) {
                for (int i = 0; i < n; i++) {
                    assertTrue(nn[i] > 0, "f(x) vanished");
                    worst = Math.max(worst, Math.sqrt(d[e * n + i] / nn[i]));
                }
            }
            return worst;
        }
    }

    @ParameterizedTest
    @EnumSource(value = GroupConvAlgorithm.class, names = {"DIRECT", "EXPANDED"})
    void liftingAndGroupConvAreEquivariant(GroupConvAlgorithm algorithm) {
        Random random = new Random(7);
        try (CudaBackend b = backend(algorithm)) {
            for (GroupTable g : new GroupTable[] {TestGroups.C4, TestGroups.D4}) {
                for (Padding padding : Padding.values()) {
                    int n = 2;
                    int cin = 3;
                    int cout = 5;
                    int size = 9;
                    int k = 3;
                    int out = padding.outputSize(size, k);
                    Shape outShape = Shape.of(n, cout, g.order(), out, out);
                    try (Tensor x = b.upload(Numerics.randomFloats(random, n * cin * size * size),
                            Shape.of(n, cin, size, size));
                         Tensor w = b.upload(Numerics.randomFloats(random, cout * cin * k * k),
                                 Shape.of(cout, cin, k, k));
                         Tensor xg = b.upload(Numerics.randomFloats(random, n * cin * g.order() * size * size),
                                 Shape.of(n, cin, g.order(), size, size));
                         Tensor wg = b.upload(Numerics.randomFloats(random, cout * cin * g.order() * k * k),
                                 Shape.of(cout, cin, g.order(), k, k))) {
                        double lifting = relativeDeviation(b, g, x, FeatureRep.IMAGE, outShape,
                                (in, o) -> b.liftingConv(in, w, g, padding, o));
                        assertTrue(lifting < FP32, algorithm + " liftingConv " + g + " " + padding
                                + ": relative deviation " + lifting);
                        double group = relativeDeviation(b, g, xg, FeatureRep.GROUP_MAP, outShape,
                                (in, o) -> b.groupConv(in, wg, g, padding, o));
                        assertTrue(group < FP32, algorithm + " groupConv " + g + " " + padding
                                + ": relative deviation " + group);
                    }
                }
            }
        }
    }

    /** Runs all six ops on one backend from fixed inputs; returns the outputs in op order. */
    private static List<float[]> sixOps(CudaBackend b, GroupTable g, Padding padding, long seed) {
        Random random = new Random(seed);
        int n = 3;
        int cin = 2;
        int cout = 3;
        int size = 7;
        int k = 5;
        int o = padding.outputSize(size, k);
        int order = g.order();
        List<Tensor> tensors = new ArrayList<>();
        java.util.function.Function<int[], Tensor> rnd = dims -> {
            Tensor t = b.upload(Numerics.randomFloats(random, Shape.of(dims).size()), Shape.of(dims));
            tensors.add(t);
            return t;
        };
        java.util.function.Function<int[], Tensor> out = dims -> {
            Tensor t = b.allocate(Shape.of(dims));
            b.fill(t, Float.NaN);
            tensors.add(t);
            return t;
        };
        try {
            Tensor x = rnd.apply(new int[] {n, cin, size, size});
            Tensor w = rnd.apply(new int[] {cout, cin, k, k});
            Tensor xg = rnd.apply(new int[] {n, cin, order, size, size});
            Tensor wg = rnd.apply(new int[] {cout, cin, order, k, k});
            Tensor dy = rnd.apply(new int[] {n, cout, order, o, o});
            Tensor y1 = out.apply(new int[] {n, cout, order, o, o});
            Tensor dx1 = out.apply(new int[] {n, cin, size, size});
            Tensor dw1 = out.apply(new int[] {cout, cin, k, k});
            Tensor y2 = out.apply(new int[] {n, cout, order, o, o});
            Tensor dx2 = out.apply(new int[] {n, cin, order, size, size});
            Tensor dw2 = out.apply(new int[] {cout, cin, order, k, k});
            b.liftingConv(x, w, g, padding, y1);
            b.liftingConvBackwardData(dy, w, g, padding, dx1);
            b.liftingConvBackwardFilter(x, dy, g, padding, dw1);
            b.groupConv(xg, wg, g, padding, y2);
            b.groupConvBackwardData(dy, wg, g, padding, dx2);
            b.groupConvBackwardFilter(xg, dy, g, padding, dw2);
            List<float[]> results = new ArrayList<>();
            for (Tensor t : List.of(y1, dx1, dw1, y2, dx2, dw2)) {
                results.add(b.download(t));
            }
            return results;
        } finally {
            tensors.forEach(Tensor::close);
        }
    }

    @Test
    void directAndExpandedAgree() {
        String[] ops = {"liftingConv", "liftingConvBackwardData", "liftingConvBackwardFilter", "groupConv",
                "groupConvBackwardData", "groupConvBackwardFilter"};
        try (CudaBackend direct = backend(GroupConvAlgorithm.DIRECT);
             CudaBackend expanded = backend(GroupConvAlgorithm.EXPANDED)) {
            for (GroupTable g : new GroupTable[] {TestGroups.C4, TestGroups.D4, TestGroups.FLIP}) {
                for (Padding padding : Padding.values()) {
                    List<float[]> a = sixOps(direct, g, padding, 11);
                    List<float[]> e = sixOps(expanded, g, padding, 11);
                    for (int i = 0; i < ops.length; i++) {
                        Numerics.assertClose(ops[i] + " DIRECT vs EXPANDED " + g + " " + padding,
                                Numerics.toDouble(a.get(i)), e.get(i), FP32);
                    }
                }
            }
        }
    }

    @Test
    void autotunerChoosesOncePerShapeAndMatchesDirect() {
        try (CudaBackend auto = backend(GroupConvAlgorithm.AUTO);
             CudaBackend direct = backend(GroupConvAlgorithm.DIRECT)) {
            List<float[]> first = sixOps(auto, TestGroups.D4, Padding.SAME, 3);
            Map<GroupConvKey, GroupConvAlgorithm> choices = auto.groupConvChoices();
            assertEquals(6, choices.size(), choices.toString());
            assertTrue(choices.values().stream().noneMatch(c -> c == GroupConvAlgorithm.AUTO));
            List<float[]> second = sixOps(auto, TestGroups.D4, Padding.SAME, 3);
            assertEquals(choices, auto.groupConvChoices());
            List<float[]> reference = sixOps(direct, TestGroups.D4, Padding.SAME, 3);
            for (int i = 0; i < 6; i++) {
                Numerics.assertClose("autotuned op " + i + " (first call)", Numerics.toDouble(reference.get(i)),
                        first.get(i), FP32);
                Numerics.assertClose("autotuned op " + i + " (cached choice)", Numerics.toDouble(reference.get(i)),
                        second.get(i), FP32);
            }
            assertTrue(direct.groupConvChoices().isEmpty());
        }
    }
}
