package dev.jace.backend.cpu;

import dev.jace.backend.FeatureRep;
import dev.jace.group.D4;
import dev.jace.group.Group;
import dev.jace.group.Groups;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;
import dev.jace.testing.GroupReference;
import dev.jace.testing.Numerics;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CpuDeviationTest {

    private static final int N = 2;
    private static final int C = 2;
    private static final int SIZE = 3;

    private final CpuBackend cpu = Cpu.BACKEND; // the backend of the tensors Cpu makes

    @Provide
    Arbitrary<Group> anyGroup() {
        return Arbitraries.of(Groups.all());
    }

    private static Shape shape(Group group, FeatureRep rep) {
        return switch (rep) {
            case INVARIANT -> Shape.of(N, 5);
            case IMAGE -> Shape.of(N, C, SIZE, SIZE);
            case GROUP_MAP -> Shape.of(N, C, group.order(), SIZE, SIZE);
        };
    }

    /** ρ(g) applied to one sample by the reference. */
    private static double[] act(Group group, int g, FeatureRep rep, double[] sample) {
        return switch (rep) {
            case INVARIANT -> sample.clone();
            case IMAGE -> GroupReference.actImages(group.element(g), sample, SIZE, SIZE);
            case GROUP_MAP -> GroupReference.actGroupMaps(group, g, sample, C, SIZE, SIZE);
        };
    }

    /** {@code Σ dDev[s,n]·‖fgx[sN+n] − ρ(g_s) fx[n]‖² + Σ dNorm[n]·‖fx[n]‖²} with the reference action. */
    private static double objective(Group group, int[] elements, FeatureRep rep, double[] fgx, double[] fx,
                                    double[] dDev, double[] dNorm) {
        int sample = fx.length / N;
        double total = 0;
        for (int n = 0; n < N; n++) {
            double[] x = GroupReference.plane(fx, n, sample);
            total += dNorm[n] * Numerics.dot(x, x);
            for (int s = 0; s < elements.length; s++) {
                double[] moved = act(group, elements[s], rep, x);
                total += dDev[s * N + n] * GroupReference.squaredDistance(fgx, (s * N + n) * sample, moved, 0, sample);
            }
        }
        return total;
    }

    private static int[] someElements(Group group, long seed) {
        Random random = new Random(seed);
        int count = 1 + random.nextInt(group.order());
        int[] elements = new int[count];
        for (int i = 0; i < count; i++) {
            elements[i] = random.nextInt(group.order());
        }
        return elements;
    }

    @Property(tries = 30)
    void forwardMatchesMaterialisedReference(@ForAll("anyGroup") Group group, @ForAll FeatureRep rep,
                                             @ForAll long seed) {
        int[] elements = someElements(group, seed);
        Shape fxShape = shape(group, rep);
        Random random = new Random(seed);
        float[] fgx = Numerics.randomFloats(random, fxShape.size() * elements.length);
        float[] fx = Numerics.randomFloats(random, fxShape.size());
        double[] devExpected = new double[elements.length * N];
        double[] normExpected = new double[N];
        for (int i = 0; i < devExpected.length; i++) {
            double[] unit = new double[devExpected.length];
            unit[i] = 1;
            devExpected[i] = objective(group, elements, rep, Numerics.toDouble(fgx), Numerics.toDouble(fx), unit,
                    new double[N]);
        }
        for (int n = 0; n < N; n++) {
            double[] unit = new double[N];
            unit[n] = 1;
            normExpected[n] = objective(group, elements, rep, Numerics.toDouble(fgx), Numerics.toDouble(fx),
                    new double[devExpected.length], unit);
        }
        try (Tensor a = cpu.upload(fgx, fxShape.withDim0(elements.length * N)); Tensor b = cpu.upload(fx, fxShape);
             Tensor dev = cpu.allocate(Shape.of(elements.length, N)); Tensor norm = cpu.allocate(Shape.of(N))) {
            cpu.equivarianceDeviation(a, b, group.table(), elements, rep, dev, norm);
            Numerics.assertClose("deviation", devExpected, cpu.download(dev), 1e-6);
            Numerics.assertClose("norm", normExpected, cpu.download(norm), 1e-6);
        }
    }

    /** Gradients w.r.t. fgx and fx, with and without dNorm, by central differences of the reference objective. */
    @Property(tries = 12)
    void backwardMatchesFiniteDifferences(@ForAll("anyGroup") Group group, @ForAll FeatureRep rep,
                                          @ForAll boolean withNorm, @ForAll long seed) {
        int[] elements = someElements(group, seed);
        Shape fxShape = shape(group, rep);
        Shape fgxShape = fxShape.withDim0(elements.length * N);
        Random random = new Random(seed);
        float[] fgx = Numerics.randomFloats(random, fgxShape.size());
        float[] fx = Numerics.randomFloats(random, fxShape.size());
        float[] dDev = Numerics.randomFloats(random, elements.length * N);
        float[] dNorm = Numerics.randomFloats(random, N);
        double[] dDevD = Numerics.toDouble(dDev);
        double[] dNormD = withNorm ? Numerics.toDouble(dNorm) : new double[N];
        double[] a = Numerics.toDouble(fgx);
        double[] b = Numerics.toDouble(fx);
        double[] expectedA = Numerics.finiteDifference(a,
                p -> objective(group, elements, rep, p, b, dDevD, dNormD), 1e-4);
        double[] expectedB = Numerics.finiteDifference(b,
                p -> objective(group, elements, rep, a, p, dDevD, dNormD), 1e-4);
        try (Tensor at = cpu.upload(fgx, fgxShape); Tensor bt = cpu.upload(fx, fxShape);
             Tensor dd = cpu.upload(dDev, Shape.of(elements.length, N)); Tensor dn = cpu.upload(dNorm, Shape.of(N));
             Tensor da = cpu.allocate(fgxShape); Tensor db = cpu.allocate(fxShape)) {
            cpu.fill(da, Float.NaN);
            cpu.fill(db, Float.NaN);
            cpu.equivarianceDeviationBackward(at, bt, group.table(), elements, rep, dd, withNorm ? dn : null, da, db);
            Numerics.assertClose("dFgx", expectedA, cpu.download(da), 1e-5);
            Numerics.assertClose("dFx", expectedB, cpu.download(db), 1e-5);
        }
    }

    /**
     * Samples whose backward sums outgrow the block of planes one pass holds, against the gradient in float64: 48×48
     * group maps, whose 256 KB would hold 14 planes, in blocks of a D4 channel's 8 (3 blocks), and twelve 64×64 images
     * in blocks of 8 and 4:
     * {@code dfgx = 2·dDev·(fgx − ρ fx)}, {@code dfx = 2·dNorm·fx − Σ_s 2·dDev·ρ⁻¹(fgx − ρ fx)}.
     */
    @Test
    void backwardOverSeveralBlocksOfPlanes() {
        D4 d4 = new D4();
        int[] elements = {0, 1, 2, 3, 4, 5, 6, 7};
        for (FeatureRep rep : List.of(FeatureRep.GROUP_MAP, FeatureRep.IMAGE)) {
            int channels = rep == FeatureRep.GROUP_MAP ? 3 : 12;
            int size = rep == FeatureRep.GROUP_MAP ? 48 : 64;
            Shape fxShape = rep == FeatureRep.GROUP_MAP ? Shape.of(N, channels, 8, size, size)
                    : Shape.of(N, channels, size, size);
            Shape fgxShape = fxShape.withDim0(elements.length * N);
            Random random = new Random(11);
            float[] fgx = Numerics.randomFloats(random, fgxShape.size());
            float[] fx = Numerics.randomFloats(random, fxShape.size());
            float[] dDev = Numerics.randomFloats(random, elements.length * N);
            float[] dNorm = Numerics.randomFloats(random, N);
            int sample = fxShape.sizeFrom(1);
            double[] expectedA = new double[fgx.length];
            double[] expectedB = new double[fx.length];
            for (int n = 0; n < N; n++) {
                double[] x = GroupReference.plane(Numerics.toDouble(fx), n, sample);
                double[] db = new double[sample];
                for (int d = 0; d < sample; d++) {
                    db[d] = 2.0 * dNorm[n] * x[d];
                }
                for (int s = 0; s < elements.length; s++) {
                    double[] moved = rep == FeatureRep.GROUP_MAP
                            ? GroupReference.actGroupMaps(d4, elements[s], x, channels, size, size)
                            : GroupReference.actImages(d4.element(elements[s]), x, size, size);
                    double[] diff = new double[sample];
                    for (int d = 0; d < sample; d++) {
                        diff[d] = 2.0 * dDev[s * N + n] * (fgx[(s * N + n) * sample + d] - moved[d]);
                        expectedA[(s * N + n) * sample + d] = diff[d];
                    }
                    int inverse = d4.table().inverseOf(elements[s]);
                    double[] back = rep == FeatureRep.GROUP_MAP
                            ? GroupReference.actGroupMaps(d4, inverse, diff, channels, size, size)
                            : GroupReference.actImages(d4.element(inverse), diff, size, size);
                    for (int d = 0; d < sample; d++) {
                        db[d] -= back[d];
                    }
                }
                System.arraycopy(db, 0, expectedB, n * sample, sample);
            }
            try (Tensor at = cpu.upload(fgx, fgxShape); Tensor bt = cpu.upload(fx, fxShape);
                 Tensor dd = cpu.upload(dDev, Shape.of(elements.length, N)); Tensor dn = cpu.upload(dNorm, Shape.of(N));
                 Tensor da = cpu.allocate(fgxShape); Tensor db = cpu.allocate(fxShape)) {
                cpu.fill(da, Float.NaN);
                cpu.fill(db, Float.NaN);
                cpu.equivarianceDeviationBackward(at, bt, d4.table(), elements, rep, dd, dn, da, db);
                Numerics.assertClose(rep + " dFgx", expectedA, cpu.download(da), 1e-6);
                Numerics.assertClose(rep + " dFx", expectedB, cpu.download(db), 1e-6);
            }
        }
    }

    /** Half turns and flips keep h×w, so D4's r², m, r²m measure non-square images; a quarter turn is refused. */
    @Test
    void halfTurnsAndFlipsMeasureNonSquareImages() {
        D4 d4 = new D4();
        Shape shape = Shape.of(N, C, 3, 5);
        int[] elements = {2, 4, 6};
        Random random = new Random(3);
        float[] fx = Numerics.randomFloats(random, shape.size());
        float[] fgx = Numerics.randomFloats(random, elements.length * shape.size());
        float[] dev;
        try (Tensor tfgx = cpu.upload(fgx, shape.withDim0(elements.length * N)); Tensor tfx = cpu.upload(fx, shape);
             Tensor tdev = cpu.allocate(Shape.of(elements.length, N)); Tensor norm = cpu.allocate(Shape.of(N))) {
            cpu.equivarianceDeviation(tfgx, tfx, d4.table(), elements, FeatureRep.IMAGE, tdev, norm);
            dev = cpu.download(tdev);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> cpu.equivarianceDeviation(tfgx, tfx, d4.table(), new int[] {2, 5, 6}, FeatureRep.IMAGE,
                            tdev, norm));
            assertEquals("equivarianceDeviation: element 5 of d4 is a quarter turn, so fx needs square maps (half"
                    + " turns and flips keep any shape), got shape [2, 2, 3, 5]", e.getMessage());
        }
        int sample = shape.sizeFrom(1);
        double[] expected = new double[elements.length * N];
        for (int s = 0; s < elements.length; s++) {
            for (int n = 0; n < N; n++) {
                double[] moved = GroupReference.actImages(d4.element(elements[s]),
                        GroupReference.plane(Numerics.toDouble(fx), n, sample), 3, 5);
                expected[s * N + n] = GroupReference.squaredDistance(Numerics.toDouble(fgx), (s * N + n) * sample,
                        moved, 0, sample);
            }
        }
        Numerics.assertClose("deviation of r2, m, r2m on 3x5", expected, dev, 1e-6);
    }

    @Test
    void shapeErrorsNameOpAndShapes() {
        try (Tensor fgx = cpu.allocate(Shape.of(4, 2, 5, 5)); Tensor fx = cpu.allocate(Shape.of(2, 2, 5, 5));
             Tensor dev = cpu.allocate(Shape.of(2, 2)); Tensor norm = cpu.allocate(Shape.of(2))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> cpu.equivarianceDeviation(fgx, fx, new D4().table(), new int[] {1, 2, 3}, FeatureRep.IMAGE,
                            dev, norm));
            assertEquals("equivarianceDeviation: fgx should have shape [6, 2, 5, 5] but has [4, 2, 5, 5]",
                    e.getMessage());
        }
    }

    /**
     * The weights the deviation probe computed on the host before they moved to the backend: a plain float64 loop
     * over every row with a membership test, cast to float at the end.
     */
    private static float[][] relativeWeightsReference(float[] dev, float[] norm, int k, boolean[] selected,
                                                      double scale, double eps) {
        int n = norm.length;
        float[] dDev = new float[k * n];
        float[] dNorm = new float[n];
        for (int i = 0; i < n; i++) {
            double denominator = (double) norm[i] + eps;
            double dn = 0;
            for (int s = 0; s < k; s++) {
                if (selected[s]) {
                    dDev[s * n + i] = (float) (scale / denominator);
                    dn -= scale * (double) dev[s * n + i] / (denominator * denominator);
                }
            }
            dNorm[i] = (float) dn;
        }
        return new float[][] {dDev, dNorm};
    }

    @Property(tries = 30)
    void relativeDeviationWeightsMatchTheFloat64ReferenceBitForBit(@ForAll long seed) {
        Random random = new Random(seed);
        int k = 1 + random.nextInt(8);
        int n = 1 + random.nextInt(6);
        float[] dev = new float[k * n];
        float[] norm = new float[n];
        for (int i = 0; i < dev.length; i++) {
            dev[i] = random.nextFloat() * (float) Math.pow(10, random.nextInt(7) - 3);
        }
        for (int i = 0; i < n; i++) {
            norm[i] = i == 0 && random.nextBoolean() ? 0f : random.nextFloat() * (float) Math.pow(10, random.nextInt(7) - 3);
        }
        boolean[] selected = new boolean[k];
        int count = 0;
        for (int s = 0; s < k; s++) {
            selected[s] = random.nextBoolean();
            count += selected[s] ? 1 : 0;
        }
        int[] rows = new int[count];
        for (int s = 0, j = 0; s < k; s++) {
            if (selected[s]) {
                rows[j++] = s;
            }
        }
        double scale = (random.nextDouble() - 0.3) * 7 / (Math.max(1, count) * n);
        float[][] expected = relativeWeightsReference(dev, norm, k, selected, scale, 1e-12);
        Tensor dDev = Cpu.zeros(k, n);
        cpu.fill(dDev, Float.NaN); // rows outside `rows` must be overwritten with 0
        Tensor dNorm = Cpu.zeros(n);
        cpu.relativeDeviationWeights(Cpu.tensor(dev, k, n), Cpu.tensor(norm, n), rows, scale, 1e-12, dDev, dNorm);
        float[] gotDev = Cpu.values(dDev);
        float[] gotNorm = Cpu.values(dNorm);
        for (int i = 0; i < k * n; i++) {
            assertEquals(Float.floatToIntBits(expected[0][i]), Float.floatToIntBits(gotDev[i]), "dDeviation " + i);
        }
        for (int i = 0; i < n; i++) {
            assertEquals(Float.floatToIntBits(expected[1][i]), Float.floatToIntBits(gotNorm[i]), "dNorm " + i);
        }
    }

    @Test
    void relativeDeviationWeightsAreTheGradientOfTheMeanRelativeDeviation() {
        float[] dev = {0.5f, 2f, 0.25f, 1f, 3f, 0.125f};
        float[] norm = {2f, 4f};
        int[] rows = {0, 2};
        double w = 1.5;
        double scale = w / (rows.length * norm.length);
        Tensor dDev = Cpu.zeros(3, 2);
        Tensor dNorm = Cpu.zeros(2);
        cpu.relativeDeviationWeights(Cpu.tensor(dev, 3, 2), Cpu.tensor(norm, 2), rows, scale, 0.0, dDev, dNorm);
        // f = w · mean_{s in rows, i} dev[s, i] / norm[i]: ∂f/∂dev[s, i] = scale / norm[i], ∂f/∂norm[i] = −Σ scale dev / norm².
        double[] expectedDev = {scale / 2, scale / 4, 0, 0, scale / 2, scale / 4};
        double[] expectedNorm = {-scale * (0.5 + 3) / 4, -scale * (2 + 0.125) / 16};
        Numerics.assertClose("dDeviation", expectedDev, Cpu.values(dDev), 1e-7);
        Numerics.assertClose("dNorm", expectedNorm, Cpu.values(dNorm), 1e-7);
    }

    @Test
    void relativeDeviationWeightsRejectUnorderedRowsAndWrongShapes() {
        Tensor dev = Cpu.zeros(3, 2);
        Tensor norm = Cpu.zeros(2);
        assertThrows(IllegalArgumentException.class, () -> cpu.relativeDeviationWeights(dev, norm, new int[] {2, 1},
                1.0, 0.0, Cpu.zeros(3, 2), Cpu.zeros(2)));
        assertThrows(IllegalArgumentException.class, () -> cpu.relativeDeviationWeights(dev, norm, new int[] {3},
                1.0, 0.0, Cpu.zeros(3, 2), Cpu.zeros(2)));
        assertThrows(IllegalArgumentException.class, () -> cpu.relativeDeviationWeights(dev, norm, new int[] {0},
                1.0, 0.0, Cpu.zeros(2, 2), Cpu.zeros(2)));
        assertThrows(IllegalArgumentException.class, () -> cpu.relativeDeviationWeights(dev, Cpu.zeros(3),
                new int[] {0}, 1.0, 0.0, Cpu.zeros(3, 2), Cpu.zeros(3)));
    }
}
