package dev.jace.ops;

import dev.jace.backend.Backend;
import dev.jace.backend.FeatureRep;
import dev.jace.backend.Padding;
import dev.jace.backend.PoolMode;
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
 * trivial group, whose output is an image) as the non-equivariant control.
 */
public final class SelfTest {

    private static final int BATCH = 2;
    private static final int CHANNELS_IN = 3;
    private static final int CHANNELS_OUT = 4;
    private static final int SIZE = 9;

    private SelfTest() {
    }

    public static SelfTestReport run(Backend backend, long seed) {
        Random random = new Random(seed);
        List<SelfTestReport.Row> rows = new ArrayList<>();
        for (Group group : Groups.all()) {
            if (group.order() == 1) {
                continue;
            }
            int order = group.order();
            LiftingConv lifting = new LiftingConv(group, Padding.SAME, Algorithm.DIRECT);
            GroupConv groupConv = new GroupConv(group, Padding.SAME, Algorithm.DIRECT);
            LiftingConv plain = new LiftingConv(new Trivial(), Padding.SAME, Algorithm.DIRECT);
            GroupPooling pool = new GroupPooling(PoolMode.MAX);
            try (Tensor image = random(backend, random, BATCH, CHANNELS_IN, SIZE, SIZE);
                 Tensor groupMap = random(backend, random, BATCH, CHANNELS_IN, order, SIZE, SIZE);
                 Tensor liftingW = random(backend, random, CHANNELS_OUT, CHANNELS_IN, 5, 5);
                 Tensor groupW = random(backend, random, CHANNELS_OUT, CHANNELS_IN, order, 3, 3)) {
                measure(backend, rows, "lifting conv", true, group, FeatureRep.IMAGE, FeatureRep.GROUP_MAP,
                        x -> lifting.forward(backend, x, liftingW), image);
                measure(backend, rows, "group conv", true, group, FeatureRep.GROUP_MAP, FeatureRep.GROUP_MAP,
                        x -> groupConv.forward(backend, x, groupW), groupMap);
                measure(backend, rows, "group conv + max group pool", true, group, FeatureRep.GROUP_MAP,
                        FeatureRep.IMAGE, x -> {
                            try (Tensor y = groupConv.forward(backend, x, groupW)) {
                                return pool.forward(backend, y);
                            }
                        }, groupMap);
                measure(backend, rows, "plain conv (control)", false, group, FeatureRep.IMAGE, FeatureRep.IMAGE,
                        x -> plainConv(backend, plain, x, liftingW), image);
            }
        }
        return new SelfTestReport(backend.name(), seed, rows);
    }

    /** A plain conv as a lifting conv over the trivial group, written through a view so the result is an image. */
    private static Tensor plainConv(Backend backend, LiftingConv plain, Tensor x, Tensor w) {
        Shape s = plain.outputShape(x.shape(), w.shape());
        Tensor out = backend.allocate(Shape.of(s.dim(0), s.dim(1), s.dim(3), s.dim(4)));
        plain.forward(backend, x, w, out.reshape(s));
        return out;
    }

    private static void measure(Backend backend, List<SelfTestReport.Row> rows, String layer, boolean equivariant,
                                Group group, FeatureRep inRep, FeatureRep outRep, Function<Tensor, Tensor> f,
                                Tensor x) {
        int[] elements = group.allElements();
        try (EquivarianceDeviation.Measurement m =
                     EquivarianceDeviation.measure(backend, group, elements, inRep, outRep, f, x)) {
            double[] perElement = m.relativePerElement();
            for (int s = 0; s < elements.length; s++) {
                rows.add(new SelfTestReport.Row(layer, group.name(), group.elementName(elements[s]), equivariant,
                        perElement[s]));
            }
        }
    }

    private static Tensor random(Backend backend, Random random, int... dims) {
        Shape shape = Shape.of(dims);
        float[] values = new float[shape.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextFloat() * 2f - 1f;
        }
        return backend.upload(values, shape);
    }
}
