package dev.jace.backend.cpu;

import dev.jace.backend.PoolMode;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;
import dev.jace.testing.GroupReference;
import dev.jace.testing.Numerics;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CpuGroupPoolTest {

    private final CpuBackend cpu = new CpuBackend();

    private float[] pool(float[] x, Shape shape, PoolMode mode) {
        try (Tensor in = cpu.upload(x, shape);
             Tensor out = cpu.allocate(Shape.of(shape.dim(0), shape.dim(1), shape.dim(3), shape.dim(4)))) {
            cpu.groupPool(in, mode, out);
            return cpu.download(out);
        }
    }

    private float[] poolBackward(float[] x, float[] dy, Shape shape, PoolMode mode) {
        try (Tensor in = cpu.upload(x, shape);
             Tensor g = cpu.upload(dy, Shape.of(shape.dim(0), shape.dim(1), shape.dim(3), shape.dim(4)));
             Tensor dx = cpu.allocate(shape)) {
            cpu.fill(dx, Float.NaN);
            cpu.groupPoolBackward(in, g, mode, dx);
            return cpu.download(dx);
        }
    }

    @Property(tries = 20)
    void forwardAndBackwardMatchReference(@ForAll PoolMode mode, @ForAll @IntRange(min = 1, max = 2) int n,
                                          @ForAll @IntRange(min = 1, max = 3) int c,
                                          @ForAll @IntRange(min = 1, max = 8) int order,
                                          @ForAll @IntRange(min = 1, max = 4) int size, @ForAll long seed) {
        Shape shape = Shape.of(n, c, order, size, size);
        Random random = new Random(seed);
        float[] x = Numerics.randomFloats(random, shape.size());
        float[] dy = Numerics.randomFloats(random, n * c * size * size);
        boolean max = mode == PoolMode.MAX;
        int hw = size * size;
        Numerics.assertClose(mode + " forward", GroupReference.groupPool(Numerics.toDouble(x), n * c, order, hw, max),
                pool(x, shape, mode), 1e-6);
        double[] dyd = Numerics.toDouble(dy);
        // Distinct random values: a step far below their gaps keeps the max piecewise linear around x.
        double[] expected = Numerics.finiteDifference(Numerics.toDouble(x),
                p -> Numerics.dot(GroupReference.groupPool(p, n * c, order, hw, max), dyd), 1e-8);
        Numerics.assertClose(mode + " backward", expected, poolBackward(x, dy, shape, mode), 1e-5);
    }

    @Test
    void maxTiesGoToTheLowestGroupIndex() {
        Shape shape = Shape.of(1, 1, 4, 1, 2);
        float[] x = {1, 5, 3, 5, 3, 2, 0, 5};
        assertArrayEquals(new float[] {3, 5}, pool(x, shape, PoolMode.MAX));
        assertArrayEquals(new float[] {0, 7, 10, 0, 0, 0, 0, 0},
                poolBackward(x, new float[] {10, 7}, shape, PoolMode.MAX));
    }

    /** A NaN in any group slot is the max, and the first NaN takes the gradient (libjace's jace_group_pool too). */
    @Test
    void maxPropagatesNaNWhereverItSits() {
        Shape shape = Shape.of(1, 1, 3, 1, 4);
        float nan = Float.NaN;
        // Pixel q has its NaN at slot q (none at q = 3); pixel 1 also has a later NaN at slot 2.
        float[] x = {nan, 2, 3, 7, 1, nan, 3, 8, 1, nan, nan, 9};
        assertArrayEquals(new float[] {nan, nan, nan, 9}, pool(x, shape, PoolMode.MAX));
        assertArrayEquals(new float[] {10, 0, 0, 0, 0, 20, 0, 0, 0, 0, 30, 40},
                poolBackward(x, new float[] {10, 20, 30, 40}, shape, PoolMode.MAX));
    }

    @Test
    void shapeErrorsNameOpAndShapes() {
        try (Tensor x = cpu.allocate(Shape.of(2, 3, 4, 5, 5)); Tensor out = cpu.allocate(Shape.of(2, 3, 5, 4))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> cpu.groupPool(x, PoolMode.MEAN, out));
            assertEquals("groupPool: out should have shape [2, 3, 5, 5] but has [2, 3, 5, 4]", e.getMessage());
        }
    }
}
