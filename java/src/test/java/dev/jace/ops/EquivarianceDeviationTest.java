package dev.jace.ops;

import dev.jace.backend.FeatureRep;
import dev.jace.backend.Padding;
import dev.jace.backend.cpu.CpuBackend;
import dev.jace.group.C2;
import dev.jace.group.C4;
import dev.jace.group.D4;
import dev.jace.group.Group;
import dev.jace.group.Trivial;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;
import dev.jace.testing.GroupReference;
import dev.jace.testing.Numerics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EquivarianceDeviationTest {

    private final CpuBackend cpu = new CpuBackend();

    static List<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Group group : List.of(new C2(), new C4(), new D4())) {
            for (int size : new int[] {7, 9}) {
                for (int k : new int[] {3, 5}) {
                    cases.add(Arguments.of(group, size, k));
                }
            }
        }
        return cases;
    }

    private Tensor random(Random random, int... dims) {
        Shape shape = Shape.of(dims);
        return cpu.upload(Numerics.randomFloats(random, shape.size()), shape);
    }

    private double[] relativePerElement(Group group, FeatureRep in, FeatureRep out, Function<Tensor, Tensor> f,
                                        Tensor x) {
        try (EquivarianceDeviation.Measurement m =
                     EquivarianceDeviation.measure(cpu, group, group.allElements(), in, out, f, x)) {
            return m.relativePerElement();
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void liftingAndGroupConvAreEquivariantAndPlainConvIsNot(Group group, int size, int k) {
        Random random = new Random(size * 31L + k);
        LiftingConv lifting = new LiftingConv(group, Padding.SAME, Algorithm.DIRECT);
        GroupConv groupConv = new GroupConv(group, Padding.SAME, Algorithm.DIRECT);
        LiftingConv plain = new LiftingConv(new Trivial(), Padding.SAME, Algorithm.DIRECT);
        try (Tensor image = random(random, 2, 3, size, size);
             Tensor groupMap = random(random, 2, 3, group.order(), size, size);
             Tensor w = random(random, 4, 3, k, k);
             Tensor gw = random(random, 4, 3, group.order(), k, k)) {
            double[] lift = relativePerElement(group, FeatureRep.IMAGE, FeatureRep.GROUP_MAP,
                    x -> lifting.forward(cpu, x, w), image);
            double[] conv = relativePerElement(group, FeatureRep.GROUP_MAP, FeatureRep.GROUP_MAP,
                    x -> groupConv.forward(cpu, x, gw), groupMap);
            double[] control = relativePerElement(group, FeatureRep.IMAGE, FeatureRep.IMAGE, x -> {
                Tensor y = plain.forward(cpu, x, w);
                return y.reshape(x.shape().dim(0), 4, size, size);
            }, image);
            for (int e = 0; e < group.order(); e++) {
                String name = group + " " + group.elementName(e) + " size " + size + " k " + k;
                assertTrue(lift[e] < 1e-5, "lifting conv " + name + ": " + lift[e]);
                assertTrue(conv[e] < 1e-5, "group conv " + name + ": " + conv[e]);
                if (e > 0) {
                    assertTrue(control[e] > 1e-2, "plain conv " + name + ": " + control[e]);
                }
            }
            assertEquals(0, control[0]);
        }
    }

    @Test
    void measuresTheChosenSubsetInOrder() {
        D4 d4 = new D4();
        Random random = new Random(3);
        try (Tensor x = random(random, 3, 2, 5, 5);
             EquivarianceDeviation.Measurement m = EquivarianceDeviation.measure(cpu, d4, d4.reflectionElements(),
                     FeatureRep.IMAGE, FeatureRep.IMAGE, t -> cpu.upload(cpu.download(t), t.shape()), x)) {
            assertEquals(Shape.of(12, 2, 5, 5), m.gx().shape());
            assertArrayEquals(new int[] {4, 5, 6, 7}, m.elements());
            assertEquals(4, m.relative().length);
            assertEquals(3, m.relative()[0].length);
            assertEquals(0, m.meanAbsolute());
        }
    }

    /** Mean over (s, n) of ‖fgx − ρ fx‖² (divided by ‖fx‖² + EPS when relative), with the reference action. */
    private static double meanDeviation(Group group, int[] elements, double[] fgx, double[] fx, int n,
                                        boolean relative) {
        int sample = fx.length / n;
        int planes = sample / (group.order() * 9);
        double total = 0;
        for (int i = 0; i < n; i++) {
            double[] x = GroupReference.plane(fx, i, sample);
            double norm = relative ? Numerics.dot(x, x) + EquivarianceDeviation.EPS : 1;
            for (int s = 0; s < elements.length; s++) {
                double[] moved = GroupReference.actGroupMaps(group, elements[s], x, planes, 3, 3);
                total += GroupReference.squaredDistance(fgx, (s * n + i) * sample, moved, 0, sample) / norm;
            }
        }
        return total / (elements.length * n);
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void backwardIsTheGradientOfTheMeanDeviation(EquivarianceDeviation.Kind kind) {
        C4 c4 = new C4();
        int[] elements = {1, 3};
        Random random = new Random(11);
        float[] noise = Numerics.randomFloats(random, 2 * 2 * 2 * 4 * 9);
        Function<Tensor, Tensor> f = t -> {
            // Not equivariant: adds fixed noise to the batch, so deviations are nonzero.
            float[] v = cpu.download(t);
            for (int i = 0; i < v.length; i++) {
                v[i] += noise[i % noise.length] * (i < noise.length / 2 ? 1 : 0.5f);
            }
            return cpu.upload(v, t.shape());
        };
        try (Tensor x = random(random, 2, 2, 4, 3, 3);
             EquivarianceDeviation.Measurement m = EquivarianceDeviation.measure(cpu, c4, elements,
                     FeatureRep.GROUP_MAP, FeatureRep.GROUP_MAP, f, x);
             Tensor dFgx = cpu.allocate(m.fgx().shape()); Tensor dFx = cpu.allocate(m.fx().shape())) {
            boolean relative = kind == EquivarianceDeviation.Kind.RELATIVE;
            double[] a = Numerics.toDouble(cpu.download(m.fgx()));
            double[] b = Numerics.toDouble(cpu.download(m.fx()));
            assertEquals(meanDeviation(c4, elements, a, b, 2, relative),
                    relative ? m.meanRelative() : m.meanAbsolute(), 1e-5 * m.meanAbsolute());
            EquivarianceDeviation.backward(cpu, m, kind, dFgx, dFx);
            Numerics.assertClose("dFgx", Numerics.finiteDifference(a,
                    p -> meanDeviation(c4, elements, p, b, 2, relative), 1e-4), cpu.download(dFgx), 1e-5);
            Numerics.assertClose("dFx", Numerics.finiteDifference(b,
                    p -> meanDeviation(c4, elements, a, p, 2, relative), 1e-4), cpu.download(dFx), 1e-5);
        }
    }

    /**
     * A sample whose f(x) is zero while its f(g·x) is not, as the class comment warns: its relative deviation is the
     * absolute one over EPS, 1e12 times larger, and so is its share of the relative gradient.
     */
    @Test
    void aSampleWhoseOutputVanishesIsDividedByEps() {
        C4 c4 = new C4();
        int size = 4;
        Random random = new Random(13);
        // Sample 0 lies in the left half of its image, which f zeroes; sample 1 covers the whole image.
        float[] values = Numerics.randomFloats(random, 2 * size * size);
        for (int i = 0; i < size * size; i++) {
            values[i] = i % size < size / 2 ? values[i] : 0f;
        }
        Function<Tensor, Tensor> zeroLeftHalf = t -> {
            float[] v = cpu.download(t);
            for (int i = 0; i < v.length; i++) {
                v[i] = i % size < size / 2 ? 0f : v[i];
            }
            return cpu.upload(v, t.shape());
        };
        int[] elements = {1, 2};
        try (Tensor x = cpu.upload(values, Shape.of(2, 1, size, size));
             EquivarianceDeviation.Measurement m = EquivarianceDeviation.measure(cpu, c4, elements, FeatureRep.IMAGE,
                     FeatureRep.IMAGE, zeroLeftHalf, x);
             Tensor relative = cpu.allocate(m.fgx().shape()); Tensor absolute = cpu.allocate(m.fgx().shape());
             Tensor dFx = cpu.allocate(m.fx().shape())) {
            assertEquals(0, m.norm()[0]);
            for (int s = 0; s < elements.length; s++) {
                assertTrue(m.absolute()[s][0] > 0.01, "f(g·x) of sample 0 for " + c4.elementName(elements[s]));
                assertEquals(m.absolute()[s][0] / EquivarianceDeviation.EPS, m.relative()[s][0],
                        1e-12 * Math.abs(m.relative()[s][0]));
            }
            EquivarianceDeviation.backward(cpu, m, EquivarianceDeviation.Kind.RELATIVE, relative, dFx);
            EquivarianceDeviation.backward(cpu, m, EquivarianceDeviation.Kind.ABSOLUTE, absolute, dFx);
            float[] dRelative = cpu.download(relative);
            float[] dAbsolute = cpu.download(absolute);
            int perSample = size * size;
            for (int s = 0; s < elements.length; s++) {
                for (int j = 2 * s * perSample; j < (2 * s + 1) * perSample; j++) {
                    assertEquals(dAbsolute[j] / EquivarianceDeviation.EPS, dRelative[j],
                            1e-6 * Math.abs(dRelative[j]), "sample 0's dFgx at " + j);
                }
            }
        }
    }

    static EquivarianceDeviation.Kind[] kinds() {
        return EquivarianceDeviation.Kind.values();
    }

    /** Results that alias each other or the input would give wrong deviations: refused, and left unclosed. */
    @Test
    void refusesAnFThatReturnsItsInputOrOneReusedBuffer() {
        Group c4 = new C4();
        int[] elements = {1, 2};
        Random random = new Random(11);
        try (Tensor x = random(random, 2, 1, 5, 5);
             Tensor reused = cpu.allocate(Shape.of(4, 1, 5, 5))) {
            List<Tensor> inputs = new ArrayList<>();
            String identity = assertThrows(IllegalArgumentException.class, () -> EquivarianceDeviation.measure(cpu,
                    c4, elements, FeatureRep.IMAGE, FeatureRep.IMAGE, in -> {
                        inputs.add(in);
                        return in;
                    }, x)).getMessage();
            assertTrue(identity.contains("memory of its input"), identity);
            assertFalse(x.isClosed());
            assertTrue(inputs.getFirst().isClosed(), "g·x, which the measurement made");

            String shared = assertThrows(IllegalArgumentException.class, () -> EquivarianceDeviation.measure(cpu,
                    c4, elements, FeatureRep.IMAGE, FeatureRep.IMAGE, in -> reused, x)).getMessage();
            assertTrue(shared.contains("same memory for g·x and for x"), shared);
            assertFalse(reused.isClosed());
        }
    }

    /** Outputs of a shape the deviation cannot compare: refused, with g·x, f(g·x) and f(x) closed. */
    @Test
    void anFWhoseOutputsCannotBeComparedLeavesNothingOpen() {
        List<Tensor> made = new ArrayList<>();
        Function<Tensor, Tensor> f = in -> {
            made.add(in);
            Tensor out = cpu.allocate(Shape.of(1, 1, 5, 5));
            made.add(out);
            return out;
        };
        try (Tensor x = random(new Random(13), 2, 1, 5, 5)) {
            assertThrows(IllegalArgumentException.class, () -> EquivarianceDeviation.measure(cpu, new C4(),
                    new int[] {1, 2}, FeatureRep.IMAGE, FeatureRep.IMAGE, f, x));
            assertFalse(x.isClosed());
            assertEquals(4, made.size());
            assertTrue(made.stream().filter(t -> t != x).allMatch(Tensor::isClosed), made.toString());
        }
    }

    @Test
    void closingAMeasurementClosesItsTensors() {
        try (Tensor x = random(new Random(14), 2, 1, 5, 5)) {
            EquivarianceDeviation.Measurement m = EquivarianceDeviation.measure(cpu, new C4(), new int[] {1},
                    FeatureRep.IMAGE, FeatureRep.IMAGE, t -> cpu.upload(cpu.download(t), t.shape()), x);
            m.close();
            assertTrue(m.gx().isClosed() && m.fgx().isClosed() && m.fx().isClosed());
            assertFalse(x.isClosed());
        }
    }

    /** An f that fails on its first or second call: the measurement closes what it made and f returned, not x. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void aFailingFLeavesNothingOpen(int failingCall) {
        List<Tensor> made = new ArrayList<>();
        int[] calls = {0};
        Function<Tensor, Tensor> f = in -> {
            made.add(in);
            if (++calls[0] == failingCall) {
                throw new IllegalStateException("f failed");
            }
            Tensor out = cpu.allocate(in.shape());
            made.add(out);
            return out;
        };
        try (Tensor x = random(new Random(12), 2, 1, 5, 5)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> EquivarianceDeviation.measure(
                    cpu, new C4(), new int[] {1, 2}, FeatureRep.IMAGE, FeatureRep.IMAGE, f, x));
            assertEquals("f failed", e.getMessage());
            assertFalse(x.isClosed());
            assertTrue(made.stream().filter(t -> t != x).allMatch(Tensor::isClosed), made.toString());
            assertEquals(failingCall == 1 ? 1 : 3, made.size());
        }
    }
}
