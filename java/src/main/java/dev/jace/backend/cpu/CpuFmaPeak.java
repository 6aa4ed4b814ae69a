package dev.jace.backend.cpu;

import java.util.Arrays;

/**
 * The CPU backend's FP32 ceiling, measured rather than derived from a clock: chains of fused multiply-adds on blocks
 * of floats small enough to stay in L1, run on the threads the backend's kernels use ({@link CpuParallel}), in a loop
 * HotSpot's C2 vectorises as it does the kernels' inner loops. A clock read in a VM is often the nominal one, below
 * the boost clock the cores run at (2.6 GHz read, 3.6 GHz measured on a Zen 4 VM), so a peak derived from it
 * overstates every fraction of it.
 *
 * <p>Each element's 16 multiply-adds depend on one another; the elements of a vector, and the iterations the core
 * overlaps, are the independent chains that fill its FMA pipes. {@code x · 0.999 + 0.001} keeps the values in
 * [0, 1], clear of subnormals and overflow, whose slow paths would time something else.
 */
public final class CpuFmaPeak {

    /** Floats per block: 8 KiB, within any L1 data cache. */
    public static final int BLOCK_FLOATS = 2048;
    /** The dependent multiply-adds per element and sweep. */
    public static final int FMAS_PER_ELEMENT = 16;
    static final float MULTIPLIER = 0.999f;
    static final float ADDEND = 0.001f;
    /** Blocks per thread, so that the threads claim several and finish together. */
    private static final int BLOCKS_PER_THREAD = 8;

    private final float[][] blocks;
    private final int sweeps;

    /** Blocks for each of the backend's threads, each swept {@code sweeps} times a {@link #run()}. */
    public CpuFmaPeak(int sweeps) {
        this(BLOCKS_PER_THREAD * Runtime.getRuntime().availableProcessors(), sweeps);
    }

    CpuFmaPeak(int blockCount, int sweeps) {
        if (blockCount < 1 || sweeps < 1) {
            throw new IllegalArgumentException("CpuFmaPeak needs at least one block and one sweep, got " + blockCount
                    + " blocks and " + sweeps + " sweeps");
        }
        this.blocks = new float[blockCount][BLOCK_FLOATS];
        this.sweeps = sweeps;
        for (float[] block : blocks) {
            for (int i = 0; i < BLOCK_FLOATS; i++) {
                block[i] = (float) i / BLOCK_FLOATS;
            }
        }
    }

    /** Sweeps every block {@code sweeps} times, the blocks spread over the backend's threads. */
    public void run() {
        CpuParallel.forRange(blocks.length, (long) BLOCK_FLOATS * FMAS_PER_ELEMENT * sweeps, b -> {
            float[] block = blocks[b];
            for (int s = 0; s < sweeps; s++) {
                sweep(block);
            }
        });
    }

    /** Floating-point operations of one {@link #run()}, a multiply-add counting two. */
    public double flops() {
        return 2.0 * FMAS_PER_ELEMENT * BLOCK_FLOATS * blocks.length * sweeps;
    }

    /** {@code blockCount,BLOCK_FLOATS,sweeps}: the shape column of its bench row. */
    public String shape() {
        return blocks.length + "," + BLOCK_FLOATS + "," + sweeps;
    }

    float[] block(int b) {
        return Arrays.copyOf(blocks[b], BLOCK_FLOATS);
    }

    /** Written out, not looped, so that C2 vectorises over the elements with the 16 steps in registers. */
    private static void sweep(float[] c) {
        float m = MULTIPLIER;
        float k = ADDEND;
        for (int j = 0; j < c.length; j++) {
            float x = c[j];
            x = Math.fma(x, m, k);
            x = Math.fma(x, m, k);
            x = Math.fma(x, m, k);
            x = Math.fma(x, m, k);
            x = Math.fma(x, m, k);
            x = Math.fma(x, m, k);
            x = Math.fma(x, m, k);
            x = Math.fma(x, m, k);
            x = Math.fma(x, m, k);
            x = Math.fma(x, m, k);
            x = Math.fma(x, m, k);
            x = Math.fma(x, m, k);
            x = Math.fma(x, m, k);
            x = Math.fma(x, m, k);
            x = Math.fma(x, m, k);
            x = Math.fma(x, m, k);
            c[j] = x;
        }
    }
}
