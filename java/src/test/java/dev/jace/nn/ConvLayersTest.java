package dev.jace.nn;

import dev.jace.backend.Backend;
import dev.jace.backend.Padding;
import dev.jace.backend.cpu.CpuBackend;
import dev.jace.group.Group;
import dev.jace.group.Groups;
import dev.jace.tensor.Shape;
import dev.jace.testing.GroupReference;
import dev.jace.testing.Numerics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Convolution layers against float64 references: forward at 1e-5, gradients against float64 central differences
 * of the reference (exact for these multilinear maps up to rounding).
 */
class ConvLayersTest {

    private static final Backend BACKEND = new CpuBackend();
    private static final double FORWARD_TOL = 1e-5;
    private static final double GRAD_TOL = 1e-4;
    private static final double H = 1e-4;
    private static final int N = 2;
    private static final int CIN = 2;
    private static final int COUT = 3;
    private static final int K = 3;
    private static final int SIZE = 5;
    private static final List<Group> GROUPS = Stream.of("c2", "c4", "d4").map(Groups::byName).toList();

    @AfterAll
    static void close() {
        BACKEND.close();
    }

    private static float[] input(int n) {
        return Numerics.randomFloats(new Random(11), n);
    }

    @Test
    void conv2dWithAndWithoutBias() {
        for (Padding padding : Padding.values()) {
            for (boolean bias : new boolean[] {true, false}) {
                try (Conv2dLayer layer = new Conv2dLayer(BACKEND, CIN, COUT, K, padding, bias, new Random(1))) {
                    if (bias) {
                        randomize(BACKEND, layer.parameters().get("bias"));
                    }
                    GradCheck.check(BACKEND, layer, input(N * CIN * SIZE * SIZE), Shape.of(N, CIN, SIZE, SIZE),
                            (x, p) -> {
                                double[] y = GroupReference.conv2d(x, N, CIN, SIZE, SIZE, p.get("weight"), COUT, K,
                                        padding);
                                return bias ? addBias(y, N, COUT, p.get("bias")) : y;
                            }, H, FORWARD_TOL, GRAD_TOL);
                }
            }
        }
    }

    private static double[] lifting(double[] x, Map<String, double[]> p, Group group, Padding padding) {
        double[] y = GroupReference.liftingConv(group, x, N, CIN, SIZE, SIZE, p.get("weight"), COUT, K, padding);
        return addBias(y, N, COUT, p.get("bias"));
    }

    private static double[] groupConv(double[] x, double[] w, double[] bias, Group group, Padding padding) {
        double[] y = GroupReference.groupConv(group, x, N, CIN, SIZE, SIZE, w, COUT, K, padding);
        return bias == null ? y : addBias(y, N, COUT, bias);
    }

    /** {@code y[b, c, ...] += bias[c]} in place for y {@code [n, channels, rest]}. */
    private static double[] addBias(double[] y, int n, int channels, double[] bias) {
        int rest = y.length / (n * channels);
        for (int i = 0; i < y.length; i++) {
            y[i] += bias[(i / rest) % channels];
        }
        return y;
    }

    @Test
    void liftingConv() {
        for (Group group : GROUPS) {
            for (Padding padding : Padding.values()) {
                try (LiftingConvLayer layer = new LiftingConvLayer(BACKEND, group.table(), CIN, COUT, K, padding,
                        new Random(2))) {
                    randomize(BACKEND, layer.bias());
                    GradCheck.check(BACKEND, layer, input(N * CIN * SIZE * SIZE), Shape.of(N, CIN, SIZE, SIZE),
                            (x, p) -> lifting(x, p, group, padding), H, FORWARD_TOL, GRAD_TOL);
                }
            }
        }
    }

    @Test
    void groupConv() {
        for (Group group : GROUPS) {
            Padding padding = group.order() == 8 ? Padding.VALID : Padding.SAME;
            int order = group.order();
            try (GroupConvLayer layer = new GroupConvLayer(BACKEND, group.table(), CIN, COUT, K, padding,
                    new Random(3))) {
                randomize(BACKEND, layer.bias());
                GradCheck.check(BACKEND, layer, input(N * CIN * order * SIZE * SIZE),
                        Shape.of(N, CIN, order, SIZE, SIZE),
                        (x, p) -> groupConv(x, p.get("weight"), p.get("bias"), group, padding), H, FORWARD_TOL,
                        GRAD_TOL);
            }
        }
    }

    @Test
    void additiveRelaxationOfLiftingConv() {
        Group group = Groups.byName("d4");
        LiftingConvLayer eq = new LiftingConvLayer(BACKEND, group.table(), CIN, COUT, K, Padding.SAME, new Random(4));
        try (AdditiveRelaxation layer = new AdditiveRelaxation(BACKEND, eq, 0.7f, new Random(5))) {
            assertEquals(List.of("weight", "bias", "free.weight", "gamma"), layer.parameters().names());
            randomize(BACKEND, eq.bias());
            GradCheck.check(BACKEND, layer, input(N * CIN * SIZE * SIZE), Shape.of(N, CIN, SIZE, SIZE), (x, p) -> {
                double[] y = lifting(x, p, group, Padding.SAME);
                double[] free = GroupReference.conv2d(x, N, CIN, SIZE, SIZE, p.get("free.weight"), COUT * group.order(),
                        K, Padding.SAME);
                return addScaled(y, p.get("gamma")[0], free);
            }, H, FORWARD_TOL, GRAD_TOL);
        }
    }

    @Test
    void additiveRelaxationOfGroupConv() {
        Group group = Groups.byName("c4");
        int order = group.order();
        GroupConvLayer eq = new GroupConvLayer(BACKEND, group.table(), CIN, COUT, K, Padding.VALID, new Random(6));
        try (AdditiveRelaxation layer = new AdditiveRelaxation(BACKEND, eq, -0.4f, new Random(7))) {
            GradCheck.check(BACKEND, layer, input(N * CIN * order * SIZE * SIZE), Shape.of(N, CIN, order, SIZE, SIZE),
                    (x, p) -> {
                        double[] y = groupConv(x, p.get("weight"), p.get("bias"), group, Padding.VALID);
                        double[] free = GroupReference.conv2d(x, N, CIN * order, SIZE, SIZE, p.get("free.weight"),
                                COUT * order, K, Padding.VALID);
                        return addScaled(y, p.get("gamma")[0], free);
                    }, H, FORWARD_TOL, GRAD_TOL);
        }
    }

    @Test
    void relaxedGroupConv() {
        for (Group group : GROUPS) {
            int order = group.order();
            int bases = 3;
            try (RelaxedGroupConvLayer layer = new RelaxedGroupConvLayer(BACKEND, group.table(), CIN, COUT, K,
                    Padding.SAME, bases, 0.5f, new Random(8))) {
                randomize(BACKEND, layer.parameters().get("bias"));
                GradCheck.check(BACKEND, layer, input(N * CIN * order * SIZE * SIZE),
                        Shape.of(N, CIN, order, SIZE, SIZE), (x, p) -> {
                            double[] a = p.get("coefficients");
                            double[] y = new double[N * COUT * order * SIZE * SIZE];
                            int plane = SIZE * SIZE;
                            for (int k = 0; k < bases; k++) {
                                double[] yk = groupConv(x, p.get("basis." + k), null, group, Padding.SAME);
                                for (int i = 0; i < y.length; i++) {
                                    y[i] += a[k * order + (i / plane) % order] * yk[i];
                                }
                            }
                            return addBias(y, N, COUT, p.get("bias"));
                        }, H, FORWARD_TOL, GRAD_TOL);
            }
        }
    }

    /** {@code y += gamma · z} in place. */
    private static double[] addScaled(double[] y, double gamma, double[] z) {
        for (int i = 0; i < y.length; i++) {
            y[i] += gamma * z[i];
        }
        return y;
    }

    /** Replaces a (zero-initialised) parameter on {@code backend} by random values so its contribution is visible. */
    static void randomize(Backend backend, Parameter p) {
        try (var t = backend.upload(Numerics.randomFloats(new Random(99), p.size()), p.shape())) {
            backend.copy(t, p.value());
        }
    }
}
