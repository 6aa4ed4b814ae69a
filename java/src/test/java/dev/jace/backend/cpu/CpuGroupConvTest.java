package dev.jace.backend.cpu;

import dev.jace.backend.GroupTable;
import dev.jace.backend.Padding;
import dev.jace.group.C4;
import dev.jace.group.D4;
import dev.jace.group.Group;
import dev.jace.group.Groups;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;
import dev.jace.testing.GroupReference;
import dev.jace.testing.Numerics;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CpuGroupConvTest {

    private final CpuBackend cpu = new CpuBackend();

    @Provide
    Arbitrary<ConvCase> smallCases() {
        return cases(3, 7);
    }

    @Provide
    Arbitrary<ConvCase> tinyCases() {
        return cases(2, 4);
    }

    private static Arbitrary<ConvCase> cases(int maxChannels, int maxSize) {
        Arbitrary<Integer> channels = Arbitraries.integers().between(1, maxChannels);
        return Combinators.combine(Arbitraries.of(Groups.all()), Arbitraries.of(true, false),
                        Arbitraries.integers().between(1, 2), channels, channels,
                        Arbitraries.integers().between(1, maxSize), Arbitraries.of(1, 3, 5),
                        Arbitraries.of(Padding.values()))
                .as(ConvCase::new)
                .filter(c -> c.padding() == Padding.SAME || c.k() <= c.size());
    }

    private float[] forward(ConvCase c, float[] x, float[] w) {
        try (Tensor xt = cpu.upload(x, c.x()); Tensor wt = cpu.upload(w, c.w()); Tensor y = cpu.allocate(c.y())) {
            if (c.lifting()) {
                cpu.liftingConv(xt, wt, c.group().table(), c.padding(), y);
            } else {
                cpu.groupConv(xt, wt, c.group().table(), c.padding(), y);
            }
            return cpu.download(y);
        }
    }

    private float[] backwardData(ConvCase c, float[] dy, float[] w) {
        try (Tensor dyt = cpu.upload(dy, c.y()); Tensor wt = cpu.upload(w, c.w()); Tensor dx = cpu.allocate(c.x())) {
            cpu.fill(dx, Float.NaN);
            if (c.lifting()) {
                cpu.liftingConvBackwardData(dyt, wt, c.group().table(), c.padding(), dx);
            } else {
                cpu.groupConvBackwardData(dyt, wt, c.group().table(), c.padding(), dx);
            }
            return cpu.download(dx);
        }
    }

    private float[] backwardFilter(ConvCase c, float[] x, float[] dy) {
        try (Tensor xt = cpu.upload(x, c.x()); Tensor dyt = cpu.upload(dy, c.y()); Tensor dw = cpu.allocate(c.w())) {
            cpu.fill(dw, Float.NaN);
            if (c.lifting()) {
                cpu.liftingConvBackwardFilter(xt, dyt, c.group().table(), c.padding(), dw);
            } else {
                cpu.groupConvBackwardFilter(xt, dyt, c.group().table(), c.padding(), dw);
            }
            return cpu.download(dw);
        }
    }

    @Property(tries = 60)
    void forwardMatchesMaterialisedReference(@ForAll("smallCases") ConvCase c, @ForAll long seed) {
        Random random = new Random(seed);
        float[] x = Numerics.randomFloats(random, c.x().size());
        float[] w = Numerics.randomFloats(random, c.w().size());
        double[] xd = Numerics.toDouble(x);
        double[] wd = Numerics.toDouble(w);
        Numerics.assertCloseToScale(c.toString(), c.reference(xd, wd), forward(c, x, w),
                c.reference(Numerics.abs(xd), Numerics.abs(wd)), 1e-5);
    }

    /** The conv is linear in x, so {@code d<conv(x, w), dy>/dx} by central differences of the reference is exact. */
    @Property(tries = 15)
    void backwardDataMatchesFiniteDifferences(@ForAll("tinyCases") ConvCase c, @ForAll long seed) {
        assertBackwardDataMatchesFiniteDifferences(c, new Random(seed));
    }

    private void assertBackwardDataMatchesFiniteDifferences(ConvCase c, Random random) {
        double[] x = Numerics.toDouble(Numerics.randomFloats(random, c.x().size()));
        float[] w = Numerics.randomFloats(random, c.w().size());
        float[] dy = Numerics.randomFloats(random, c.y().size());
        double[] wd = Numerics.toDouble(w);
        double[] dyd = Numerics.toDouble(dy);
        double[] absW = Numerics.abs(wd);
        double[] absDy = Numerics.abs(dyd);
        Numerics.assertLinearGradient(c + " dx", x, p -> Numerics.dot(c.reference(p, wd), dyd),
                p -> Numerics.dot(c.reference(p, absW), absDy), backwardData(c, dy, w), 1e-5);
    }

    @Property(tries = 15)
    void backwardFilterMatchesFiniteDifferences(@ForAll("tinyCases") ConvCase c, @ForAll long seed) {
        Random random = new Random(seed);
        float[] x = Numerics.randomFloats(random, c.x().size());
        double[] w = Numerics.toDouble(Numerics.randomFloats(random, c.w().size()));
        float[] dy = Numerics.randomFloats(random, c.y().size());
        double[] xd = Numerics.toDouble(x);
        double[] dyd = Numerics.toDouble(dy);
        double[] absX = Numerics.abs(xd);
        double[] absDy = Numerics.abs(dyd);
        Numerics.assertLinearGradient(c + " dw", w, p -> Numerics.dot(c.reference(xd, p), dyd),
                p -> Numerics.dot(c.reference(absX, p), absDy), backwardFilter(c, x, dy), 1e-5);
    }

    /**
     * A group conv with at least four times as many output as input channels takes its input gradient through
     * col2im ({@link CpuCorrelation#scattersInputGradient}), which {@code tinyCases} never reach; with two input
     * channels and two samples a task zeroes (the NaN-filled) dx over several channel planes per sample.
     */
    @Test
    void wideGroupConvBackwardDataMatchesFiniteDifferences() {
        Random random = new Random(8);
        for (ConvCase c : List.of(new ConvCase(new D4(), false, 2, 1, 4, 5, 3, Padding.SAME),
                new ConvCase(new C4(), false, 3, 1, 5, 6, 3, Padding.VALID),
                new ConvCase(new C4(), false, 2, 2, 8, 4, 3, Padding.SAME),
                new ConvCase(new C4(), true, 2, 2, 3, 5, 3, Padding.SAME))) {
            assertBackwardDataMatchesFiniteDifferences(c, random);
        }
    }

    /** Direct kernels against the backend's expanded bank fed to a float64 plain conv. */
    @Property(tries = 30)
    void directMatchesExpandedBank(@ForAll("smallCases") ConvCase c, @ForAll long seed) {
        Random random = new Random(seed);
        float[] x = Numerics.randomFloats(random, c.x().size());
        float[] w = Numerics.randomFloats(random, c.w().size());
        GroupTable table = c.group().table();
        int order = c.order();
        int cinFlat = c.lifting() ? c.cin() : c.cin() * order;
        float[] bank;
        try (Tensor wt = cpu.upload(w, c.w());
             Tensor out = cpu.allocate(Shape.of(c.cout() * order, cinFlat, c.k(), c.k()))) {
            if (c.lifting()) {
                cpu.expandLiftingFilter(wt, table, out);
            } else {
                cpu.expandGroupFilter(wt, table, out);
            }
            bank = cpu.download(out);
        }
        double[] xd = Numerics.toDouble(x);
        double[] bankd = Numerics.toDouble(bank);
        double[] expanded = GroupReference.conv2d(xd, c.n(), cinFlat, c.size(), c.size(), bankd, c.cout() * order,
                c.k(), c.padding());
        double[] scale = GroupReference.conv2d(Numerics.abs(xd), c.n(), cinFlat, c.size(), c.size(),
                Numerics.abs(bankd), c.cout() * order, c.k(), c.padding());
        Numerics.assertCloseToScale(c.toString(), expanded, forward(c, x, w), scale, 1e-5);
    }

    /** Large enough to run on several threads; repeated runs agree bitwise and with the reference. */
    @Test
    void parallelRunsAreDeterministic() {
        ConvCase c = new ConvCase(new D4(), false, 3, 4, 5, 9, 3, Padding.SAME);
        Random random = new Random(7);
        float[] x = Numerics.randomFloats(random, c.x().size());
        float[] w = Numerics.randomFloats(random, c.w().size());
        float[] dy = Numerics.randomFloats(random, c.y().size());
        float[] y = forward(c, x, w);
        assertArrayEquals(y, forward(c, x, w));
        assertArrayEquals(backwardData(c, dy, w), backwardData(c, dy, w));
        assertArrayEquals(backwardFilter(c, x, dy), backwardFilter(c, x, dy));
        Numerics.assertClose("forward", c.reference(Numerics.toDouble(x), Numerics.toDouble(w)), y, 1e-5);
    }

    @Test
    void shapeErrorsNameOpAndShapes() {
        Group c4 = new C4();
        try (Tensor x = cpu.allocate(Shape.of(1, 2, 5, 5)); Tensor w = cpu.allocate(Shape.of(3, 2, 4, 4));
             Tensor out = cpu.allocate(Shape.of(1, 3, 4, 5, 5))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> cpu.liftingConv(x, w, c4.table(), Padding.SAME, out));
            assertEquals("liftingConv: group convolutions need square filters of odd size, w has shape [3, 2, 4, 4]",
                    e.getMessage());
        }
        try (Tensor x = cpu.allocate(Shape.of(1, 2, 5, 5)); Tensor w = cpu.allocate(Shape.of(3, 2, 3, 3));
             Tensor out = cpu.allocate(Shape.of(1, 3, 5, 5))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> cpu.liftingConv(x, w, c4.table(), Padding.SAME, out));
            assertEquals("liftingConv: out should have shape [1, 3, 4, 5, 5] but has [1, 3, 5, 5]", e.getMessage());
        }
        try (Tensor x = cpu.allocate(Shape.of(1, 2, 8, 5, 5)); Tensor w = cpu.allocate(Shape.of(3, 2, 4, 3, 3));
             Tensor dy = cpu.allocate(Shape.of(1, 3, 4, 5, 5))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> cpu.groupConvBackwardData(dy, w, c4.table(), Padding.SAME, x));
            assertEquals("groupConvBackwardData: x should be a group feature map [N, C, 4, H, W] for c4 but has shape"
                    + " [1, 2, 8, 5, 5]", e.getMessage());
        }
    }
}
