package dev.jace.ops;

import dev.jace.backend.FeatureRep;
import dev.jace.backend.Padding;
import dev.jace.backend.PoolMode;
import dev.jace.backend.cpu.CpuBackend;
import dev.jace.group.C4;
import dev.jace.group.D4;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;
import dev.jace.testing.GroupReference;
import dev.jace.testing.Numerics;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GroupLayersTest {

    private final CpuBackend cpu = new CpuBackend();

    @Test
    void directOpsMatchReferences() {
        D4 d4 = new D4();
        Random random = new Random(5);
        float[] x = Numerics.randomFloats(random, 2 * 3 * 7 * 7);
        float[] w = Numerics.randomFloats(random, 2 * 3 * 3 * 3);
        float[] gw = Numerics.randomFloats(random, 2 * 2 * 8 * 5 * 5);
        try (Tensor xt = cpu.upload(x, Shape.of(2, 3, 7, 7)); Tensor wt = cpu.upload(w, Shape.of(2, 3, 3, 3));
             Tensor gwt = cpu.upload(gw, Shape.of(2, 2, 8, 5, 5));
             Tensor lifted = new LiftingConv(d4, Padding.VALID, Algorithm.DIRECT).forward(cpu, xt, wt);
             Tensor conv = new GroupConv(d4, Padding.SAME, Algorithm.DIRECT).forward(cpu, lifted, gwt);
             Tensor pooled = new GroupPooling(PoolMode.MEAN).forward(cpu, conv)) {
            double[] lift = GroupReference.liftingConv(d4, Numerics.toDouble(x), 2, 3, 7, 7, Numerics.toDouble(w), 2,
                    3, Padding.VALID);
            Numerics.assertClose("lifting", lift, cpu.download(lifted), 1e-5);
            double[] group = GroupReference.groupConv(d4, Numerics.toDouble(cpu.download(lifted)), 2, 2, 5, 5,
                    Numerics.toDouble(gw), 2, 5, Padding.SAME);
            Numerics.assertClose("group", group, cpu.download(conv), 1e-5);
            Numerics.assertClose("pool", GroupReference.groupPool(group, 4, 8, 25, false), cpu.download(pooled),
                    1e-5);
        }
    }

    /** x [1, 1, 4, 1, 2]: at pixel 0 the group values 1, 3, 3, 2 (a tie at 3), at pixel 1 the values 5, 0, -1, 5. */
    @Test
    void poolingBackwardSendsMaxGradientsToTheLowestIndexOfTheMaximumAndSpreadsMeanOnes() {
        float[] x = {1, 5, 3, 0, 3, -1, 2, 5};
        try (Tensor xt = cpu.upload(x, Shape.of(1, 1, 4, 1, 2)); Tensor dy = cpu.upload(new float[] {10, 20},
                Shape.of(1, 1, 1, 2)); Tensor out = cpu.allocate(Shape.of(1, 1, 1, 2));
             Tensor dx = cpu.allocate(xt.shape())) {
            GroupPooling max = new GroupPooling(PoolMode.MAX);
            max.forward(cpu, xt, out);
            assertArrayEquals(new float[] {3, 5}, cpu.download(out));
            max.backward(cpu, xt, dy, dx);
            assertArrayEquals(new float[] {0, 20, 10, 0, 0, 0, 0, 0}, cpu.download(dx));
            GroupPooling mean = new GroupPooling(PoolMode.MEAN);
            mean.forward(cpu, xt, out);
            assertArrayEquals(new float[] {9 / 4f, 9 / 4f}, cpu.download(out));
            mean.backward(cpu, xt, dy, dx);
            assertArrayEquals(new float[] {2.5f, 5, 2.5f, 5, 2.5f, 5, 2.5f, 5}, cpu.download(dx));
        }
    }

    @Test
    void groupActionsStackElementsAlongTheBatch() {
        C4 c4 = new C4();
        float[] x = Numerics.randomFloats(new Random(2), 2 * 9);
        try (Tensor xt = cpu.upload(x, Shape.of(2, 1, 3, 3));
             Tensor all = GroupActions.apply(cpu, c4, xt, FeatureRep.IMAGE);
             Tensor some = GroupActions.apply(cpu, c4, new int[] {2}, xt, FeatureRep.IMAGE)) {
            assertEquals(Shape.of(8, 1, 3, 3), all.shape());
            float[] a = cpu.download(all);
            float[] s = cpu.download(some);
            for (int i = 0; i < s.length; i++) {
                assertEquals(a[2 * 18 + i], s[i]);
            }
            double[] expected = GroupReference.actImages(c4.element(2), Numerics.toDouble(x), 3, 3);
            Numerics.assertClose("r2", expected, s, 0);
        }
    }

    @Test
    void shapeErrorsNameOpAndShapes() {
        LiftingConv lifting = new LiftingConv(new C4(), Padding.SAME, Algorithm.EXPANDED);
        try (Tensor x = cpu.allocate(Shape.of(1, 2, 5, 6)); Tensor w = cpu.allocate(Shape.of(3, 2, 3, 3))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> lifting.forward(cpu, x, w));
            assertEquals("liftingConv: c4 has quarter turns, so x needs square maps, got [1, 2, 5, 6]",
                    e.getMessage());
        }
        GroupConv conv = new GroupConv(new C4(), Padding.SAME, Algorithm.EXPANDED);
        try (Tensor x = cpu.allocate(Shape.of(1, 2, 4, 5, 5)); Tensor w = cpu.allocate(Shape.of(3, 3, 4, 3, 3))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> conv.forward(cpu, x, w));
            assertEquals("groupConv: w should be [Cout, 2, 4, k, k] but has shape [3, 3, 4, 3, 3]", e.getMessage());
        }
    }
}
