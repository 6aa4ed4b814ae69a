package dev.jace.backend.cpu;

import java.util.Arrays;

/**
 * One task's share of {@link CpuFilterGradient} with the GEMM's vectorised loop over kernel columns × output channels:
 * {@code dw[o, c, a, b] = Σ_{y, X} padded[c, y + a, X] · dy[o, y, X - b]}, with {@code dy} zero outside its columns.
 * C has rows {@code (c, a)} and columns {@code (b, o)}; A is the zero-padded input planes themselves (row
 * {@code (c, a)} starts at row {@code a} of plane {@code c} and runs on over {@code k = y·pw + X}); B row
 * {@code (y, X)} holds, for each {@code b}, the pixel {@code (y, X - b)} of {@code dy} transposed to output channels.
 * Its rows are {@code kw·cout} long where the taps orientation's are {@code cin·kh·kw}: 640 against 75 for a
 * lifting layer of 3 channels, 5×5, into 128 outputs, whose GEMM runs at ~75 against ~35 GFLOP/s (one Zen 4
 * core, JDK 25). The price is {@code (kw - 1)/ow} more products, all with a zero of {@code dy}: for finite inputs
 * they leave each sum as it is, and the others come in the same order (the pixels in raster order), so the result
 * is bitwise that of the taps orientation.
 *
 * <p>Where the GEMM takes B in bands (the vector tiles, rows in whole tiles of 8 or {@linkplain #gemmRows rounded up}
 * to them), B holds only the transposed pixels and C's columns for kernel column {@code b} are a band that reads B's
 * rows {@code b} rows back, so the shifted copies are not made. Loops of calls, best of three JVMs alternated, ms a
 * call, copies / bands: LiftingConvBench's filter gradient D4 32x8x32x28x3 4.51 / 3.66 and 4.76 / 3.67, D4
 * 32x8x32x64x3 19.8 / 18.6, C4 32x8x32x64x3 10.3 / 10.1, C4 32x8x32x28x3 1.92 / 1.91, batch-1 C4 and D4 0.081 / 0.079
 * and 0.154 / 0.150 (2 cores, Zen 5, JDK 25).
 */
final class CpuShiftedFilterGradient {

    /**
     * Depth of one GEMM call at least, in pixels {@code (y, X)}: B is built a band of output rows at a time, so it
     * stays in L2 between its build and its use (bands of 2, 4 and 8 rows of 32 pixels ran alike).
     */
    private static final int BAND_PIXELS = 128;

    private CpuShiftedFilterGradient() {
    }

    /**
     * {@code [(c1 - c0)·kh][kw·(o1 - o0)]}: {@code sum[(c - c0)·kh + a][b·(o1 - o0) + o - o0]} is the sum over the
     * samples {@code [n0, n1)} of their {@code dw[o, c, a, b]}, for the input channels {@code [c0, c1)} and the
     * output channels {@code [o0, o1)}.
     */
    static float[][] group(float[] x, float[] dy, CpuFilterGradient.Sizes s, int n0, int n1, int c0, int c1, int o0,
                           int o1) {
        int pixels = s.oh() * s.ow();
        int ph = s.oh() + s.kh() - 1;
        int pw = s.ow() + s.kw() - 1;
        int plane = ph * pw;
        int channels = c1 - c0;
        int outs = o1 - o0;
        int width = s.kw() * outs;
        int band = Math.max(1, BAND_PIXELS / pw);
        float[] planes = CpuScratch.matrix(CpuScratch.Slot.PADDED, 1, channels * plane)[0];
        Arrays.fill(planes, 0, channels * plane, 0f);
        int rows = channels * s.kh();
        int gemmRows = gemmRows(rows);
        boolean inBands = CpuGemm.takesBands(gemmRows);
        // In bands, kw - 1 zero rows ahead of the band's pixels: band b reads the row b before each pixel's.
        int lead = inBands ? s.kw() - 1 : 0;
        int[] bandRow0 = new int[s.kw()];
        for (int b = 0; b < s.kw(); b++) {
            bandRow0[b] = lead - b;
        }
        int shiftedWidth = inBands ? outs : width;
        float[][] shifted = CpuScratch.matrix(CpuScratch.Slot.COLUMNS, lead + band * pw, shiftedWidth);
        for (int r = 0; r < lead + band * pw; r++) {
            Arrays.fill(shifted[r], 0, shiftedWidth, 0f);
        }
        int[] starts = new int[gemmRows];
        float[][] sum = CpuGemm.newRows(gemmRows, width);
        for (int n = n0; n < n1; n++) {
            CpuCorrelation.padPlanes(x, (n * s.cin() + c0) * s.h() * s.w(), channels, s.h(), s.w(), s.padTop(),
                    s.padLeft(), ph, pw, planes);
            for (int y0 = 0; y0 < s.oh(); y0 += band) {
                int y1 = Math.min(s.oh(), y0 + band);
                for (int y = y0; y < y1; y++) {
                    transposeRow(dy, (n * s.cout() + o0) * pixels + y * s.ow(), pixels, outs, s.ow(), shifted,
                            lead + (y - y0) * pw);
                    if (!inBands) {
                        shiftRow(shifted, (y - y0) * pw, s.ow(), pw, s.kw(), outs);
                    }
                }
                for (int r = 0; r < rows; r++) {
                    starts[r] = (r / s.kh()) * plane + (y0 + r % s.kh()) * pw;
                }
                Arrays.fill(starts, rows, gemmRows, starts[0]);
                if (inBands) {
                    CpuGemm.multiplyAddBands(planes, starts, shifted, bandRow0, null, (y1 - y0) * pw, sum, gemmRows,
                            outs);
                } else {
                    CpuGemm.multiplyAdd(planes, starts, shifted, 0, (y1 - y0) * pw, sum, rows, width);
                }
            }
        }
        return gemmRows == rows ? sum : Arrays.copyOf(sum, rows);
    }

    /**
     * The GEMM's rows for {@code rows} rows of C: under the vector tiles, rounded up to whole tiles of 8 where that
     * adds at most an eighth, so that B is read in bands and every row runs in the tiles instead of the shifted copies
     * being made and the rows past the last whole tile running in the loops. The rows added read row 0's pixels;
     * their sums are dropped. Loops of calls of a lifting layer of 3 channels, 5×5 (16x3x16x28x5, 15 rows to 16):
     * C4 1.02–1.05 against 1.25–1.31 ms, D4 2.06–2.17 against 2.29–2.38; of 4 channels (20 rows to 24) alike, C4
     * 1.42–1.48 against 1.41–1.49 and D4 2.81–2.84 against 2.64–2.91 (2 cores, Zen 4, JDK 25, alternated thrice).
     */
    static int gemmRows(int rows) {
        int whole = Math.ceilDiv(rows, CpuVectorGemm.TILE_ROWS) * CpuVectorGemm.TILE_ROWS;
        return CpuGemm.takesBands(whole) && 8 * (whole - rows) <= rows ? whole : rows;
    }

    /**
     * {@code shifted[row0 + x][o] = dy[from + o·pixels + x]} for {@code x ∈ [0, ow)}: one output row of {@code dy}
     * transposed. Several pixels per pass over the channels, which share the cache lines read: four took 0.52
     * against 1.0 ms for one for the 16 samples of the lifting layer above (one core). Eight: on 64×64 maps, whose
     * channel planes lie 16 KB apart, the filter gradient of LiftingConvBench's 32x8x32x64x3 took 21.6 against 25.8
     * ms a call with four (D4) and 11.4 against 12.9 (C4) with the vector tiles, 24.7 against 27.3 and 14.6 against
     * 15.8 with the loops; on 28×28 and 7×7 maps eight and four ran alike (0.99–1.03×; 2 cores, Zen 5, JDK 25, best
     * of three JVMs). The pass of four is the tail: 28 pixels are three passes of eight and one of four.
     */
    private static void transposeRow(float[] dy, int from, int pixels, int outs, int ow, float[][] shifted,
                                     int row0) {
        int x = 0;
        for (; x + 7 < ow; x += 8) {
            float[] r0 = shifted[row0 + x];
            float[] r1 = shifted[row0 + x + 1];
            float[] r2 = shifted[row0 + x + 2];
            float[] r3 = shifted[row0 + x + 3];
            float[] r4 = shifted[row0 + x + 4];
            float[] r5 = shifted[row0 + x + 5];
            float[] r6 = shifted[row0 + x + 6];
            float[] r7 = shifted[row0 + x + 7];
            for (int o = 0; o < outs; o++) {
                int i = from + o * pixels + x;
                r0[o] = dy[i];
                r1[o] = dy[i + 1];
                r2[o] = dy[i + 2];
                r3[o] = dy[i + 3];
                r4[o] = dy[i + 4];
                r5[o] = dy[i + 5];
                r6[o] = dy[i + 6];
                r7[o] = dy[i + 7];
            }
        }
        for (; x + 3 < ow; x += 4) {
            float[] r0 = shifted[row0 + x];
            float[] r1 = shifted[row0 + x + 1];
            float[] r2 = shifted[row0 + x + 2];
            float[] r3 = shifted[row0 + x + 3];
            for (int o = 0; o < outs; o++) {
                int i = from + o * pixels + x;
                r0[o] = dy[i];
                r1[o] = dy[i + 1];
                r2[o] = dy[i + 2];
                r3[o] = dy[i + 3];
            }
        }
        for (; x < ow; x++) {
            float[] r = shifted[row0 + x];
            for (int o = 0; o < outs; o++) {
                r[o] = dy[from + o * pixels + x];
            }
        }
    }

    /**
     * Fills the columns {@code [b·outs, (b + 1)·outs)}, {@code b ≥ 1}, of the {@code pw} rows from {@code row0}
     * with the transposed pixel {@code X - b} that {@link #transposeRow} left in row {@code row0 + X - b}; where
     * {@code X - b} lies outside {@code [0, ow)} they keep the zeros the task started with.
     */
    private static void shiftRow(float[][] shifted, int row0, int ow, int pw, int kw, int outs) {
        for (int xx = 0; xx < pw; xx++) {
            for (int b = Math.max(1, xx - ow + 1); b <= Math.min(kw - 1, xx); b++) {
                System.arraycopy(shifted[row0 + xx - b], 0, shifted[row0 + xx], b * outs, outs);
            }
        }
    }
}
