package dev.jace.nn;

import dev.jace.backend.Backend;
import dev.jace.backend.Padding;
import dev.jace.backend.PoolMode;
import dev.jace.backend.cpu.CpuBackend;
import dev.jace.group.Groups;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;
import dev.jace.testing.Numerics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Layers without a float64 reference: gradients against central differences of their own float32 forward
 * (inputs without ties or zeros, so kinks are not crossed), relative tolerance 1e-2.
 */
class SimpleLayersTest {

    private static final Backend BACKEND = new CpuBackend();
    private static final double TOL = 1e-2;

    @AfterAll
    static void close() {
        BACKEND.close();
    }

    private static void check(Layer layer, Shape shape, double h) {
        float[] x = GradCheck.distinct(new Random(shape.size()), shape.size());
        GradCheck.check(BACKEND, layer, x, shape, GradCheck.onBackend(BACKEND, layer, shape), h, -1, TOL);
    }

    @Test
    void relu() {
        try (ReluLayer layer = new ReluLayer(BACKEND)) {
            check(layer, Shape.of(2, 3, 4, 4), 1e-3);
        }
    }

    @Test
    void groupPool() {
        for (PoolMode mode : PoolMode.values()) {
            try (GroupPoolLayer layer = new GroupPoolLayer(BACKEND, mode)) {
                assertEquals(Shape.of(2, 3, 5, 5), layer.outputShape(Shape.of(2, 3, 4, 5, 5)));
                check(layer, Shape.of(2, 3, 4, 3, 3), 1e-3);
            }
        }
    }

    @Test
    void spatialPools() {
        try (SpatialPoolLayer max = SpatialPoolLayer.max(BACKEND, 2, 2);
             SpatialPoolLayer avg = SpatialPoolLayer.avg(BACKEND, 3, 1);
             SpatialPoolLayer global = SpatialPoolLayer.globalAvg(BACKEND)) {
            check(max, Shape.of(2, 2, 4, 4), 1e-3);
            check(avg, Shape.of(2, 2, 5, 5), 1e-2);
            assertEquals(Shape.of(2, 3, 4), global.outputShape(Shape.of(2, 3, 4, 5, 5)));
            check(global, Shape.of(2, 3, 4, 3, 3), 1e-2);
            assertEquals(Shape.of(1, 1), global.outputShape(Shape.of(1, 1, 4, 5)));
        }
    }

    /** The mean of each whole map, square or not, against a float64 mean; gradients by finite differences. */
    @Test
    void globalAveragePoolOfNonSquareMapsIsTheMeanOfEachMap() {
        try (SpatialPoolLayer global = SpatialPoolLayer.globalAvg(BACKEND)) {
            for (Shape shape : List.of(Shape.of(2, 3, 4, 6), Shape.of(2, 2, 2, 3, 5), Shape.of(1, 2, 7, 1))) {
                int area = shape.dim(-2) * shape.dim(-1);
                GradCheck.Forward mean = (x, params) -> {
                    double[] y = new double[x.length / area];
                    for (int i = 0; i < x.length; i++) {
                        y[i / area] += x[i] / area;
                    }
                    return y;
                };
                float[] x = GradCheck.distinct(new Random(shape.size()), shape.size());
                GradCheck.check(BACKEND, global, x, shape, mean, 1e-2, 1e-6, 1e-3);
                assertEquals(shape.size() / area, global.outputShape(shape).size(), shape.toString());
            }
            float[] maps = {1, 2, 3, 4, 5, 6, 10, 20, 30, 40, 50, 60};
            try (Tensor x = BACKEND.upload(maps, Shape.of(1, 2, 2, 3));
                 Tensor dy = BACKEND.upload(new float[] {6, -12}, Shape.of(1, 2))) {
                assertArrayEquals(new float[] {3.5f, 35f}, BACKEND.download(global.forward(x, true)), 1e-6f);
                assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1, -2, -2, -2, -2, -2, -2},
                        BACKEND.download(global.backward(dy)), 1e-6f);
            }
        }
    }

    @Test
    void globalAveragePoolValues() {
        try (SpatialPoolLayer global = SpatialPoolLayer.globalAvg(BACKEND);
             Tensor x = BACKEND.upload(new float[] {1, 2, 3, 4, 10, 20, 30, 40}, Shape.of(1, 2, 2, 2))) {
            Tensor y = global.forward(x, false);
            assertEquals(Shape.of(1, 2), y.shape());
            assertArrayEquals(new float[] {2.5f, 25f}, BACKEND.download(y), 1e-6f);
        }
    }

    @Test
    void batchNorms() {
        try (GroupBatchNorm group = new GroupBatchNorm(BACKEND, 3); BatchNorm2d plain = new BatchNorm2d(BACKEND, 2)) {
            ConvLayersTest.randomize(BACKEND, group.parameters().get("bias"));
            check(group, Shape.of(3, 3, 4, 2, 2), 1e-2);
            check(plain, Shape.of(4, 2, 3, 3), 1e-2);
            assertEquals(List.of("running_mean", "running_var"), List.copyOf(group.buffers().keySet()));
            assertThrows(IllegalArgumentException.class, () -> group.outputShape(Shape.of(3, 3, 4, 4)));
        }
    }

    /** One value per channel has no batch variance: the layer says so with the input as given, and the ways on. */
    @Test
    void batchNormTrainingOnOneValuePerChannelIsRefusedNamingTheLayer() {
        try (GroupBatchNorm group = new GroupBatchNorm(BACKEND, 2); BatchNorm2d plain = new BatchNorm2d(BACKEND, 3);
             Tensor map = BACKEND.allocate(Shape.of(1, 2, 1, 1, 1));
             Tensor image = BACKEND.allocate(Shape.of(1, 3, 1, 1))) {
            assertEquals("GroupBatchNorm: training needs at least 2 values per channel for the batch's statistics, but"
                    + " the input [1, 2, 1, 1, 1] has 1 per channel; give a larger batch, or run in"
                    + " eval mode, which uses the running statistics",
                    assertThrows(IllegalArgumentException.class, () -> group.forward(map, true)).getMessage());
            assertEquals("BatchNorm2d: training needs at least 2 values per channel for the batch's statistics, but"
                    + " the input [1, 3, 1, 1] has 1 per channel; give a larger batch, or run in eval"
                    + " mode, which uses the running statistics",
                    assertThrows(IllegalArgumentException.class, () -> plain.forward(image, true)).getMessage());
            assertArrayEquals(new float[] {0f, 0f}, BACKEND.download(group.forward(map, false)), 1e-6f);
        }
    }

    @Test
    void groupBatchNormSharesStatisticsOverTheGroupAxis() {
        int n = 2;
        int c = 2;
        int g = 4;
        int hw = 4;
        float[] x = Numerics.randomFloats(new Random(3), n * c * g * hw);
        try (GroupBatchNorm layer = new GroupBatchNorm(BACKEND, c); Tensor xt = BACKEND.upload(x, Shape.of(n, c, g, 2, 2))) {
            float[] y = BACKEND.download(layer.forward(xt, true));
            for (int ch = 0; ch < c; ch++) {
                double sum = 0;
                double sq = 0;
                for (int b = 0; b < n; b++) {
                    for (int i = 0; i < g * hw; i++) {
                        double v = y[(b * c + ch) * g * hw + i];
                        sum += v;
                        sq += v * v;
                    }
                }
                int count = n * g * hw;
                assertEquals(0, sum / count, 1e-5);
                assertEquals(1, sq / count, 1e-3);
            }
        }
    }

    @Test
    void linear() {
        try (LinearLayer layer = new LinearLayer(BACKEND, 5, 3, new Random(4))) {
            ConvLayersTest.randomize(BACKEND, layer.parameters().get("bias"));
            check(layer, Shape.of(4, 5), 1e-2);
        }
    }

    @Test
    void flatten() {
        try (FlattenLayer layer = new FlattenLayer()) {
            assertEquals(Shape.of(2, 48), layer.outputShape(Shape.of(2, 3, 4, 4)));
            check(layer, Shape.of(2, 3, 2, 2), 1e-2);
        }
    }

    @Test
    void dropoutIsSeededScaledAndIdentityInEval() {
        float p = 0.5f;
        Shape shape = Shape.of(4, 64);
        float[] x = GradCheck.distinct(new Random(5), shape.size());
        float[] dy = Numerics.randomFloats(new Random(6), shape.size());
        try (DropoutLayer a = new DropoutLayer(BACKEND, p, new Random(42));
             DropoutLayer b = new DropoutLayer(BACKEND, p, new Random(42));
             Tensor xt = BACKEND.upload(x, shape);
             Tensor dyt = BACKEND.upload(dy, shape)) {
            float[] ya = BACKEND.download(a.forward(xt, true));
            assertArrayEquals(ya, BACKEND.download(b.forward(xt, true)));
            float[] dx = BACKEND.download(a.backward(dyt));
            int dropped = 0;
            for (int i = 0; i < x.length; i++) {
                boolean kept = ya[i] != 0f;
                dropped += kept ? 0 : 1;
                assertEquals(kept ? x[i] / (1 - p) : 0f, ya[i], 1e-6f);
                assertEquals(kept ? dy[i] / (1 - p) : 0f, dx[i], 1e-6f);
            }
            assertTrue(dropped > x.length / 4 && dropped < 3 * x.length / 4, "dropped " + dropped);
            assertSame(xt, a.forward(xt, false));
            assertSame(dyt, a.backward(dyt));
        }
    }

    @Test
    void misuseIsReportedWithTheLayerName() {
        try (ReluLayer relu = new ReluLayer(BACKEND);
             GroupConvLayer conv = new GroupConvLayer(BACKEND, Groups.byName("c4").table(), 2, 3, 3, Padding.SAME, new Random(1));
             Tensor dy = BACKEND.allocate(Shape.of(1, 3, 4, 5, 5))) {
            assertThrows(IllegalStateException.class, () -> relu.backward(dy));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> conv.outputShape(Shape.of(1, 2, 8, 5, 5)));
            assertTrue(e.getMessage().contains("GroupConvLayer"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> conv.outputShape(Shape.of(1, 2, 4, 5, 6)));
            assertEquals(Shape.of(1, 3, 4, 5, 5), conv.outputShape(Shape.of(1, 2, 4, 5, 5)));
        }
    }
}
