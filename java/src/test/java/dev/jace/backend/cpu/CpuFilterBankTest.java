package dev.jace.backend.cpu;

import dev.jace.backend.GroupTable;
import dev.jace.group.C4;
import dev.jace.group.Group;
import dev.jace.group.Groups;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;
import dev.jace.testing.GroupReference;
import dev.jace.testing.Numerics;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CpuFilterBankTest {

    private final CpuBackend cpu = new CpuBackend();

    @Provide
    Arbitrary<Group> anyGroup() {
        return Arbitraries.of(Groups.all());
    }

    private static Shape filter(Group group, boolean lifting, int cout, int cin, int k) {
        return lifting ? Shape.of(cout, cin, k, k) : Shape.of(cout, cin, group.order(), k, k);
    }

    private static Shape bank(Group group, boolean lifting, int cout, int cin, int k) {
        int order = group.order();
        return Shape.of(cout * order, lifting ? cin : cin * order, k, k);
    }

    private float[] expand(GroupTable table, boolean lifting, float[] w, Shape ws, Shape bs) {
        try (Tensor wt = cpu.upload(w, ws); Tensor out = cpu.allocate(bs)) {
            if (lifting) {
                cpu.expandLiftingFilter(wt, table, out);
            } else {
                cpu.expandGroupFilter(wt, table, out);
            }
            return cpu.download(out);
        }
    }

    private float[] adjoint(GroupTable table, boolean lifting, float[] d, Shape ws, Shape bs) {
        try (Tensor dt = cpu.upload(d, bs); Tensor dw = cpu.allocate(ws)) {
            cpu.fill(dw, Float.NaN);
            if (lifting) {
                cpu.expandLiftingFilterAdjoint(dt, table, dw);
            } else {
                cpu.expandGroupFilterAdjoint(dt, table, dw);
            }
            return cpu.download(dw);
        }
    }

    /** The bank holds {@code g·w} materialised with the reference rot90/flip. */
    @Property(tries = 30)
    void expansionMatchesReference(@ForAll("anyGroup") Group group, @ForAll boolean lifting,
                                   @ForAll @IntRange(min = 1, max = 3) int cout,
                                   @ForAll @IntRange(min = 1, max = 3) int cin,
                                   @ForAll @IntRange(min = 0, max = 2) int halfK, @ForAll long seed) {
        int k = 2 * halfK + 1;
        Shape ws = filter(group, lifting, cout, cin, k);
        float[] w = Numerics.randomFloats(new Random(seed), ws.size());
        double[] wd = Numerics.toDouble(w);
        double[] expected = lifting ? GroupReference.liftingBank(group, wd, cout, cin, k)
                : GroupReference.groupBank(group, wd, cout, cin, k);
        Shape bs = bank(group, lifting, cout, cin, k);
        Numerics.assertClose("bank", expected, expand(group.table(), lifting, w, ws, bs), 0);
    }

    /** {@code <A w, d> = <w, Aᵀ d>} in double for the expansion A and its adjoint. */
    @Property(tries = 30)
    void adjointSatisfiesInnerProductIdentity(@ForAll("anyGroup") Group group, @ForAll boolean lifting,
                                              @ForAll @IntRange(min = 1, max = 3) int cout,
                                              @ForAll @IntRange(min = 1, max = 3) int cin,
                                              @ForAll @IntRange(min = 0, max = 2) int halfK, @ForAll long seed) {
        int k = 2 * halfK + 1;
        Shape ws = filter(group, lifting, cout, cin, k);
        Shape bs = bank(group, lifting, cout, cin, k);
        Random random = new Random(seed);
        float[] w = Numerics.randomFloats(random, ws.size());
        float[] d = Numerics.randomFloats(random, bs.size());
        double forward = Numerics.dot(Numerics.toDouble(expand(group.table(), lifting, w, ws, bs)),
                Numerics.toDouble(d));
        double backward = Numerics.dot(Numerics.toDouble(w),
                Numerics.toDouble(adjoint(group.table(), lifting, d, ws, bs)));
        assertEquals(forward, backward, 1e-5 * Math.max(1, Math.abs(forward)));
    }

    @Test
    void shapeErrorsNameOpAndShapes() {
        try (Tensor w = cpu.allocate(Shape.of(2, 3, 2, 3, 3)); Tensor out = cpu.allocate(Shape.of(8, 12, 3, 3))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> cpu.expandGroupFilter(w, new C4().table(), out));
            assertEquals("expandGroupFilter: w should be [Cout, Cin, 4, k, k] but has shape [2, 3, 2, 3, 3]",
                    e.getMessage());
        }
        try (Tensor dw = cpu.allocate(Shape.of(2, 3, 3, 3)); Tensor d = cpu.allocate(Shape.of(2, 3, 3, 3))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> cpu.expandLiftingFilterAdjoint(d, new C4().table(), dw));
            assertEquals("expandLiftingFilterAdjoint: dExpanded should have shape [8, 3, 3, 3] but has [2, 3, 3, 3]",
                    e.getMessage());
        }
    }
}
