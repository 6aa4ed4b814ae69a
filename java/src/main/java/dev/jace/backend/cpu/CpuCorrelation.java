package dev.jace.backend.cpu;

import java.util.Arrays;

/**
 * The im2col + {@link CpuGemm} correlation driver on raw arrays, shared by {@link CpuConv2d} and the direct group
 * convolutions of {@link CpuGroupConv}. Forward and backward-data run as one correlation kernel (im2col of several
 * small samples side by side, or of a band of output rows of a large one, then GEMM; under the vector tiles a band's
 * im2col is read in place instead of built), parallel over those tasks;
 * {@link CpuFilterGradient} computes the filter gradient. Every task owns its outputs and each output is one FMA chain
 * over the taps in a fixed order, so results are bitwise deterministic and independent of the task split.
 */
final class CpuCorrelation {

    /**
     * Output pixels per task, from one band of rows or several whole samples: GEMM rows this long run at about 1.5×
     * the speed of one 12×12 image's 144 (JDK 25, measured), and the im2col block still fits in L2 for typical
     * channel counts.
     */
    private static final int PIXELS_PER_TASK = 576;
    /**
     * Widest band of columns {@link #correlateTransposed} computes at a time, so that a depth block of the dy planes
     * stays in L2 across the GEMM's row passes. The input gradient of LiftingConvBench's 32x8x32x64x3 (4096 pixels a
     * sample), ms a call on 2 cores (Zen 4, JDK 25, loops of calls), D4 / C4: 54 / 25.6–26.0 in one band; in bands of
     * 1024, 47–54 / 28–31; 820, 37–40 / 19.4–20.3; 683, 37–42 / 20.7–23; 512, 39–47 / 21.5–24.3.
     */
    private static final int BAND_COLUMNS = 900;
    /**
     * Taps from which a band's im2col is read in place where the GEMM can ({@link #correlateBandInPlace}): the copy
     * it saves grows with them, the columns it adds do not. Loops of calls, best of three JVMs alternated, ms a call
     * with the im2col built / read in place (vector tiles, 2 cores, Zen 5, JDK 25): 288 taps or more, 1.07–1.13× as
     * fast (GroupConvBench forward C4 1x8x8x28x3 0.068 / 0.062, C4 32x8x8x64x3 9.1 / 8.5, C4 32x32x32x28x3 23.0 /
     * 21.5, D4 32x8x8x64x3 29.0 / 26.7; backwardData D4 32x32x32x28x3 97.8 / 86.6), but LiftingConvBench's forward C4
     * 32x32x32x28x3 alike (6.04 / 6.08); 72 taps, slower (LiftingConvBench forward C4 32x8x32x64x3 8.3 / 9.2, D4
     * 32x8x32x28x3 3.4 / 4.1; GroupConvBench's set-up with 2 input channels, C4 32x2x8x28x3, 0.50 / 0.55).
     */
    private static final int MIN_IN_PLACE_TAPS = 256;

    private CpuCorrelation() {
    }

    /** {@code r[c, o, a, b] = w[o, c, kh-1-a, kw-1-b]}. */
    static float[] rotatedTranspose(float[] w, int cout, int cin, int kh, int kw) {
        float[] r = new float[w.length];
        for (int o = 0; o < cout; o++) {
            for (int c = 0; c < cin; c++) {
                for (int a = 0; a < kh; a++) {
                    for (int b = 0; b < kw; b++) {
                        r[((c * cout + o) * kh + a) * kw + b] =
                                w[((o * cin + c) * kh + kh - 1 - a) * kw + kw - 1 - b];
                    }
                }
            }
        }
        return r;
    }

    /**
     * {@code out[n, o, y, x] = Σ_{c,a,b} in[n, c, y + a - padTop, x + b - padLeft] · filter[o, c, a, b]}, with
     * zeros outside the input; {@code in [batch, cin, h, w]}, {@code out [batch, cout, oh, ow]}.
     */
    static void correlate(float[] in, int batch, int cin, int h, int w, float[] filter, int cout, int kh, int kw,
                          int padTop, int padLeft, float[] out, int oh, int ow) {
        int depth = cin * kh * kw;
        int samples = Math.max(1, PIXELS_PER_TASK / (oh * ow));
        int maxBandRows = Math.clamp(PIXELS_PER_TASK / ow, 1, oh);
        int bands = samples > 1 ? 1 : Math.ceilDiv(oh, maxBandRows);
        int groups = Math.ceilDiv(batch, samples);
        // One sample's bands are all the tasks, so they are made equal: a 28×28 one as 20 + 8 rows kept one of two
        // cores idle for 40% of the call. With more samples the longest bands run faster (64×64 maps in bands of 8
        // rows instead of 9 took 0–15% longer, JMH GroupConvBench D4 32x8x8x64x3).
        int bandRows = groups == 1 ? Math.ceilDiv(oh, bands) : maxBandRows;
        long work = (long) cout * depth * samples * bandRows * ow;
        CpuParallel.forRange(groups * bands, work, task -> {
            int n0 = (task / bands) * samples;
            int n1 = Math.min(batch, n0 + samples);
            int y0 = (task % bands) * bandRows;
            int y1 = Math.min(oh, y0 + bandRows);
            if (n1 - n0 == 1 && depth >= MIN_IN_PLACE_TAPS && CpuGemm.takesBands(cout)) {
                correlateBandInPlace(in, n0, cin, h, w, filter, cout, kh, kw, padTop, padLeft, out, oh, ow, y0, y1);
                return;
            }
            int pixels = (y1 - y0) * ow;
            int width = (n1 - n0) * pixels;
            float[][] col = CpuScratch.matrix(CpuScratch.Slot.COLUMNS, depth, width);
            for (int n = n0; n < n1; n++) {
                im2col(in, n * cin * h * w, cin, h, w, kh, kw, padTop, padLeft, y0, y1, ow, col, (n - n0) * pixels);
            }
            float[][] c = CpuScratch.matrix(CpuScratch.Slot.PRODUCT, cout, width);
            for (int o = 0; o < cout; o++) {
                Arrays.fill(c[o], 0, width, 0f);
            }
            CpuGemm.multiplyAdd(filter, 0, depth, 1, col, 0, depth, c, cout, width);
            for (int n = n0; n < n1; n++) {
                for (int o = 0; o < cout; o++) {
                    System.arraycopy(c[o], (n - n0) * pixels, out, ((n * cout + o) * oh + y0) * ow, pixels);
                }
            }
        });
    }

    /**
     * Output rows {@code [y0, y1)} of sample {@code n}, where the GEMM reads B's rows in place: B row {@code (c, a, b)}
     * is plane {@code c} of a zero-padded copy of the rows the band reads, {@code pw = ow + kw - 1} wide, from row
     * {@code a} and column {@code b} on, so no im2col is built. The product has a column for each of the band's
     * pixels and, between its rows, {@code kw - 1} more that are computed and dropped, as are those past its last
     * pixel up to a whole number of tiles (masked tiles ran a 28×28 band 0.8× as fast as its im2col). Each output is
     * the same chain over the taps as with the im2col, whose zeros are the copy's, so the same bits.
     */
    private static void correlateBandInPlace(float[] in, int n, int cin, int h, int w, float[] filter, int cout,
                                             int kh, int kw, int padTop, int padLeft, float[] out, int oh, int ow,
                                             int y0, int y1) {
        int pw = ow + kw - 1;
        int rows = y1 - y0 + kh - 1;
        int plane = rows * pw;
        int pixelColumns = (y1 - y0 - 1) * pw + ow;
        int width = CpuGemm.wholeTilesAtLeast(pixelColumns);
        // The columns past the last pixel read past the last plane: whatever lies there, they are dropped.
        float[] padded = CpuScratch.matrix(CpuScratch.Slot.PADDED, 1, cin * plane + width - pixelColumns)[0];
        Arrays.fill(padded, 0, cin * plane, 0f);
        padPlanes(in, n * cin * h * w, cin, h, w, padTop - y0, padLeft, rows, pw, padded);
        int depth = cin * kh * kw;
        int[][] from = new int[1][depth];
        for (int c = 0; c < cin; c++) {
            for (int a = 0; a < kh; a++) {
                for (int b = 0; b < kw; b++) {
                    from[0][(c * kh + a) * kw + b] = c * plane + a * pw + b;
                }
            }
        }
        float[][] product = CpuScratch.matrix(CpuScratch.Slot.PRODUCT, cout, width);
        for (int o = 0; o < cout; o++) {
            Arrays.fill(product[o], 0, width, 0f);
        }
        CpuGemm.multiplyAddBands(filter, 0, depth, CpuGemm.repeated(padded, depth), new int[1], from, depth, product,
                cout, width);
        for (int o = 0; o < cout; o++) {
            for (int y = y0; y < y1; y++) {
                System.arraycopy(product[o], (y - y0) * pw, out, ((n * cout + o) * oh + y) * ow, ow);
            }
        }
    }

    /**
     * {@code planes[c][(y + top)·pw + x + left] = in[c, y, x]} for the {@code channels} planes from {@code inBase}
     * where that lies within {@code planes}' {@code [channels, rows, pw]}; the rest of {@code planes}, the zero border
     * that callers clear, is left as it is.
     */
    static void padPlanes(float[] in, int inBase, int channels, int h, int w, int top, int left, int rows, int pw,
                          float[] planes) {
        int yFrom = Math.max(0, -top);
        int yTo = Math.min(h, rows - top);
        int xFrom = Math.max(0, -left);
        int xTo = Math.min(w, pw - left);
        for (int c = 0; c < channels; c++) {
            for (int y = yFrom; y < yTo && xFrom < xTo; y++) {
                System.arraycopy(in, inBase + (c * h + y) * w + xFrom, planes, (c * rows + y + top) * pw + left + xFrom,
                        xTo - xFrom);
            }
        }
    }

    /**
     * Whether the input gradient of a correlation with {@code inChannels} inputs and {@code outChannels} outputs is
     * better computed by {@link #correlateTransposed} than by correlating with the {@link #rotatedTranspose}d filter:
     * when the input has few channels (an image into a lifting layer), the latter builds an im2col matrix of
     * {@code outChannels·k²} rows to multiply into only {@code inChannels} GEMM rows, which the copies dominate.
     */
    static boolean scattersInputGradient(int inChannels, int outChannels) {
        return 4 * inChannels <= outChannels;
    }

    /**
     * The input gradient of {@link #correlate} through its columns: {@code dx[n, c, y, x] = Σ_{o,a,b} dy[n, o,
     * y - a + padTop, x - b + padLeft] · filter[o, c, a, b]} (zero outside {@code dy}), computed as the GEMM
     * {@code cols[(c, a, b), p] = Σ_o filter[o, c, a, b] · dy[n, o, p]} over the dy planes of a few samples side by
     * side, a band of at most {@link #BAND_COLUMNS} columns at a time, then each column row added into {@code dx} at
     * its tap's offset (col2im). {@code dy [batch, cout, oh, ow]}, {@code filter [cout, cin, kh, kw]} (the forward
     * filter), {@code dx [batch, cin, h, w]}, which is overwritten.
     * Each task owns whole input channels of whole samples of {@code dx}, and each element is the same sum in the same
     * order (its taps in (a, b) order, each one FMA chain over o) whatever the split.
     */
    static void correlateTransposed(float[] dy, int batch, int cout, int oh, int ow, float[] filter, int cin,
                                    int kh, int kw, int padTop, int padLeft, float[] dx, int h, int w) {
        correlateTransposed(dy, batch, cout, oh, ow, filter, cin, kh, kw, padTop, padLeft, dx, h, w,
                CpuParallel.threads());
    }

    /**
     * {@link #correlateTransposed} split for {@code threads} threads. With fewer tasks of whole samples than threads
     * (one sample was one task, so one core) the input channels are split into blocks until each thread has a task,
     * and no further, since each block copies the same {@code dy} planes: the input gradient of LiftingConvBench's
     * 1x8x32x28x3 (8 channels from C4's 128 or D4's 256 outputs of 28², 3×3) ran at 73 and 79 GFLOP/s as one task,
     * 116–138 and 132–149 in 2 blocks, 99–124 and 116–129 in 4, 86–102 and 96–104 in 8 (2 cores, Zen 4, JDK 25, two
     * rounds).
     */
    static void correlateTransposed(float[] dy, int batch, int cout, int oh, int ow, float[] filter, int cin,
                                    int kh, int kw, int padTop, int padLeft, float[] dx, int h, int w, int threads) {
        int taps = cin * kh * kw;
        int kernel = kh * kw;
        int pixels = oh * ow;
        int plane = h * w;
        int samples = Math.max(1, PIXELS_PER_TASK / pixels);
        int sampleTasks = Math.ceilDiv(batch, samples);
        int blocks = CpuParallel.evenBlocks(cin, Math.clamp(threads / sampleTasks, 1, cin));
        int blockChannels = Math.ceilDiv(cin, blocks);
        CpuParallel.forRange(sampleTasks * blocks, (long) blockChannels * kernel * cout * samples * pixels, task -> {
            int n0 = task / blocks * samples;
            int n1 = Math.min(batch, n0 + samples);
            int c0 = task % blocks * blockChannels;
            int c1 = Math.min(cin, c0 + blockChannels);
            int width = (n1 - n0) * pixels;
            int bandWidth = Math.ceilDiv(width, CpuParallel.evenBlocks(width, Math.ceilDiv(width, BAND_COLUMNS)));
            int rows = (c1 - c0) * kernel;
            float[][] planes = CpuScratch.matrix(CpuScratch.Slot.COLUMNS, cout, bandWidth);
            float[][] cols = CpuScratch.matrix(CpuScratch.Slot.PRODUCT, rows, width);
            float[][] band = bandWidth == width ? cols : CpuScratch.matrix(CpuScratch.Slot.OPERAND, rows, bandWidth);
            for (int j0 = 0; j0 < width; j0 += bandWidth) {
                int columns = Math.min(bandWidth, width - j0);
                copyColumns(dy, n0 * cout * pixels, cout, pixels, j0, columns, planes);
                for (int r = 0; r < rows; r++) {
                    Arrays.fill(band[r], 0, columns, 0f);
                }
                CpuGemm.multiplyAdd(filter, c0 * kernel, 1, taps, planes, 0, cout, band, rows, columns);
                if (band != cols) {
                    for (int r = 0; r < rows; r++) {
                        System.arraycopy(band[r], 0, cols[r], j0, columns);
                    }
                }
            }
            for (int n = n0; n < n1; n++) {
                Arrays.fill(dx, (n * cin + c0) * plane, (n * cin + c1) * plane, 0f);
                for (int r = 0; r < rows; r++) {
                    int c = c0 + r / kernel;
                    int a = r / kw % kh;
                    int b = r % kw;
                    addShifted(cols[r], (n - n0) * pixels, oh, ow, dx, (n * cin + c) * plane, h, w, a - padTop,
                            b - padLeft);
                }
            }
        });
    }

    /**
     * {@code planes[o][j] = dy[n0 + (j0 + j) / pixels, o, (j0 + j) % pixels]} for {@code j ∈ [0, columns)}: columns
     * {@code [j0, j0 + columns)} of the samples from {@code n0} (at {@code base}) set side by side.
     */
    private static void copyColumns(float[] dy, int base, int cout, int pixels, int j0, int columns, float[][] planes) {
        int j = j0;
        while (j < j0 + columns) {
            int n = j / pixels;
            int p = j % pixels;
            int run = Math.min(pixels - p, j0 + columns - j);
            for (int o = 0; o < cout; o++) {
                System.arraycopy(dy, base + (n * cout + o) * pixels + p, planes[o], j - j0, run);
            }
            j += run;
        }
    }

    /**
     * {@code dx[base + y·w + x] += col[at + (y - dy)·ow + (x - dx)]} for every {@code (y, x)} of the {@code h × w}
     * plane whose source lies in the {@code oh × ow} one.
     */
    private static void addShifted(float[] col, int at, int oh, int ow, float[] dx, int base, int h, int w,
                                   int shiftY, int shiftX) {
        int oyFrom = Math.max(0, -shiftY);
        int oyTo = Math.min(oh, h - shiftY);
        int oxFrom = Math.max(0, -shiftX);
        int oxTo = Math.min(ow, w - shiftX);
        for (int oy = oyFrom; oy < oyTo; oy++) {
            int src = at + oy * ow;
            int dst = base + (oy + shiftY) * w + shiftX;
            for (int ox = oxFrom; ox < oxTo; ox++) {
                dx[dst + ox] += col[src + ox];
            }
        }
    }

    /**
     * Fills {@code [at0, at0 + (y1-y0)·ow)} of the rows {@code col[(c·kh + a)·kw + b]} (one per filter tap) with
     * {@code in[c, y + a - padTop, x + b - padLeft]} for output rows {@code [y0, y1)}, zero outside the input.
     */
    static void im2col(float[] in, int inBase, int cin, int h, int w, int kh, int kw, int padTop, int padLeft,
                       int y0, int y1, int ow, float[][] col, int at0) {
        int pixels = (y1 - y0) * ow;
        for (int c = 0; c < cin; c++) {
            for (int a = 0; a < kh; a++) {
                int yFrom = Math.clamp(padTop - a, y0, y1);
                int yTo = Math.clamp(h + padTop - a, yFrom, y1);
                for (int b = 0; b < kw; b++) {
                    float[] row = col[(c * kh + a) * kw + b];
                    int xFrom = Math.clamp(padLeft - b, 0, ow);
                    int xTo = Math.clamp(w + padLeft - b, xFrom, ow);
                    if (xTo == xFrom || yTo == yFrom) {
                        Arrays.fill(row, at0, at0 + pixels, 0f);
                        continue;
                    }
                    int first = at0 + (yFrom - y0) * ow;
                    int end = at0 + (yTo - y0) * ow;
                    Arrays.fill(row, at0, first, 0f);
                    Arrays.fill(row, end, at0 + pixels, 0f);
                    // in index of output pixel (yFrom, 0); it may lie outside the plane, pixels that read it do not.
                    int src = inBase + (c * h + yFrom + a - padTop) * w + b - padLeft;
                    if (ow == w) {
                        // Output and input rows have one stride: the band is one run of the plane, whose pixels
                        // that wrapped into the neighbouring input row are then cleared.
                        System.arraycopy(in, src + xFrom, row, first + xFrom, end - ow + xTo - first - xFrom);
                    } else {
                        for (int y = yFrom; y < yTo; y++) {
                            System.arraycopy(in, src + (y - yFrom) * w + xFrom, row, at0 + (y - y0) * ow + xFrom,
                                    xTo - xFrom);
                        }
                    }
                    clearColumns(row, first, end, xFrom, xTo, ow);
                }
            }
        }
    }

    /** Zeroes the columns {@code [0, xFrom)} and {@code [xTo, ow)} of the output rows in {@code [first, end)}. */
    private static void clearColumns(float[] row, int first, int end, int xFrom, int xTo, int ow) {
        for (int x = 0; x < xFrom; x++) {
            for (int at = first + x; at < end; at += ow) {
                row[at] = 0f;
            }
        }
        for (int x = xTo; x < ow; x++) {
            for (int at = first + x; at < end; at += ow) {
                row[at] = 0f;
            }
        }
    }
}
