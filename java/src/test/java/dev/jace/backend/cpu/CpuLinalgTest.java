package dev.jace.backend.cpu;

import dev.jace.tensor.Tensor;
import dev.jace.testing.Numerics;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CpuLinalgTest {

    @Property(tries = 40)
    void matmulMatchesFloat64(@ForAll @IntRange(min = 1, max = 40) int m, @ForAll @IntRange(min = 1, max = 40) int n,
                              @ForAll @IntRange(min = 1, max = 40) int k, @ForAll boolean ta, @ForAll boolean tb,
                              @ForAll long seed) {
        checkMatmul(new Random(seed), m, n, k, ta, tb);
    }

    /** Crosses the kernel's column (256) and depth (128) blocks and has a partial row block. */
    @Test
    void matmulAcrossBlocks() {
        Random random = new Random(7);
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                checkMatmul(random, 37, 300, 261, ta, tb);
            }
        }
    }

    private static void checkMatmul(Random random, int m, int n, int k, boolean ta, boolean tb) {
        Tensor a = ta ? Cpu.random(random, k, m) : Cpu.random(random, m, k);
        Tensor b = tb ? Cpu.random(random, n, k) : Cpu.random(random, k, n);
        Tensor out = Cpu.tensor(Numerics.randomFloats(random, m * n), m, n);
        Cpu.BACKEND.matmul(a, ta, b, tb, out);
        double[] expected = Reference64.matmul(Cpu.doubles(a), ta, Cpu.doubles(b), tb, m, n, k);
        Numerics.assertClose("matmul " + m + "x" + n + "x" + k, expected, Cpu.values(out), 1e-5);
    }

    /** Each output row is computed alone and in order, so a row block gives the same bits as the whole product. */
    @Test
    void matmulIsDeterministicAndIndependentOfSplitting() {
        Random random = new Random(3);
        int m = 96;
        int n = 520;
        int k = 300;
        Tensor a = Cpu.random(random, m, k);
        Tensor b = Cpu.random(random, k, n);
        Tensor first = Cpu.zeros(m, n);
        Tensor second = Cpu.zeros(m, n);
        Cpu.BACKEND.matmul(a, false, b, false, first);
        Cpu.BACKEND.matmul(a, false, b, false, second);
        assertArrayEquals(Cpu.values(first), Cpu.values(second));

        Tensor rows = Cpu.tensor(Arrays.copyOfRange(Cpu.values(a), 5 * k, 6 * k), 1, k);
        Tensor row = Cpu.zeros(1, n);
        Cpu.BACKEND.matmul(rows, false, b, false, row);
        assertArrayEquals(Arrays.copyOfRange(Cpu.values(first), 5 * n, 6 * n), Cpu.values(row));
    }

    /**
     * Operand and output blocks are per-thread scratch that keeps what the last product left: a smaller product after
     * a larger one reads none of it, and an operand too large to keep (over 2^22 floats as slabs) is allocated anew.
     */
    @Test
    void matmulAfterALargerOneAndBeyondTheScratchBound() {
        Random random = new Random(11);
        checkMatmul(random, 40, 600, 300, false, false);
        checkMatmul(random, 9, 5, 7, true, false);
        checkMatmul(random, 3, 2, 16_385, false, true);
        checkMatmul(random, 17, 260, 33, false, false);
    }

    /** One column short of a slab, a whole slab, and one column over. */
    @Test
    void matmulAtTheSlabWidth() {
        Random random = new Random(13);
        for (int n : new int[] {255, 256, 257}) {
            checkMatmul(random, 5, n, 9, false, n == 257);
        }
    }

    @Test
    void matmulRejectsMismatchedShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Cpu.BACKEND.matmul(Cpu.zeros(2, 3), false, Cpu.zeros(4, 5), false, Cpu.zeros(2, 5)));
        assertTrue(e.getMessage().contains("matmul") && e.getMessage().contains("[2, 3]")
                && e.getMessage().contains("[4, 5]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Cpu.BACKEND.matmul(Cpu.zeros(2, 3), false, Cpu.zeros(5, 3), true, Cpu.zeros(5, 2)));
        assertTrue(e.getMessage().contains("matmul") && e.getMessage().contains("[2, 5]")
                && e.getMessage().contains("[5, 2]"), e.getMessage());
    }
}
