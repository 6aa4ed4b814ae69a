package dev.jace.data;

import dev.jace.backend.FeatureRep;
import dev.jace.backend.Padding;
import dev.jace.backend.cpu.CpuBackend;
import dev.jace.group.C2;
import dev.jace.group.C4;
import dev.jace.group.D4;
import dev.jace.group.Group;
import dev.jace.group.SymmetryType;
import dev.jace.ops.EquivarianceDeviation;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;
import dev.jace.testing.GroupReference;
import dev.jace.testing.Numerics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TeacherTest {

    private static final double EXACT = 1e-5;
    private static final double BROKEN = 1e-2;

    private static final Shape INPUTS = Shape.of(16, 1, 16, 16);
    private static final float[] IMAGES = SmoothImages.generate(16, 16, new SplittableRandom(3));

    private static CpuBackend cpu;
    private static Tensor x;
    private static TeacherMap map;

    @BeforeAll
    static void setUp() {
        cpu = new CpuBackend();
        x = cpu.upload(IMAGES, INPUTS);
        map = new TeacherMap(cpu, new SplittableRandom(4), 1.0, 0.0, x);
    }

    @AfterAll
    static void tearDown() {
        map.close();
        x.close();
        cpu.close();
    }

    private static DeviationProfile profile(Function<Tensor, Tensor> f) {
        return DeviationProfile.measure(cpu, new D4(), f, IMAGES, INPUTS, INPUTS.dim(0));
    }

    @Test
    void theProfileIsTheSameWhateverTheSamplesPerPass() {
        DeviationProfile whole = profile(map::apply);
        int[] elements = new D4().nonIdentityElements();
        try (EquivarianceDeviation.Measurement m = EquivarianceDeviation.measure(cpu, new D4(), elements,
                FeatureRep.IMAGE, FeatureRep.IMAGE, map::apply, x)) {
            for (int s = 0; s < elements.length; s++) {
                ElementDeviation e = whole.elements().get(s);
                assertEquals(Arrays.stream(m.relative()[s]).average().orElseThrow(), e.relative(), 1e-15, e.element());
                assertEquals(Arrays.stream(m.absolute()[s]).average().orElseThrow(), e.absolute(),
                        1e-15 * e.absolute(), e.element());
            }
        }
        for (int perPass : new int[] {1, 5, 17}) {
            assertEquals(whole, DeviationProfile.measure(cpu, new D4(), map::apply, IMAGES, INPUTS, perPass),
                    perPass + " samples per pass");
        }
        List<Integer> measured = new ArrayList<>();
        assertEquals(whole, DeviationProfile.measure(cpu, new D4(), map::apply, IMAGES, INPUTS, 5, measured::add));
        assertEquals(List.of(5, 10, 15, 16), measured, "samples through after each pass");
        String refused = assertThrows(IllegalArgumentException.class, () -> DeviationProfile.measure(cpu, new D4(),
                map::apply, IMAGES, INPUTS, 0)).getMessage();
        assertEquals("deviation profile: 4096 values for [16, 1, 16, 16] in passes of 0 samples; give as many values"
                + " as the shape holds and at least one sample per pass", refused);
        assertThrows(IllegalArgumentException.class, () -> DeviationProfile.measure(cpu, new D4(), map::apply,
                new float[7], INPUTS, 4));
    }

    @Test
    void theTargetsAreTheMapsOutputsWhateverTheSamplesPerPass() {
        float[] whole;
        try (Tensor y = map.apply(x)) {
            whole = cpu.download(y);
        }
        for (int perPass : new int[] {1, 5, 16}) {
            Split split = Teacher.split(cpu, map, IMAGES, Shape.of(1, 16, 16), 0, new SplittableRandom(1), perPass);
            assertArrayEquals(IMAGES, split.inputs());
            assertArrayEquals(whole, ((Targets.Values) split.targets()).values(), perPass + " samples per pass");
        }
    }

    @Test
    void equivariantPartIsD4Equivariant() {
        for (ElementDeviation e : profile(map::equivariant).elements()) {
            assertTrue(e.relative() < EXACT, e.toString());
        }
    }

    @Test
    void rotationBreakingPartKeepsOnlyTheMirror() {
        DeviationProfile p = profile(map::rotationBreaking);
        assertTrue(p.element("m").relative() < EXACT, p.toString());
        for (String broken : new String[] {"r1", "r2", "r3", "r1m", "r2m", "r3m"}) {
            assertTrue(p.element(broken).relative() > BROKEN, p.toString());
        }
    }

    @Test
    void reflectionBreakingPartKeepsRotationsOnly() {
        DeviationProfile p = profile(map::reflectionBreaking);
        for (ElementDeviation e : p.elements()) {
            if (e.type() == SymmetryType.ROTATION) {
                assertTrue(e.relative() < EXACT, e.toString());
            } else {
                assertTrue(e.relative() > BROKEN, e.toString());
            }
        }
    }

    @Test
    void partsAreCalibratedToUnitRms() {
        for (Function<Tensor, Tensor> part : java.util.List.<Function<Tensor, Tensor>>of(map::equivariant,
                map::rotationBreaking, map::reflectionBreaking)) {
            try (Tensor y = part.apply(x)) {
                double sum = 0;
                for (float v : cpu.download(y)) {
                    sum += (double) v * v;
                }
                assertEquals(1.0, Math.sqrt(sum / y.size()), 1e-4);
            }
        }
    }

    /**
     * T(x) against a float64 reference of the network the class documents, with the weights drawn from the same
     * seed in the same order: E's lifting and group filters, R's filter, F's lifting and group filters.
     */
    @Test
    void theMapIsItsDocumentedNetworkInFloat64() {
        int n = 4;
        int size = 10;
        float[] images = SmoothImages.generate(n, size, new SplittableRandom(8));
        double[] input = Numerics.toDouble(images);
        double alphaRot = 0.3;
        double alphaRef = 0.7;
        SplittableRandom draws = new SplittableRandom(9);
        int k = 5;
        double[] e = partReference(new D4(), draws, input, n, size);
        double[] rawFilter = gaussians(draws, k * k);
        double[] mirrored = new double[k * k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                mirrored[i * k + j] = (rawFilter[i * k + j] + rawFilter[i * k + k - 1 - j]) / 2;
            }
        }
        double[] r = unitRms(GroupReference.conv2d(input, n, 1, size, size, mirrored, 1, k, Padding.SAME));
        double[] f = partReference(new C4(), draws, input, n, size);
        double[] expected = new double[e.length];
        for (int i = 0; i < e.length; i++) {
            expected[i] = e[i] + alphaRot * r[i] + alphaRef * f[i];
        }
        try (Tensor in = cpu.upload(images, Shape.of(n, 1, size, size));
             TeacherMap teacher = new TeacherMap(cpu, new SplittableRandom(9), alphaRot, alphaRef, in);
             Tensor out = teacher.apply(in)) {
            float[] actual = cpu.download(out);
            assertEquals(expected.length, actual.length);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i], 1e-5 * (1 + Math.abs(expected[i])), "output " + i);
            }
        }
    }

    /** {@code pool(groupConv(relu(lift(x))))} scaled to unit RMS on x, drawing its two filters from draws. */
    private static double[] partReference(Group group, SplittableRandom draws, double[] x, int n,
                                          int size) {
        int hidden = TeacherMap.HIDDEN;
        int order = group.order();
        double[] lift = gaussians(draws, hidden * 5 * 5);
        double[] conv = gaussians(draws, hidden * order * 3 * 3);
        double[] lifted = GroupReference.liftingConv(group, x, n, 1, size, size, lift, hidden, 5, Padding.SAME);
        for (int i = 0; i < lifted.length; i++) {
            lifted[i] = Math.max(0, lifted[i]);
        }
        double[] y = GroupReference.groupConv(group, lifted, n, hidden, size, size, conv, 1, 3, Padding.SAME);
        return unitRms(GroupReference.groupPool(y, n, order, size * size, true));
    }

    /** The draws TeacherMap uploads: Gaussians rounded to float32. */
    private static double[] gaussians(SplittableRandom draws, int count) {
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) draws.nextGaussian();
        }
        return values;
    }

    private static double[] unitRms(double[] y) {
        double sum = 0;
        for (double v : y) {
            sum += v * v;
        }
        double rms = Math.sqrt(sum / y.length);
        double[] scaled = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            scaled[i] = y[i] / rms;
        }
        return scaled;
    }

    @Test
    void rotationBreakingOnlyKeepsTheMirror() {
        Teacher t = Teacher.generate(new TeacherConfig(12, 32, 32, 0.5, 0.0, 0.0, 7));
        DeviationProfile truth = t.groundTruth();
        assertTrue(truth.element("m").relative() < EXACT, truth.toString());
        assertTrue(truth.meanRelative(SymmetryType.ROTATION) > BROKEN, truth.toString());
        assertTrue(truth.meanRelative(SymmetryType.ROTATION) > truth.element("m").relative());
        // Measured on the same inputs, the mirror subgroup {e, m} is all a map built from E and R keeps.
        DeviationProfile mirror = DeviationProfile.measure(cpu, new C2(), map::apply, IMAGES, INPUTS, 16);
        assertTrue(mirror.element("m").relative() < EXACT, mirror.toString());
    }

    @Test
    void reflectionBreakingKeepsRotations() {
        Teacher t = Teacher.generate(new TeacherConfig(12, 32, 32, 0.0, 0.5, 0.0, 7));
        DeviationProfile truth = t.groundTruth();
        assertTrue(truth.meanRelative(SymmetryType.ROTATION) < EXACT, truth.toString());
        assertTrue(truth.meanRelative(SymmetryType.REFLECTION) > BROKEN, truth.toString());
    }

    @Test
    void noBreakingMeansExactD4() {
        Teacher t = Teacher.generate(new TeacherConfig(12, 16, 16, 0.0, 0.0, 0.0, 7));
        for (ElementDeviation e : t.groundTruth().elements()) {
            assertTrue(e.relative() < EXACT, e.toString());
        }
    }

    @Test
    void deterministicForASeedAndDifferentAcrossSeeds() {
        TeacherConfig config = new TeacherConfig(12, 24, 8, 0.3, 0.2, 0.1, 11);
        Dataset a = Teacher.generate(config).dataset();
        Dataset b = config.load();
        assertArrayEquals(a.train().inputs(), b.train().inputs());
        assertArrayEquals(((Targets.Values) a.train().targets()).values(),
                ((Targets.Values) b.train().targets()).values());
        assertArrayEquals(((Targets.Values) a.test().targets()).values(),
                ((Targets.Values) b.test().targets()).values());
        Dataset c = config.withSeed(12).load();
        assertFalse(java.util.Arrays.equals(a.train().inputs(), c.train().inputs()));
    }

    /** With noise, the test split is still the same whatever the size of the training split. */
    @Test
    void theTestSplitDoesNotDependOnTheTrainingCount() {
        float[] few = ((Targets.Values) new TeacherConfig(12, 8, 8, 0.3, 0.2, 0.5, 5).load().test().targets())
                .values();
        float[] many = ((Targets.Values) new TeacherConfig(12, 16, 8, 0.3, 0.2, 0.5, 5).load().test().targets())
                .values();
        assertArrayEquals(few, many);
    }

    /**
     * The map's widest activation, the D4 hidden layer [n, 4, 8, S, S], must fit one array: 64 calibration images at
     * once allow S ≤ 1023 (64·32·1024² = 2^31), and the passes over a split, and the ground truth's over the 7
     * transformed copies of a pass, shrink from 256 samples to fit.
     */
    @Test
    void theMapsPassesFitItsWidestActivationInOneArray() {
        assertEquals("teacher: size (--size) must be at most 1023: the target map calibrates on 64 images at once,"
                + " whose hidden layer [64, 4, 8, S, S] must hold at most 2^31-1 values; got 1024", assertThrows(
                IllegalArgumentException.class, () -> new TeacherConfig(1024, 1, 1, 0.3, 0.2, 0, 5)).getMessage());
        assertDoesNotThrow(() -> new TeacherConfig(1023, 1, 1, 0.3, 0.2, 0, 5));
        for (int copies : new int[] {1, 7}) {
            for (int size : new int[] {5, 12, 273, 274, 511, 512, 600, 1023}) {
                long perSample = 32L * copies * size * size;
                int pass = Teacher.samplesPerPass(size, copies);
                assertTrue(pass * perSample <= Integer.MAX_VALUE, size + ", " + copies + ": " + pass);
                assertTrue(pass == 256 || (pass + 1) * perSample > Integer.MAX_VALUE,
                        size + ", " + copies + ": " + pass + " is not the most");
            }
        }
        assertEquals(256, Teacher.samplesPerPass(511, 1));
        assertEquals(255, Teacher.samplesPerPass(512, 1), "256·32·512² = 2^31");
        assertEquals(64, Teacher.samplesPerPass(1023, 1));
        assertEquals(256, Teacher.samplesPerPass(12, 7), "the default size keeps its passes");
        assertEquals(127, Teacher.samplesPerPass(274, 7), "7·128·32·274² > 2^31-1");
        assertEquals(9, Teacher.samplesPerPass(1023, 7));
    }

    @Test
    void sizesStrengthsAndNoiseBeyondFloat32AreRefusedNamingTheFlag() {
        String huge = assertThrows(IllegalArgumentException.class,
                () -> new TeacherConfig(12, 100_000_000, 8, 0.3, 0.2, 0, 5)).getMessage();
        assertTrue(huge.contains("100000000 images of 12×12 are 14400000000 values") && huge.contains("--train"), huge);
        // 64 calibration images even for one training image.
        assertThrows(IllegalArgumentException.class, () -> new TeacherConfig(6000, 1, 1, 0.3, 0.2, 0, 5));
        String plume = assertThrows(IllegalArgumentException.class, () -> new PlumeConfig(32, Integer.MAX_VALUE, 1,
                90, 0.05, 0.5, 0.05, 0.1, 8, 4, 1.0, 1)).getMessage();
        assertTrue(plume.startsWith("plume: 2147483647 images of 32×32"), plume);
        String noise = assertThrows(IllegalArgumentException.class,
                () -> new TeacherConfig(6, 2, 2, 0.3, 0.2, 1e300, 5).load()).getMessage();
        assertEquals("teacher: noise 1.0E300 makes the targets or their squares (the loss's) overflow float32; use a"
                + " smaller --noise", noise);
        // Finite targets whose squares overflow diverge at the first step: refused when the data are made.
        String squares = assertThrows(IllegalArgumentException.class,
                () -> new TeacherConfig(6, 2, 2, 0.3, 0.2, 1e20, 5).load()).getMessage();
        assertEquals("teacher: noise 1.0E20 makes the targets or their squares (the loss's) overflow float32; use a"
                + " smaller --noise", squares);
        // Finite strengths can overflow too: the map's parts have unit RMS, so some outputs exceed 1.
        for (TeacherConfig strong : List.of(new TeacherConfig(6, 2, 2, 3e38, 0.2, 0, 5),
                new TeacherConfig(6, 2, 2, 0.3, 3e38, 0, 5), new TeacherConfig(6, 2, 2, 1e25, 0.2, 0, 5))) {
            assertEquals("teacher: the breaking strengths make the target map's outputs or their squares (the loss's)"
                    + " overflow float32; use a smaller --alpha-rot or --alpha-ref", assertThrows(IllegalArgumentException.class, strong::load)
                    .getMessage());
        }
        String infinite = assertThrows(IllegalArgumentException.class,
                () -> new TeacherConfig(6, 2, 2, Double.POSITIVE_INFINITY, 0.2, 0, 5)).getMessage();
        assertEquals("teacher: alphaRot, alphaRef and noise must be finite and >= 0, got Infinity, 0.2, 0.0", infinite);
    }

    @Test
    void noiseHasTheConfiguredSize() {
        TeacherConfig clean = new TeacherConfig(12, 64, 8, 0.3, 0.2, 0.0, 5);
        float[] y0 = ((Targets.Values) clean.load().train().targets()).values();
        float[] y1 = ((Targets.Values) new TeacherConfig(12, 64, 8, 0.3, 0.2, 0.5, 5).load().train().targets())
                .values();
        double sum = 0;
        for (int i = 0; i < y0.length; i++) {
            sum += (y1[i] - y0[i]) * (y1[i] - y0[i]);
        }
        assertEquals(0.5, Math.sqrt(sum / y0.length), 0.02);
    }

    @Test
    void smoothImagesAreStandardised() {
        float[] images = SmoothImages.generate(4, 16, new SplittableRandom(1));
        for (int n = 0; n < 4; n++) {
            double mean = 0;
            double sq = 0;
            for (int i = 0; i < 256; i++) {
                mean += images[n * 256 + i];
                sq += images[n * 256 + i] * images[n * 256 + i];
            }
            assertEquals(0, mean / 256, 1e-5);
            assertEquals(1, sq / 256, 1e-4);
        }
    }

    @Test
    void defaultGroundTruth() {
        long start = System.nanoTime();
        Teacher t = Teacher.generate(TeacherConfig.defaults());
        double seconds = (System.nanoTime() - start) / 1e9;
        StringBuilder s = new StringBuilder(String.format("default teacher generated in %.2f s; ground truth:%n",
                seconds));
        for (ElementDeviation e : t.groundTruth().elements()) {
            s.append(String.format("  %-4s %-10s relative %.4e absolute %.4e%n", e.element(), e.type(),
                    e.relative(), e.absolute()));
        }
        s.append(String.format("  mean rotation %.4e, mean reflection %.4e", t.groundTruth().meanRelative(
                SymmetryType.ROTATION), t.groundTruth().meanRelative(SymmetryType.REFLECTION)));
        System.out.println(s);
        assertEquals(256, t.dataset().train().count());
        assertEquals(128, t.dataset().test().count());
        assertTrue(t.groundTruth().element("m").relative() > 1e-3, "α_ref > 0 breaks the mirror");
    }

    /** The test split alone is bitwise generate()'s, noise too, whatever the training count, which it does not make. */
    @Test
    void theTestSplitAloneIsGeneratesTestSplit() {
        TeacherConfig c = new TeacherConfig(9, 20, 6, 0.5, 0.25, 0.3, 7);
        Split test = Teacher.generate(c).dataset().test();
        for (TeacherConfig config : List.of(c, c.withCounts(1, 6))) {
            Split alone = config.loadTest();
            assertArrayEquals(test.inputs(), alone.inputs());
            assertArrayEquals(((Targets.Values) test.targets()).values(), ((Targets.Values) alone.targets()).values());
        }
    }
}
