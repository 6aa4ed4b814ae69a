package dev.jace.backend.cpu;

import dev.jace.backend.FeatureRep;
import dev.jace.group.C2;
import dev.jace.group.C4;
import dev.jace.group.D4;
import dev.jace.group.Group;
import dev.jace.group.Groups;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;
import dev.jace.testing.GroupReference;
import dev.jace.testing.Numerics;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CpuGroupActionTest {

    private final CpuBackend cpu = new CpuBackend();

    private float[] act(Group group, int element, FeatureRep rep, float[] x, Shape shape) {
        try (Tensor in = cpu.upload(x, shape); Tensor out = cpu.allocate(shape)) {
            cpu.groupAction(in, group.table(), new int[] {element}, rep, out);
            return cpu.download(out);
        }
    }

    /** Expected values written out from numpy: rot90(x), rot90(x, 2), rot90(x, 3), flip(x, -1), rot90(flip(x, -1)). */
    @Test
    void matchesNumpyOnA3x3Image() {
        float[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        Shape s = Shape.of(1, 1, 3, 3);
        D4 d4 = new D4();
        assertArrayEquals(new float[] {3, 6, 9, 2, 5, 8, 1, 4, 7}, act(d4, 1, FeatureRep.IMAGE, x, s));
        assertArrayEquals(new float[] {9, 8, 7, 6, 5, 4, 3, 2, 1}, act(d4, 2, FeatureRep.IMAGE, x, s));
        assertArrayEquals(new float[] {7, 4, 1, 8, 5, 2, 9, 6, 3}, act(d4, 3, FeatureRep.IMAGE, x, s));
        assertArrayEquals(new float[] {3, 2, 1, 6, 5, 4, 9, 8, 7}, act(d4, 4, FeatureRep.IMAGE, x, s));
        assertArrayEquals(new float[] {1, 4, 7, 2, 5, 8, 3, 6, 9}, act(d4, 5, FeatureRep.IMAGE, x, s));
        assertArrayEquals(new float[] {3, 2, 1, 6, 5, 4, 9, 8, 7}, act(new C2(), 1, FeatureRep.IMAGE, x, s));
    }

    @Test
    void flipsAndHalfTurnsActOnNonSquareImagesQuarterTurnsDoNot() {
        float[] x = {1, 2, 3, 4, 5, 6};
        Shape s = Shape.of(1, 1, 2, 3);
        assertArrayEquals(new float[] {3, 2, 1, 6, 5, 4}, act(new C2(), 1, FeatureRep.IMAGE, x, s));
        // numpy rot90(x, 2) and rot90(flip(x, -1), 2) of [[1, 2, 3], [4, 5, 6]]
        assertArrayEquals(new float[] {6, 5, 4, 3, 2, 1}, act(new C4(), 2, FeatureRep.IMAGE, x, s));
        assertArrayEquals(new float[] {4, 5, 6, 1, 2, 3}, act(new D4(), 6, FeatureRep.IMAGE, x, s));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> act(new C4(), 1, FeatureRep.IMAGE, x, s));
        assertEquals("groupAction: element 1 of c4 is a quarter turn, so x needs square maps (half turns and flips"
                + " keep any shape), got shape [1, 1, 2, 3]", e.getMessage());
    }

    /** D4's e, r², m, r²m on non-square group maps (the other elements' slots permute too) against the reference. */
    @Test
    void halfTurnsOfD4ActOnNonSquareGroupMaps() {
        D4 d4 = new D4();
        Shape shape = Shape.of(2, 3, 8, 3, 5);
        float[] x = Numerics.randomFloats(new Random(7), shape.size());
        int[] elements = {0, 2, 4, 6};
        float[] got;
        try (Tensor in = cpu.upload(x, shape); Tensor out = cpu.allocate(shape.withDim0(4 * 2))) {
            cpu.groupAction(in, d4.table(), elements, FeatureRep.GROUP_MAP, out);
            got = cpu.download(out);
        }
        int sample = shape.sizeFrom(1);
        for (int s = 0; s < elements.length; s++) {
            float[] slab = new float[2 * sample];
            System.arraycopy(got, s * 2 * sample, slab, 0, slab.length);
            Numerics.assertClose(d4.elementName(elements[s]),
                    GroupReference.actGroupMaps(d4, elements[s], Numerics.toDouble(x), 2 * 3, 3, 5), slab, 0);
        }
    }

    @Provide
    Arbitrary<Group> anyGroup() {
        return Arbitraries.of(Groups.all());
    }

    /** Every element, on batches and group maps, against the hand-written rot90/flip reference; batched order s·N + n. */
    @Property(tries = 30)
    void matchesReference(@ForAll("anyGroup") Group group, @ForAll @IntRange(min = 1, max = 3) int n,
                          @ForAll @IntRange(min = 1, max = 3) int c, @ForAll @IntRange(min = 1, max = 6) int size,
                          @ForAll boolean groupMap, @ForAll long seed) {
        int order = group.order();
        Shape shape = groupMap ? Shape.of(n, c, order, size, size) : Shape.of(n, c, size, size);
        float[] x = Numerics.randomFloats(new Random(seed), shape.size());
        int[] all = group.allElements();
        float[] got;
        try (Tensor in = cpu.upload(x, shape); Tensor out = cpu.allocate(shape.withDim0(order * n))) {
            cpu.groupAction(in, group.table(), all, groupMap ? FeatureRep.GROUP_MAP : FeatureRep.IMAGE, out);
            got = cpu.download(out);
        }
        double[] xd = Numerics.toDouble(x);
        int sample = shape.sizeFrom(1);
        for (int s = 0; s < order; s++) {
            double[] expected = groupMap
                    ? GroupReference.actGroupMaps(group, s, xd, n * c, size, size)
                    : GroupReference.actImages(group.element(s), xd, size, size);
            float[] slab = new float[n * sample];
            System.arraycopy(got, s * n * sample, slab, 0, slab.length);
            Numerics.assertClose(group.elementName(s), expected, slab, 0);
        }
    }

    /** (a·b)·x = a·(b·x): acting with b, then with a, equals acting with compose(a, b). */
    @Property(tries = 20)
    void isAGroupAction(@ForAll("anyGroup") Group group, @ForAll boolean groupMap, @ForAll long seed) {
        int order = group.order();
        Shape shape = groupMap ? Shape.of(2, 2, order, 5, 5) : Shape.of(2, 3, 5, 5);
        FeatureRep rep = groupMap ? FeatureRep.GROUP_MAP : FeatureRep.IMAGE;
        float[] x = Numerics.randomFloats(new Random(seed), shape.size());
        for (int a = 0; a < order; a++) {
            for (int b = 0; b < order; b++) {
                float[] stepwise = act(group, a, rep, act(group, b, rep, x, shape), shape);
                assertArrayEquals(act(group, group.compose(a, b), rep, x, shape), stepwise,
                        group.elementName(a) + " after " + group.elementName(b));
            }
        }
    }

    @Test
    void invariantRepresentationCopies() {
        float[] x = Numerics.randomFloats(new Random(1), 6);
        Shape shape = Shape.of(2, 3);
        try (Tensor in = cpu.upload(x, shape); Tensor out = cpu.allocate(Shape.of(4, 3))) {
            cpu.groupAction(in, new D4().table(), new int[] {3, 5}, FeatureRep.INVARIANT, out);
            float[] got = cpu.download(out);
            float[] expected = new float[12];
            for (int s = 0; s < 2; s++) {
                System.arraycopy(x, 0, expected, 6 * s, 6);
            }
            assertArrayEquals(expected, got);
        }
    }

    @Test
    void rejectsBadElementsAndShapes() {
        try (Tensor x = cpu.allocate(Shape.of(2, 1, 4, 4)); Tensor out = cpu.allocate(Shape.of(2, 1, 4, 4))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> cpu.groupAction(x, new C4().table(), new int[] {4}, FeatureRep.IMAGE, out));
            assertTrue(e.getMessage().contains("group element 4 is not in c4"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> cpu.groupAction(x, new C4().table(), new int[] {1, 2}, FeatureRep.IMAGE, out));
            assertTrue(e.getMessage().equals("groupAction: out should have shape [4, 1, 4, 4] but has [2, 1, 4, 4]"),
                    e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> cpu.groupAction(x, new C4().table(), new int[] {1}, FeatureRep.GROUP_MAP, out));
            assertTrue(e.getMessage().contains("groupAction: x should be a group feature map [N, C, 4, H, W]"),
                    e.getMessage());
        }
    }
}
