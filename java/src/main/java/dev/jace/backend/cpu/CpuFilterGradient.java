package dev.jace.backend.cpu;

import java.util.Arrays;

/**
 * The filter gradient of {@link CpuCorrelation#correlate}: {@code dw[o, c, a, b] = Σ_{n,y,x} in[n, c, y + a - padTop,
 * x + b - padLeft] · dy[n, o, y, x]}, as {@link CpuGemm} products over the pixels of each sample. The GEMM's
 * vectorised loop runs over one of two axes of {@code dw}:
 * <ul>
 *   <li>taps when there are at least {@link #TAP_COLUMNS} of them, or at least {@code kw·cout}:
 *       {@code dw[o, j] += Σ_p dy[n, o, p] · patches[p, j]}, with {@code patches} the pixel-major im2col of a block
 *       of input channels, copied from a zero-padded, channels-last copy of the planes without bounds checks, or
 *       read in place there by the vector tiles;</li>
 *   <li>kernel columns × output channels otherwise (e.g. a lifting layer): {@link CpuShiftedFilterGradient}.</li>
 * </ul>
 * Tasks own a group of samples × a block of input channels × a block of output channels, build each sample's
 * patches once and sum the group's samples in float; the group sums are then added in double in group order (one group
 * is written as it is). The group size depends on the shape only, never on the core count, so the result is bitwise
 * the same on any machine; the blocks, which only partition {@code dw}, follow the core count and the GEMM too.
 */
final class CpuFilterGradient {

    /** Samples summed in float by one task. */
    private static final int GROUP_SAMPLES = 4;
    /** Float elements of all group partial sums together, at most: fewer, larger groups for big filters. */
    private static final long PARTIAL_ELEMENTS = 1 << 22;
    /** Widest block of taps: wide GEMM rows run faster, and the patches of a sample still fit in L2. */
    private static final int MAX_COLUMNS = 512;
    /**
     * Small maps widen the block up to {@link #MAX_WIDE_COLUMNS} taps while a sample's patches stay within the
     * floats that {@link #MAX_COLUMNS} taps of a 14×14 map take: on 7×7 maps one block of 576 taps runs its GEMM at
     * 84–88 GFLOP/s against 69–72 for two of 288 (Zen 4, JDK 25, one thread, measured).
     */
    private static final int PATCH_FLOATS = MAX_COLUMNS * 14 * 14;
    private static final int MAX_WIDE_COLUMNS = 1024;
    /**
     * Taps from which their orientation is taken even with longer rows in the other. Best of ~100 serial runs
     * (Zen 4, JDK 25, batch 16), over taps / shifted: 3 × 5 × 5 = 75 taps into 128 outputs of 28², 6.6 / 5.0 ms;
     * 16 × 3 × 3 = 144 into 64, 5.6 / 4.9 ms; 288 into 64 of 14², 2.0 / 2.3 ms; 400 into 128 of 14², 4.7 / 5.2 ms
     * (the shifted orientation's rows are 640 long, but it does (kw - 1)/ow = 29 % more products). Both orientations
     * sum the same products in the same order, so the choice does not change the result
     * ({@code CpuFilterGradientTest}).
     */
    private static final int TAP_COLUMNS = 256;
    /** Narrowest block of output channels over taps. */
    private static final int MIN_BLOCK_OUTS = 16;
    /**
     * Below this many tasks a thread, the taps orientation adds output blocks until the tasks are a multiple of the
     * threads, so that no thread runs the last one alone: 5 tasks (channel blocks) of GroupConvBench C4
     * 128x128x128x7x3 took 213–217 ms a call on 2 cores and 10 took 187–196; D4's 9 took 1.28–1.33 s and 18 took
     * 1.12–1.23 (loops of calls, Zen 4, JDK 25). On 7×7 maps a sample's patches cost little beside its GEMM.
     */
    private static final int BALANCED_TASKS = 10;
    /**
     * Narrowest block of kernel columns × output channels in the shifted orientation: the D4 lifting layer above,
     * 640 columns in 4 tasks, took 2.6 ms best on 2 cores, in 8 tasks of 320 columns 3.1 ms.
     */
    private static final int MIN_SHIFTED_COLUMNS = 512;
    /**
     * Rows of a block at least when the shifted orientation's rows (input channels × kernel rows) are split to give
     * each thread a task; with fewer the output channels are split instead. A row block transposes all of {@code dy}
     * again, an output block only its own channels but runs its GEMM on shorter rows. Batch 1, 28², 3×3, C4 (cout ×4),
     * ms a call on 2 cores (Zen 4, JDK 25, loops of calls): 8 channels into 32, 24 rows × 384 columns, 0.20–0.21 in
     * row blocks against 0.19 in output blocks (D4: 0.34–0.35 against 0.32–0.33); 3 into 16, 9 rows, 0.092 unsplit
     * against 0.066; 12 into 32, 36 rows, 0.27 both; 16 into 32, 48 rows, 0.31 against 0.35; 16 into 16, 48 rows ×
     * 192, 0.19 against 0.25–0.29.
     */
    private static final int MIN_SHIFTED_ROWS = 24;
    /** Input channels a block over taps may be rounded up to, at most, for whole tiles ({@code tapsBlockChannels}). */
    private static final int MAX_TILE_ROUNDING = 16;

    private CpuFilterGradient() {
    }

    /** {@code x [batch, cin, h, w]}, {@code dy [batch, cout, oh, ow]}, {@code dw [cout, cin, kh, kw]}. */
    static void compute(float[] x, int batch, int cin, int h, int w, float[] dy, int cout, int oh, int ow, int kh,
                        int kw, int padTop, int padLeft, float[] dw) {
        compute(x, batch, cin, h, w, dy, cout, oh, ow, kh, kw, padTop, padLeft, dw,
                cin * kh * kw >= Math.min(TAP_COLUMNS, kw * cout), CpuParallel.threads());
    }

    /**
     * {@link #compute} in the orientation given (over the taps, or over kernel columns × output channels), split for
     * {@code threads} threads.
     */
    static void compute(float[] x, int batch, int cin, int h, int w, float[] dy, int cout, int oh, int ow, int kh,
                        int kw, int padTop, int padLeft, float[] dw, boolean overTaps, int threads) {
        Plan p = Plan.of(batch, cin, cout, kh, kw, oh * ow, overTaps, threads);
        Sizes s = new Sizes(cin, h, w, cout, oh, ow, kh, kw, padTop, padLeft);
        float[][][] partial = new float[p.groups * p.channelBlocks * p.outBlocks][][];
        long work = (long) p.groupSize * p.blockChannels * kh * kw * p.blockOuts * oh * ow;
        CpuParallel.forRange(partial.length, work, task -> {
            int group = task / (p.channelBlocks * p.outBlocks);
            Block block = p.block(task % (p.channelBlocks * p.outBlocks), s);
            int n0 = group * p.groupSize;
            int n1 = Math.min(batch, n0 + p.groupSize);
            float[][] sum = p.overTaps
                    ? tapsGroup(x, dy, s, n0, n1, block.c0, block.c1, block.o0, block.o1)
                    : CpuShiftedFilterGradient.group(x, dy, s, n0, n1, block.c0, block.c1, block.o0, block.o1);
            if (p.groups == 1) {
                place(p.overTaps, s, block, sum, dw);
            } else {
                partial[task] = sum;
            }
        });
        if (p.groups > 1) {
            combine(p, s, partial, dw);
        }
    }

    /** Sizes of one call, as {@link #compute} takes them. */
    record Sizes(int cin, int h, int w, int cout, int oh, int ow, int kh, int kw, int padTop, int padLeft) {
    }

    /** One task's input channels {@code [c0, c1)} and output channels {@code [o0, o1)}. */
    private record Block(int c0, int c1, int o0, int o1) {

        /**
         * The columns of the block's sum ({@link #tapsGroup}: taps, {@link CpuShiftedFilterGradient#group}: kernel
         * columns × outputs); its rows may be longer ({@link CpuGemm#rowFloats}).
         */
        int columns(boolean overTaps, Sizes s) {
            return overTaps ? (c1 - c0) * s.kh * s.kw : s.kw * (o1 - o0);
        }
    }

    /**
     * How {@link #compute} splits the work. The sample groups are a function of the shape alone; blocks of input and
     * output channels are added until there is a task for each of {@code threads} threads, no more (but see
     * {@link #BALANCED_TASKS}): each output block builds the same patches again (taps orientation) or transposes the
     * same {@code dy} columns (shifted), each channel block the same {@code dy}. With 8 tasks wanted on 2 cores, a D4
     * group conv of 8 channels, 28², 3×3, took 4.3–4.7 ms at batch 8 and 2.6–2.9 at batch 4 against 3.9–4.1 and
     * 2.0–2.2 with 2 (loops of calls, Zen 4, JDK 25); batch 16 (four groups) ran alike.
     */
    private record Plan(boolean overTaps, int groups, int groupSize, int channelBlocks, int blockChannels,
                        int outBlocks, int blockOuts) {

        static Plan of(int batch, int cin, int cout, int kh, int kw, int pixels, boolean overTaps, int threads) {
            int depth = cin * kh * kw;
            int maxColumns = Math.clamp(PATCH_FLOATS / pixels, MAX_COLUMNS, MAX_WIDE_COLUMNS);
            int groups = CpuParallel.evenBlocks(batch, Math.clamp(PARTIAL_ELEMENTS / ((long) cout * depth), 1,
                    Math.ceilDiv(batch, GROUP_SAMPLES)));
            int channelBlocks = CpuParallel.evenBlocks(cin,
                    overTaps ? Math.min(cin, Math.ceilDiv(depth, maxColumns)) : 1);
            int blockChannels = overTaps ? tapsBlockChannels(cin, channelBlocks, kw) : cin;
            channelBlocks = Math.ceilDiv(cin, blockChannels);
            int outBlocks = CpuParallel.evenBlocks(cout, Math.clamp(threads / (groups * channelBlocks), 1,
                    Math.max(1, overTaps ? cout / MIN_BLOCK_OUTS : kw * cout / MIN_SHIFTED_COLUMNS)));
            if (overTaps) {
                outBlocks = balanced(groups * channelBlocks, outBlocks, cout, threads);
            } else if (groups * outBlocks < threads) {
                int wanted = threads / (groups * outBlocks);
                if (cin * kh >= wanted * MIN_SHIFTED_ROWS) {
                    channelBlocks = CpuParallel.evenBlocks(cin, wanted);
                    blockChannels = Math.ceilDiv(cin, channelBlocks);
                } else {
                    outBlocks = CpuParallel.evenBlocks(cout, wanted * outBlocks);
                }
            }
            return new Plan(overTaps, groups, Math.ceilDiv(batch, groups), channelBlocks,
                    blockChannels, outBlocks, Math.ceilDiv(cout, outBlocks));
        }

        /**
         * The input channels of a block over taps, for {@code blocks} blocks: with the vector tiles, rounded up to
         * the least multiple that makes {@code kw·channels} whole tiles where that multiple is at most
         * {@link #MAX_TILE_ROUNDING} (16 for 3×3 kernels), so that every block's patches can be read in place
         * ({@link #tapsGroup}): GroupConvBench's C4 32x32x32x28x3 filter gradient, whose 128 channels made blocks of
         * 43, 43 and 42, took 27.4 ms a call with their patches copied out, 33.4 read in place (runs of 129 and 126
         * columns, each ending in masked tiles), 20.8 in place in blocks of 48, 48 and 32 (best of three JVMs, 2
         * cores, Zen 5, JDK 25).
         */
        private static int tapsBlockChannels(int cin, int blocks, int kw) {
            int channels = Math.ceilDiv(cin, blocks);
            int unit = CpuGemm.wholeTilesMultiple(kw);
            return blocks > 1 && CpuGemm.VECTOR_TILES && unit <= MAX_TILE_ROUNDING
                    ? Math.min(cin, Math.ceilDiv(channels, unit) * unit) : channels;
        }

        /** Block {@code index} of {@code channelBlocks × outBlocks}, output blocks varying fastest. */
        Block block(int index, Sizes s) {
            int c0 = (index / outBlocks) * blockChannels;
            int o0 = (index % outBlocks) * blockOuts;
            return new Block(c0, Math.min(s.cin, c0 + blockChannels), o0, Math.min(s.cout, o0 + blockOuts));
        }

        /**
         * The output blocks, at least {@code outBlocks} and at most one per {@link #MIN_BLOCK_OUTS} outputs, that
         * make the tasks a multiple of {@code threads} when they are fewer than {@link #BALANCED_TASKS} a thread.
         */
        private static int balanced(int otherBlocks, int outBlocks, int cout, int threads) {
            if (otherBlocks * outBlocks % threads == 0 || otherBlocks * outBlocks >= BALANCED_TASKS * threads) {
                return outBlocks;
            }
            for (int wanted = outBlocks + 1; wanted <= cout / MIN_BLOCK_OUTS; wanted++) {
                int blocks = CpuParallel.evenBlocks(cout, wanted);
                if (otherBlocks * blocks % threads == 0) {
                    return blocks;
                }
            }
            return outBlocks;
        }
    }

    /**
     * {@code [o1 - o0][kh·kw·(c1 - c0)]}: {@code Σ_{n ∈ [n0, n1)} dy[n, o] · patches[n]} over the input channels
     * {@code [c0, c1)}, with the taps of {@code patches} ordered {@code (a·kw + b)·(c1 - c0) + c}: then each pixel's
     * patch is {@code kh} runs of {@code kw·(c1 - c0)} floats in a channels-last, zero-padded copy of the planes.
     * Where the GEMM reads B's rows in place and those runs are whole tiles, kernel row {@code a}'s columns are a
     * band of their own whose B row {@code p} is the run for {@code a} in that copy, and no patches are copied out.
     * Either way each element of the sum is the same chain over the pixels, so the same bits. GroupConvBench's
     * filter gradients, ms a call copied out / in place (loops of calls, best of three JVMs alternated, 2 cores, Zen
     * 5, JDK 25): C4 1x8x8x28x3 0.095 / 0.074, D4 0.238 / 0.213; C4 32x8x8x64x3 11.4 / 8.5, D4 37.7 / 28.8; C4
     * 32x32x32x28x3 24.9 / 20.0, D4 88.3 / 73.8; on 7×7 maps, where patches cost little, C4 128x128x128x7x3 86.7 /
     * 82.7.
     */
    private static float[][] tapsGroup(float[] x, float[] dy, Sizes s, int n0, int n1, int c0, int c1, int o0,
                                       int o1) {
        int pixels = s.oh * s.ow;
        int channels = c1 - c0;
        int outs = o1 - o0;
        int width = channels * s.kh * s.kw;
        int ph = s.oh + s.kh - 1;
        int pw = s.ow + s.kw - 1;
        int span = s.kw * channels;
        float[] padded = CpuScratch.matrix(CpuScratch.Slot.PADDED, 1, ph * pw * channels)[0];
        Arrays.fill(padded, 0, ph * pw * channels, 0f);
        float[][] sum = CpuGemm.newRows(outs, width);
        if (CpuGemm.takesBands(outs) && CpuGemm.wholeTileColumns(span)) {
            float[][] paddedRows = CpuGemm.repeated(padded, pixels);
            int[][] starts = inPlaceStarts(s, pw, channels);
            int[] fromRowZero = new int[s.kh];
            for (int n = n0; n < n1; n++) {
                padChannelsLast(x, (n * s.cin + c0) * s.h * s.w, channels, s, ph, pw, padded);
                CpuGemm.multiplyAddBands(dy, (n * s.cout + o0) * pixels, pixels, paddedRows, fromRowZero, starts,
                        pixels, sum, outs, span);
            }
            return sum;
        }
        float[][] patches = CpuScratch.matrix(CpuScratch.Slot.COLUMNS, pixels, width);
        for (int n = n0; n < n1; n++) {
            padChannelsLast(x, (n * s.cin + c0) * s.h * s.w, channels, s, ph, pw, padded);
            for (int y = 0; y < s.oh; y++) {
                patchRow(padded, y, s.ow, s.kh, pw, channels, span, patches);
            }
            CpuGemm.multiplyAdd(dy, (n * s.cout + o0) * pixels, pixels, 1, patches, 0, pixels, sum, outs, width);
        }
        return sum;
    }

    /**
     * {@code starts[a][y·ow + x]}: where kernel row {@code a}'s run of pixel {@code (y, x)}'s patch starts in the
     * channels-last padded copy.
     */
    private static int[][] inPlaceStarts(Sizes s, int pw, int channels) {
        int[][] starts = new int[s.kh][s.oh * s.ow];
        for (int a = 0; a < s.kh; a++) {
            for (int y = 0; y < s.oh; y++) {
                for (int x = 0; x < s.ow; x++) {
                    starts[a][y * s.ow + x] = ((y + a) * pw + x) * channels;
                }
            }
        }
        return starts;
    }

    /**
     * The patches of the pixels of output row {@code y}, each {@code kh} row copies of {@code span} floats from
     * {@code padded}. A method of its own so that C2 compiles it within the first call or two: {@link #tapsGroup}
     * runs only a few times per call and stayed in C1 code, at about half the speed, for the first dozen calls
     * (JDK 25, measured).
     */
    private static void patchRow(float[] padded, int y, int ow, int kh, int pw, int channels, int span,
                                 float[][] patches) {
        for (int xo = 0; xo < ow; xo++) {
            float[] row = patches[y * ow + xo];
            for (int a = 0; a < kh; a++) {
                System.arraycopy(padded, ((y + a) * pw + xo) * channels, row, a * span, span);
            }
        }
    }

    /**
     * {@code padded[(y + padTop)·pw + x + padLeft][c] = in[c, y, x]} for the {@code channels} planes from
     * {@code inBase} ({@code padded} is {@code [ph, pw, channels]}); its zero border, the same on every call, is
     * left as it is.
     */
    private static void padChannelsLast(float[] in, int inBase, int channels, Sizes s, int ph, int pw,
                                        float[] padded) {
        int yFrom = Math.max(0, -s.padTop);
        int yTo = Math.min(s.h, ph - s.padTop);
        int xFrom = Math.max(0, -s.padLeft);
        int xTo = Math.min(s.w, pw - s.padLeft);
        int c = 0;
        for (; c + 3 < channels; c += 4) {
            for (int y = yFrom; y < yTo; y++) {
                int src = inBase + (c * s.h + y) * s.w;
                int dst = ((y + s.padTop) * pw + s.padLeft) * channels + c;
                padQuad(in, src, s.h * s.w, xFrom, xTo, padded, dst, channels);
            }
        }
        for (; c < channels; c++) {
            for (int y = yFrom; y < yTo; y++) {
                int src = inBase + (c * s.h + y) * s.w;
                int dst = ((y + s.padTop) * pw + s.padLeft) * channels + c;
                for (int x = xFrom; x < xTo; x++) {
                    padded[dst + x * channels] = in[src + x];
                }
            }
        }
    }

    /**
     * {@code padded[dst + x·stride + i] = in[src + i·plane + x]} for {@code i ∈ [0, 4)} and {@code x ∈ [from, to)}:
     * four channels of a row at a time, whose stores for one pixel share a cache line.
     */
    private static void padQuad(float[] in, int src, int plane, int from, int to, float[] padded, int dst,
                                int stride) {
        for (int x = from; x < to; x++) {
            int d = dst + x * stride;
            padded[d] = in[src + x];
            padded[d + 1] = in[src + plane + x];
            padded[d + 2] = in[src + 2 * plane + x];
            padded[d + 3] = in[src + 3 * plane + x];
        }
    }

    /**
     * {@code dw = Σ_groups partial}, added in double in group order and rounded once. A single group's sum is placed by
     * its task instead: in double it would come back unchanged, since a sum that starts at +0 never becomes -0.
     */
    private static void combine(Plan p, Sizes s, float[][][] partial, float[] dw) {
        int blocks = p.channelBlocks * p.outBlocks;
        CpuParallel.forRange(blocks, (long) p.groups * p.blockOuts * p.blockChannels * s.kh * s.kw, block -> {
            float[][] first = partial[block];
            Block b = p.block(block, s);
            double[][] total = new double[first.length][b.columns(p.overTaps, s)];
            for (int g = 0; g < p.groups; g++) {
                float[][] sum = partial[g * blocks + block];
                for (int r = 0; r < total.length; r++) {
                    double[] t = total[r];
                    float[] f = sum[r];
                    for (int q = 0; q < t.length; q++) {
                        t[q] += f[q];
                    }
                }
            }
            for (int r = 0; r < total.length; r++) {
                for (int q = 0; q < total[r].length; q++) {
                    first[r][q] = (float) total[r][q];
                }
            }
            place(p.overTaps, s, b, first, dw);
        });
    }

    /**
     * Writes the sum of one block (input channels × output channels) into {@code dw [cout, cin, kh, kw]}, undoing the
     * column orders of {@link #tapsGroup} and {@link CpuShiftedFilterGradient#group}.
     */
    private static void place(boolean overTaps, Sizes s, Block block, float[][] sum, float[] dw) {
        int channels = block.c1 - block.c0;
        int outs = block.o1 - block.o0;
        int taps = s.kh * s.kw;
        int first = (block.o0 * s.cin + block.c0) * taps;
        if (overTaps) {
            for (int o = 0; o < outs; o++) {
                for (int t = 0; t < taps; t++) {
                    placeColumns(sum[o], t * channels, channels, dw, first + o * s.cin * taps + t, taps);
                }
            }
            return;
        }
        for (int c = 0; c < channels; c++) {
            for (int a = 0; a < s.kh; a++) {
                for (int b = 0; b < s.kw; b++) {
                    placeColumns(sum[c * s.kh + a], b * outs, outs, dw, first + c * taps + a * s.kw + b,
                            s.cin * taps);
                }
            }
        }
    }

    /** {@code dw[to + c·stride] = row[from + c]} for {@code c ∈ [0, count)}. */
    private static void placeColumns(float[] row, int from, int count, float[] dw, int to, int stride) {
        for (int c = 0; c < count; c++) {
            dw[to + c * stride] = row[from + c];
        }
    }
}
