package dev.jace.backend.cpu;

import dev.jace.backend.Padding;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-thread scratch: matrices big enough for each request, and no bigger than the requests together. */
class CpuScratchTest {

    @Test
    void aMatrixHasTheRowsAndColumnsAskedFor() {
        long[] sizes = onFreshThread(() -> {
            float[][] m = CpuScratch.matrix(CpuScratch.Slot.OPERAND, 3, 5);
            m[1][3] = 1f;
            float[][] again = CpuScratch.matrix(CpuScratch.Slot.OPERAND, 2, 4);
            assertEquals(1f, again[1][3], "a smaller request reuses the matrix");
        });
        assertEquals(15, sizes[CpuScratch.Slot.OPERAND.ordinal()]);
    }

    /** Rows are as long as the GEMM runs them best: 1026 floats would put each row 4120 bytes after the last. */
    @Test
    void rowsAreLengthenedAwayFromFourKilobyteStrides() {
        onFreshThread(() -> {
            float[][] m = CpuScratch.matrix(CpuScratch.Slot.PRODUCT, 3, 1026);
            for (float[] row : m) {
                assertEquals(1090, row.length);
            }
            assertEquals(927, CpuScratch.matrix(CpuScratch.Slot.PADDED, 2, 927)[1].length);
        });
    }

    /** A tall narrow request and a short wide one keep their rows, not a tall wide matrix of both. */
    @Test
    void tallThenWideRequestsCostTheirSum() {
        long[] sizes = onFreshThread(() -> {
            CpuScratch.matrix(CpuScratch.Slot.COLUMNS, 1000, 10);
            float[][] wide = CpuScratch.matrix(CpuScratch.Slot.COLUMNS, 10, 1000);
            for (int r = 0; r < 10; r++) {
                assertTrue(wide[r].length >= 1000, "row " + r);
            }
        });
        assertEquals(990 * 10 + 10 * CpuGemm.rowFloats(1000), sizes[CpuScratch.Slot.COLUMNS.ordinal()]);
    }

    /**
     * The input gradient of a 4 → 16 channel convolution (col2im: 16 rows of all pixels) followed by the filter
     * gradient of a 32 → 32 one (a row per pixel) once grew the columns to pixels × pixels floats per thread (an
     * OutOfMemoryError at 128×128 images with a 1 GiB heap). Here 30 → 30: the vector tiles read 32 channels'
     * patches in place, without the columns.
     */
    @Test
    void convolutionGradientsOfDifferentShapesShareTheColumnsWithinTheirSum() {
        int side = 32;
        Runnable data = () -> Cpu.BACKEND.conv2dBackwardData(Cpu.zeros(1, 16, side, side), Cpu.zeros(16, 4, 3, 3),
                Padding.SAME, Cpu.zeros(1, 4, side, side));
        Runnable filter = () -> Cpu.BACKEND.conv2dBackwardFilter(Cpu.zeros(1, 30, side, side),
                Cpu.zeros(1, 30, side, side), Padding.SAME, Cpu.zeros(30, 30, 3, 3));
        int columns = CpuScratch.Slot.COLUMNS.ordinal();
        long dataNeed = onFreshThread(data)[columns];
        long filterNeed = onFreshThread(filter)[columns];
        long both = onFreshThread(() -> {
            data.run();
            filter.run();
        })[columns];
        assertTrue(dataNeed > 0 && filterNeed > 0, "both use the columns: " + dataNeed + ", " + filterNeed);
        assertTrue(both <= dataNeed + filterNeed,
                "columns after both: " + both + " floats, alone " + dataNeed + " and " + filterNeed);
    }

    /** The floats of each slot a new thread holds after running {@code body} serially. */
    private static long[] onFreshThread(Runnable body) {
        return FreshThread.call(() -> {
            body.run();
            long[] sizes = new long[CpuScratch.Slot.values().length];
            for (CpuScratch.Slot slot : CpuScratch.Slot.values()) {
                sizes[slot.ordinal()] = CpuScratch.floats(slot);
            }
            return sizes;
        });
    }
}
