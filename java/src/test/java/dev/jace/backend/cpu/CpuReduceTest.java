package dev.jace.backend.cpu;

import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;
import dev.jace.testing.Numerics;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CpuReduceTest {

    @Property(tries = 50)
    void reductionsMatchFloat64(@ForAll @Size(min = 1, max = 4) List<@IntRange(min = 1, max = 7) Integer> dimList,
                                @ForAll @IntRange(min = 0, max = 3) int axisSeed, @ForAll long seed) {
        int[] dims = dimList.stream().mapToInt(Integer::intValue).toArray();
        int axis = axisSeed % dims.length;
        Random random = new Random(seed);
        Tensor x = Cpu.random(random, dims);
        double[] xv = Cpu.doubles(x);

        double total = 0;
        for (double v : xv) {
            total += v;
        }
        Tensor scalar = Cpu.zeros(1);
        Cpu.BACKEND.sum(x, scalar);
        Numerics.assertClose("sum", new double[] {total}, Cpu.values(scalar), 1e-6);
        Cpu.BACKEND.mean(x, scalar);
        Numerics.assertClose("mean", new double[] {total / xv.length}, Cpu.values(scalar), 1e-6);

        int outer = 1;
        for (int i = 0; i < axis; i++) {
            outer *= dims[i];
        }
        int length = dims[axis];
        int inner = xv.length / (outer * length);
        double[] sums = new double[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int l = 0; l < length; l++) {
                for (int i = 0; i < inner; i++) {
                    sums[o * inner + i] += xv[(o * length + l) * inner + i];
                }
            }
        }
        double[] means = sums.clone();
        for (int i = 0; i < means.length; i++) {
            means[i] /= length;
        }
        Shape reduced = reducedShape(dims, axis);
        Tensor out = Cpu.zeros(reduced.dims());
        Cpu.BACKEND.sumAxis(x, axis, out);
        Numerics.assertClose("sumAxis " + axis, sums, Cpu.values(out), 1e-6);
        Cpu.BACKEND.meanAxis(x, axis, out);
        Numerics.assertClose("meanAxis " + axis, means, Cpu.values(out), 1e-6);

        if (dims.length >= 2) {
            int c = dims[1];
            int rest = xv.length / (dims[0] * c);
            double[] channel = new double[c];
            for (int i = 0; i < xv.length; i++) {
                channel[(i / rest) % c] += xv[i];
            }
            Tensor perChannel = Cpu.zeros(c);
            Cpu.BACKEND.channelSum(x, perChannel);
            Numerics.assertClose("channelSum", channel, Cpu.values(perChannel), 1e-6);
        }
    }

    private static Shape reducedShape(int[] dims, int axis) {
        if (dims.length == 1) {
            return Shape.of(1);
        }
        int[] kept = new int[dims.length - 1];
        for (int i = 0, j = 0; i < dims.length; i++) {
            if (i != axis) {
                kept[j++] = dims[i];
            }
        }
        return new Shape(kept);
    }

    /** An inner extent above 4096 is cut into slices (the last one partial), each a task of its own. */
    @Test
    void wideReductionsSliceTheInnerAxis() {
        Random random = new Random(6);
        int outer = 2;
        int length = 5;
        int inner = 2 * 4096 + 123;
        Tensor x = Cpu.random(random, outer, length, inner);
        double[] xv = Cpu.doubles(x);
        double[] means = new double[outer * inner];
        double[] columns = new double[length * inner];
        for (int o = 0; o < outer; o++) {
            for (int l = 0; l < length; l++) {
                for (int i = 0; i < inner; i++) {
                    double v = xv[(o * length + l) * inner + i];
                    means[o * inner + i] += v / length;
                    columns[l * inner + i] += v;
                }
            }
        }
        Tensor meanOut = Cpu.zeros(outer, inner);
        Cpu.BACKEND.meanAxis(x, 1, meanOut);
        Numerics.assertClose("meanAxis over a sliced inner axis", means, Cpu.values(meanOut), 1e-6);
        Tensor sumOut = Cpu.zeros(length, inner);
        Cpu.BACKEND.sumAxis(x, 0, sumOut);
        Numerics.assertClose("sumAxis over a sliced inner axis", columns, Cpu.values(sumOut), 1e-6);
    }

    /** Sizes spanning several parallel chunks: tall and wide views of sumAxis, and the scalar sum. */
    @Test
    void largeReductionsAreAccurateAndDeterministic() {
        Random random = new Random(5);
        Tensor x = Cpu.random(random, 300, 700);
        double[] xv = Cpu.doubles(x);
        double[] rows = new double[300];
        double[] columns = new double[700];
        double total = 0;
        for (int i = 0; i < 300; i++) {
            for (int j = 0; j < 700; j++) {
                rows[i] += xv[i * 700 + j];
                columns[j] += xv[i * 700 + j];
                total += xv[i * 700 + j];
            }
        }
        Tensor rowSums = Cpu.zeros(300);
        Tensor columnSums = Cpu.zeros(700);
        Tensor scalar = Cpu.zeros(1);
        Cpu.BACKEND.sumAxis(x, 1, rowSums);
        Cpu.BACKEND.sumAxis(x, 0, columnSums);
        Cpu.BACKEND.sum(x, scalar);
        Numerics.assertClose("row sums", rows, Cpu.values(rowSums), 1e-6);
        Numerics.assertClose("column sums", columns, Cpu.values(columnSums), 1e-6);
        // The double accumulation keeps the float32 result within one rounding of the exact total.
        Numerics.assertClose("sum", new double[] {total}, Cpu.values(scalar), 1e-6);
        float[] first = Cpu.values(scalar);
        Cpu.BACKEND.sum(x, scalar);
        assertArrayEquals(first, Cpu.values(scalar));
    }

    @Test
    void rejectsMismatchedShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Cpu.BACKEND.sumAxis(Cpu.zeros(2, 3, 4), 1, Cpu.zeros(2, 3)));
        assertTrue(e.getMessage().contains("sumAxis") && e.getMessage().contains("[2, 4]")
                && e.getMessage().contains("[2, 3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Cpu.BACKEND.channelSum(Cpu.zeros(2, 3, 4), Cpu.zeros(4)));
        assertTrue(e.getMessage().contains("channelSum") && e.getMessage().contains("[3]")
                && e.getMessage().contains("[4]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Cpu.BACKEND.meanAxis(Cpu.zeros(2, 3), 2, Cpu.zeros(2)));
        assertTrue(e.getMessage().contains("meanAxis") && e.getMessage().contains("[2, 3]"), e.getMessage());
    }
}
