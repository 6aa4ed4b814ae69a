package dev.jace.ops;

import dev.jace.backend.Backend;
import dev.jace.backend.FeatureRep;
import dev.jace.backend.Padding;
import dev.jace.backend.PoolMode;
import dev.jace.backend.Precision;
import dev.jace.group.Group;
import dev.jace.group.Groups;
import dev.jace.group.Trivial;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Measures the equivariance of each layer type for C2, C4 and D4 on random data and weights (fixed seed):
 * lifting conv, group conv, group conv followed by max group pooling, and a plain conv (a lifting conv over the
 * trivial group, whose output is an image) as the non-equivariant control. Each output is also compared with a
 * float64 computation of the layer ({@link SelfTestReference}): an output that is zero, constant or otherwise wrong
 * can be exactly equivariant.
 */
public final class SelfTest {

    private static final int BATCH = 2;
    private static final int CHANNELS_IN = 3;
    private static final int CHANNELS_OUT = 4;
    private static final int SIZE = 9;
    private static final int LIFTING_K = 5;
    private static final int GROUP_K = 3;

    private SelfTest() {
    }

    /** {@code precision}: the arithmetic of {@code backend}'s convolutions (the CPU's is FP32), for the verdict. */
    public static SelfTestReport run(Backend backend, Precision precision, long seed) {
        Random random = new Random(seed);
        List<SelfTestReport.Row> rows = new ArrayList<>();
        for (Group group : Groups.all()) {
            if (group.order() == 1) {
                continue;
            }
            int order = group.order();
            LiftingConv lifting = new LiftingConv(group, Padding.SAME, Algorithm.DIRECT);
            GroupConv groupConv = new GroupConv(group, Padding.SAME, Algorithm.DIRECT);
            Group trivial = new Trivial();
            LiftingConv plain = new LiftingConv(trivial, Padding.SAME, Algorithm.DIRECT);
            GroupPooling pool = new GroupPooling(PoolMode.MAX);
            float[] imageValues = values(random, BATCH, CHANNELS_IN, SIZE, SIZE);
            float[] groupMapValues = values(random, BATCH, CHANNELS_IN, order, SIZE, SIZE);
            float[] liftingWValues = values(random, CHANNELS_OUT, CHANNELS_IN, LIFTING_K, LIFTING_K);
            float[] groupWValues = values(random, CHANNELS_OUT, CHANNELS_IN, order, GROUP_K, GROUP_K);
            Function<float[], double[]> groupConvReference = in -> SelfTestReference.conv(group, false, in,
                    CHANNELS_IN, SIZE, groupWValues, CHANNELS_OUT, GROUP_K);
            try (Tensor image = backend.upload(imageValues, Shape.of(BATCH, CHANNELS_IN, SIZE, SIZE));
                 Tensor groupMap = backend.upload(groupMapValues, Shape.of(BATCH, CHANNELS_IN, order, SIZE, SIZE));
                 Tensor liftingW = backend.upload(liftingWValues,
                         Shape.of(CHANNELS_OUT, CHANNELS_IN, LIFTING_K, LIFTING_K));
                 Tensor groupW = backend.upload(groupWValues,
                         Shape.of(CHANNELS_OUT, CHANNELS_IN, order, GROUP_K, GROUP_K))) {
                measure(backend, rows, "lifting conv", true, group, FeatureRep.IMAGE, FeatureRep.GROUP_MAP,
                        x -> lifting.forward(backend, x, liftingW), image,
                        in -> SelfTestReference.conv(group, true, in, CHANNELS_IN, SIZE, liftingWValues,
                                CHANNELS_OUT, LIFTING_K));
                measure(backend, rows, "group conv", true, group, FeatureRep.GROUP_MAP, FeatureRep.GROUP_MAP,
                        x -> groupConv.forward(backend, x, groupW), groupMap, groupConvReference);
                measure(backend, rows, "group conv + max group pool", true, group, FeatureRep.GROUP_MAP,
                        FeatureRep.IMAGE, x -> {
                            try (Tensor y = groupConv.forward(backend, x, groupW)) {
                                return pool.forward(backend, y);
                            }
                        }, groupMap, in -> SelfTestReference.maxOverGroup(groupConvReference.apply(in), order,
                                SIZE * SIZE));
                measure(backend, rows, "plain conv (control)", false, group, FeatureRep.IMAGE, FeatureRep.IMAGE,
                        x -> plainConv(backend, plain, x, liftingW), image,
                        in -> SelfTestReference.conv(trivial, true, in, CHANNELS_IN, SIZE, liftingWValues,
                                CHANNELS_OUT, LIFTING_K));
            }
        }
        return new SelfTestReport(backend.name(), precision, seed, rows);
    }

    /** A plain conv as a lifting conv over the trivial group, written through a view so the result is an image. */
    private static Tensor plainConv(Backend backend, LiftingConv plain, Tensor x, Tensor w) {
        Shape s = plain.outputShape(x.shape(), w.shape());
        Tensor out = backend.allocate(Shape.of(s.dim(0), s.dim(1), s.dim(3), s.dim(4)));
        plain.forward(backend, x, w, out.reshape(s));
        return out;
    }

    /**
     * One row per element s of the group: the largest over the samples of the relative deviation at s, and of how far
     * f(s·x) is from {@code reference} (float64 f of a batch of inputs, given as flat values): ‖f(s·x) −
     * reference(s·x)‖² over ‖reference(s·x)‖²; and the smallest of ‖f(s·x)‖² over ‖reference(s·x)‖².
     */
    private static void measure(Backend backend, List<SelfTestReport.Row> rows, String layer, boolean equivariant,
                                Group group, FeatureRep inRep, FeatureRep outRep, Function<Tensor, Tensor> f,
                                Tensor x, Function<float[], double[]> reference) {
        int[] elements = group.allElements();
        int n = x.shape().dim(0);
        try (EquivarianceDeviation.Measurement m =
                     EquivarianceDeviation.measure(backend, group, elements, inRep, outRep, f, x)) {
            double[] expected = reference.apply(backend.download(m.gx()));
            float[] actual = backend.download(m.fgx());
            int perSample = actual.length / (elements.length * n);
            for (int s = 0; s < elements.length; s++) {
                double deviation = 0;
                double referenceError = 0;
                double outputNorm = Double.POSITIVE_INFINITY;
                for (int i = 0; i < n; i++) {
                    int from = (s * n + i) * perSample;
                    double error = 0;
                    double expectedNorm = 0;
                    double actualNorm = 0;
                    for (int j = from; j < from + perSample; j++) {
                        double d = actual[j] - expected[j];
                        error += d * d;
                        expectedNorm += expected[j] * expected[j];
                        actualNorm += (double) actual[j] * actual[j];
                    }
                    // Math.max and Math.min keep a NaN, so that a non-finite output shows.
                    deviation = Math.max(deviation, m.relative()[s][i]);
                    referenceError = Math.max(referenceError, error / expectedNorm);
                    outputNorm = Math.min(outputNorm, actualNorm / expectedNorm);
                }
                rows.add(new SelfTestReport.Row(layer, group.name(), group.elementName(elements[s]), equivariant,
                        deviation, referenceError, outputNorm));
            }
        }
    }

    private static float[] values(Random random, int... dims) {
        float[] values = new float[Shape.of(dims).size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextFloat() * 2f - 1f;
        }
        return values;
    }
}
