package dev.jace.backend.cpu;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The CPU's FP32 ceiling does the multiply-adds it counts, fused, on every element of every block. */
class CpuFmaPeakTest {

    /**
     * 200 sweeps of 2048 elements run long enough for C2 to compile and vectorise the sweep part-way, so that both the
     * interpreted and the vectorised loop are checked: each element must be the float iteration with one rounding per
     * multiply-add (a multiply and an add rounded apart give other bits in all 16384 elements), and within what 3200
     * such roundings allow of the float64 iteration.
     */
    @Test
    void everyElementIsItsChainOfFusedMultiplyAdds() {
        int blocks = 8;
        int sweeps = 200;
        CpuFmaPeak peak = new CpuFmaPeak(blocks, sweeps);
        peak.run();
        int steps = sweeps * CpuFmaPeak.FMAS_PER_ELEMENT;
        int unfusedWouldDiffer = 0;
        for (int b = 0; b < blocks; b++) {
            float[] block = peak.block(b);
            for (int i = 0; i < CpuFmaPeak.BLOCK_FLOATS; i++) {
                float fused = (float) i / CpuFmaPeak.BLOCK_FLOATS;
                float unfused = fused;
                double exact = fused;
                for (int s = 0; s < steps; s++) {
                    fused = Math.fma(fused, CpuFmaPeak.MULTIPLIER, CpuFmaPeak.ADDEND);
                    unfused = unfused * CpuFmaPeak.MULTIPLIER + CpuFmaPeak.ADDEND;
                    exact = exact * CpuFmaPeak.MULTIPLIER + CpuFmaPeak.ADDEND;
                }
                assertEquals(fused, block[i], "block " + b + " element " + i);
                assertEquals(exact, block[i], 1e-5, "block " + b + " element " + i);
                unfusedWouldDiffer += unfused != fused ? 1 : 0;
            }
        }
        assertEquals(blocks * CpuFmaPeak.BLOCK_FLOATS, unfusedWouldDiffer, "elements that tell fused from unfused");
    }

    @Test
    void countsTwoFlopsPerMultiplyAddAndNamesItsShape() {
        CpuFmaPeak peak = new CpuFmaPeak(3, 5);
        assertEquals(2.0 * 16 * 2048 * 3 * 5, peak.flops());
        assertEquals("3,2048,5", peak.shape());
        CpuFmaPeak perThread = new CpuFmaPeak(7);
        assertEquals("" + 8 * Runtime.getRuntime().availableProcessors() + ",2048,7", perThread.shape());
    }

    @Test
    void refusesNoBlocksOrNoSweeps() {
        assertEquals("CpuFmaPeak needs at least one block and one sweep, got 0 blocks and 4 sweeps",
                assertThrows(IllegalArgumentException.class, () -> new CpuFmaPeak(0, 4)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CpuFmaPeak(2, 0));
    }
}
