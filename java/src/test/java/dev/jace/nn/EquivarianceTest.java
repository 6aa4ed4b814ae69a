package dev.jace.nn;

import dev.jace.backend.Backend;
import dev.jace.backend.FeatureRep;
import dev.jace.backend.GroupTable;
import dev.jace.backend.Padding;
import dev.jace.backend.PoolMode;
import dev.jace.backend.cpu.CpuBackend;
import dev.jace.group.Group;
import dev.jace.group.Groups;
import dev.jace.ops.EquivarianceDeviation;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;
import dev.jace.testing.Numerics;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Models are equivariant exactly when their relaxations are zero; projection keeps the function. */
class EquivarianceTest {

    /** Never closed: jqwik runs the property below in its own engine, after a Jupiter @AfterAll would close it. */
    private static final Backend BACKEND = new CpuBackend();
    private static final int N = 2;
    private static final int SIZE = 7;
    private static final Shape SAMPLE = Shape.of(2, SIZE, SIZE);

    private static Shape batch(int n) {
        return Shape.of(n, 2, SIZE, SIZE);
    }

    /** Lifting and group conv, both relaxed additively with γ, ending in a group map. */
    private static Sequential additiveModel(GroupTable group, float gamma) {
        return Sequential.builder(BACKEND, group, SAMPLE, 1)
                .liftingConv(3, 3, Padding.SAME, RelaxationSpec.additive(gamma)).groupBatchNorm().relu()
                .groupConv(3, 3, Padding.SAME, RelaxationSpec.additive(gamma)).relu()
                .build();
    }

    /** Lifting conv then a relaxed group conv with the given coefficient noise, ending in a group map. */
    private static Sequential relaxedModel(GroupTable group, float noise, long seed) {
        return Sequential.builder(BACKEND, group, SAMPLE, seed)
                .liftingConv(3, 3).relu()
                .groupConv(3, 3, Padding.SAME, RelaxationSpec.basis(3, noise)).relu()
                .build();
    }

    /**
     * {@code max_g ‖f(g·x) − ρ(g) f(x)‖ / ‖f(x)‖} over all elements, evaluation mode, input images {@code [N, 2, 7, 7]}.
     */
    static double relativeDeviation(Sequential model, GroupTable group, FeatureRep outRep) {
        Shape shape = batch(N);
        int[] elements = IntStream.range(0, group.order()).toArray();
        try (Tensor x = BACKEND.upload(Numerics.randomFloats(new Random(5), shape.size()), shape);
             Tensor gx = BACKEND.allocate(shape.withDim0(N * elements.length))) {
            BACKEND.groupAction(x, group, elements, FeatureRep.IMAGE, gx);
            Tensor fxOwned = model.forward(x, false);
            try (Tensor fx = BACKEND.allocate(fxOwned.shape());
                 Tensor rhoFx = BACKEND.allocate(fxOwned.shape().withDim0(N * elements.length))) {
                BACKEND.copy(fxOwned, fx);
                BACKEND.groupAction(fx, group, elements, outRep, rhoFx);
                float[] fgx = BACKEND.download(model.forward(gx, false));
                float[] expected = BACKEND.download(rhoFx);
                double norm = Math.sqrt(Numerics.dot(Numerics.toDouble(BACKEND.download(fx)),
                        Numerics.toDouble(BACKEND.download(fx))));
                double worst = 0;
                int per = fx.size();
                for (int s = 0; s < elements.length; s++) {
                    double d = 0;
                    for (int i = s * per; i < (s + 1) * per; i++) {
                        double e = fgx[i] - expected[i];
                        d += e * e;
                    }
                    worst = Math.max(worst, Math.sqrt(d) / norm);
                }
                return worst;
            }
        }
    }

    /** One training forward so batch norms have non-trivial running statistics. */
    private static void warmUp(Sequential model) {
        Shape shape = batch(4);
        try (Tensor x = BACKEND.upload(Numerics.randomFloats(new Random(9), shape.size()), shape)) {
            model.forward(x, true);
        }
    }

    @Test
    void additiveRelaxationAtZeroIsEquivariantAndOtherwiseNot() {
        for (GroupTable group : List.of(Groups.byName("c4").table(), Groups.byName("d4").table())) {
            try (Sequential strict = additiveModel(group, 0f); Sequential relaxed = additiveModel(group, 0.5f)) {
                warmUp(strict);
                warmUp(relaxed);
                double strictDev = relativeDeviation(strict, group, FeatureRep.GROUP_MAP);
                double relaxedDev = relativeDeviation(relaxed, group, FeatureRep.GROUP_MAP);
                assertTrue(strictDev < 1e-5, group + " strict deviation " + strictDev);
                assertTrue(relaxedDev > 1e-3, group + " relaxed deviation " + relaxedDev);
                assertEquals(0.5, relaxed.relaxations().get("0").magnitude(), 1e-7);
                relaxed.setStrict();
                assertEquals(0.0, relaxed.relaxations().get("3").magnitude());
                assertTrue(relativeDeviation(relaxed, group, FeatureRep.GROUP_MAP) < 1e-5);
            }
        }
    }

    @Test
    void relaxedGroupConvIsEquivariantForConstantCoefficientsOnly() {
        GroupTable group = Groups.byName("d4").table();
        try (Sequential constant = relaxedModel(group, 0f, 2); Sequential random = relaxedModel(group, 0.5f, 2)) {
            assertEquals(0.0, constant.relaxations().get("2").magnitude(), 1e-12);
            assertTrue(random.relaxations().get("2").magnitude() > 0.1);
            double constantDev = relativeDeviation(constant, group, FeatureRep.GROUP_MAP);
            double randomDev = relativeDeviation(random, group, FeatureRep.GROUP_MAP);
            assertTrue(constantDev < 1e-5, "constant-coefficient deviation " + constantDev);
            assertTrue(randomDev > 1e-3, "random-coefficient deviation " + randomDev);
        }
    }

    @Property(tries = 4)
    void setStrictMakesRelaxedGroupConvEquivariant(@ForAll @LongRange(min = 0, max = 1000) long seed) {
        GroupTable group = Groups.byName("c4").table();
        try (Sequential model = relaxedModel(group, 1f, seed)) {
            model.setStrict();
            assertEquals(0.0, model.relaxations().get("2").magnitude(), 1e-10);
            double dev = relativeDeviation(model, group, FeatureRep.GROUP_MAP);
            assertTrue(dev < 1e-5, "deviation after setStrict " + dev);
        }
    }

    @Test
    void invariantClassifierHeadIsInvariant() {
        GroupTable group = Groups.byName("d4").table();
        try (Sequential model = Sequential.builder(BACKEND, group, SAMPLE, 3)
                .liftingConv(3, 3, Padding.SAME, RelaxationSpec.additive(0f)).groupBatchNorm().relu()
                .groupConv(4, 3, Padding.SAME, RelaxationSpec.basis(2, 0f)).relu()
                .groupPool(PoolMode.MAX).globalAvgPool().linear(5)
                .build()) {
            warmUp(model);
            double dev = relativeDeviation(model, group, FeatureRep.INVARIANT);
            assertTrue(dev < 1e-5, "invariance deviation " + dev);
        }
    }

    /** C2 acts on maps of any shape, and so does its invariant head: the flip of a 4×6 image gives the same logits. */
    @Test
    void flipInvariantHeadTakesNonSquareImages() {
        GroupTable c2 = Groups.byName("c2").table();
        Shape shape = Shape.of(3, 1, 4, 6);
        try (Sequential model = Sequential.builder(BACKEND, c2, Shape.of(1, 4, 6), 3)
                .liftingConv(3, 3).groupBatchNorm().relu().groupPool(PoolMode.MEAN).globalAvgPool().linear(3)
                .build();
             Tensor x = BACKEND.upload(Numerics.randomFloats(new Random(6), shape.size()), shape);
             Tensor flipped = BACKEND.allocate(shape)) {
            BACKEND.groupAction(x, c2, new int[] {1}, FeatureRep.IMAGE, flipped);
            model.forward(x, true);
            float[] y = BACKEND.download(model.forward(x, false));
            assertEquals(9, y.length);
            Numerics.assertClose("flipped", Numerics.toDouble(y), BACKEND.download(model.forward(flipped, false)),
                    1e-5);
        }
    }

    @Test
    void projectKeepsTheFunctionOfAStrictModel() {
        GroupTable group = Groups.byName("c4").table();
        Shape shape = batch(N);
        try (Sequential model = Sequential.builder(BACKEND, group, SAMPLE, 4)
                .liftingConv(3, 3, Padding.SAME, RelaxationSpec.additive(0.3f)).relu()
                .groupConv(3, 3, Padding.SAME, RelaxationSpec.basis(3, 0.4f)).relu()
                .groupConv(2, 3, Padding.VALID, RelaxationSpec.additive(-0.2f))
                .build();
             Tensor x = BACKEND.upload(Numerics.randomFloats(new Random(6), shape.size()), shape)) {
            assertEquals(List.of("0", "2", "4"), List.copyOf(model.relaxations().keySet()));
            model.setStrict();
            float[] before = BACKEND.download(model.forward(x, false));
            model.project();
            assertTrue(model.relaxations().isEmpty());
            assertTrue(model.layer("2") instanceof GroupConvLayer);
            float[] after = BACKEND.download(model.forward(x, false));
            double error = Numerics.maxRelativeError(Numerics.toDouble(before), after);
            assertTrue(error < 1e-6, "project changed the outputs by " + error);
            assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"),
                    model.parameters().names());
        }
    }

    /**
     * A model's forward returns a buffer it reuses: measured directly, f(x) would overwrite f(g·x) (a wrong
     * deviation) and closing the measurement would close the model's buffer. That is refused; through
     * {@link Layer#inferenceCopy} the deviation is that of {@link #relativeDeviation}'s own computation.
     */
    @Test
    void deviationOfAModelIsMeasuredThroughCopiesOfItsOutputs() {
        Group d4 = Groups.byName("d4");
        int[] quarterTurn = {1};
        Shape shape = batch(N);
        try (Sequential model = additiveModel(d4.table(), 0.5f);
             Tensor x = BACKEND.upload(Numerics.randomFloats(new Random(7), shape.size()), shape)) {
            String message = assertThrows(IllegalArgumentException.class, () -> EquivarianceDeviation.measure(
                    BACKEND, d4, quarterTurn, FeatureRep.IMAGE, FeatureRep.GROUP_MAP,
                    in -> model.forward(in, false), x)).getMessage();
            assertTrue(message.contains("same memory") && message.contains("Layer.inferenceCopy"), message);
            Tensor modelOutput = model.forward(x, false);
            assertFalse(modelOutput.isClosed(), "the refused measurement closed the model's buffer");

            double measured;
            try (EquivarianceDeviation.Measurement m = EquivarianceDeviation.measure(BACKEND, d4, quarterTurn,
                    FeatureRep.IMAGE, FeatureRep.GROUP_MAP, Layer.inferenceCopy(BACKEND, model), x)) {
                measured = m.meanRelative();
            }
            double expected = meanRelativeDeviation(model, d4, quarterTurn[0], x);
            assertTrue(expected > 1e-3, "the relaxed model should not be equivariant: " + expected);
            assertEquals(expected, measured, 1e-5 * expected);
            assertFalse(model.forward(x, false).isClosed());
        }
    }

    /** Mean over the samples of ‖f(g·x_n) − g·f(x_n)‖² / ‖f(x_n)‖², in float64 from downloaded outputs. */
    private static double meanRelativeDeviation(Sequential model, Group group, int element, Tensor x) {
        int[] elements = {element};
        try (Tensor gx = BACKEND.allocate(x.shape())) {
            BACKEND.groupAction(x, group.table(), elements, FeatureRep.IMAGE, gx);
            float[] fgx = BACKEND.download(model.forward(gx, false));
            Tensor fxOwned = model.forward(x, false);
            float[] fx = BACKEND.download(fxOwned);
            float[] gfx;
            try (Tensor rho = BACKEND.allocate(fxOwned.shape())) {
                BACKEND.groupAction(fxOwned, group.table(), elements, FeatureRep.GROUP_MAP, rho);
                gfx = BACKEND.download(rho);
            }
            int per = fx.length / N;
            double sum = 0;
            for (int n = 0; n < N; n++) {
                double deviation = 0;
                double norm = 0;
                for (int i = n * per; i < (n + 1) * per; i++) {
                    deviation += ((double) fgx[i] - gfx[i]) * ((double) fgx[i] - gfx[i]);
                    norm += (double) fx[i] * fx[i];
                }
                sum += deviation / norm;
            }
            return sum / N;
        }
    }
}
