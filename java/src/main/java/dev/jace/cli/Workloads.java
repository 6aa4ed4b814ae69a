package dev.jace.cli;

/**
 * Work per benchmarked op, to turn a time into GFLOP/s or GB/s. FLOPs count a multiply-add as 2 and every tap of
 * every output pixel (SAME padding's zero taps included, as cuDNN and cuBLAS reports do); the forward, backward-data
 * and backward-filter passes of a convolution do the same number. Bytes count each float32 element the op must
 * read or write once (the minimum traffic, ignoring caches and small per-sample outputs).
 */
public final class Workloads {

    private Workloads() {
    }

    /** {@code 2·N·Cout·|G|·H·W·Cin·(|G| for a group conv)·k²}. */
    public static double convFlops(ConvShape s, boolean lifting, int order) {
        double taps = (double) s.cin() * (lifting ? 1 : order) * s.k() * s.k();
        return 2.0 * s.n() * s.cout() * order * s.size() * s.size() * taps;
    }

    /**
     * The share of the taps {@link #convFlops} counts on {@code size x size} maps with a {@code k x k} kernel (SAME
     * padding, stride 1) that touch the image rather than the padding: (19/21)² = 81.9% for 7×7 and k = 3. A rate on
     * the useful work alone is the counted rate times this.
     */
    public static double validTapFraction(int size, int k) {
        int half = k / 2;
        long valid = 0;
        for (int x = 0; x < size; x++) {
            valid += Math.min(size - 1, x + half) - Math.max(0, x - half) + 1;
        }
        double perAxis = (double) valid / ((long) size * k);
        return perAxis * perAxis;
    }

    /** {@code 2·m·n·k} for {@code [m,k]·[k,n]}. */
    public static double gemmFlops(long m, long n, long k) {
        return 2.0 * m * n * k;
    }

    /** Batched group action over {@code elements} elements: reads x once, writes {@code |S|} copies. */
    public static double actionBytes(int elements, long inputFloats) {
        return (double) Float.BYTES * (1 + elements) * inputFloats;
    }

    /** Deviation forward: reads f(g·x) ({@code |S|·outputFloats}) and f(x) ({@code outputFloats}). */
    public static double deviationBytes(int elements, long outputFloats) {
        return (double) Float.BYTES * (1 + elements) * outputFloats;
    }

    /** Deviation backward: reads f(g·x) and f(x), writes their gradients of the same sizes. */
    public static double deviationBackwardBytes(int elements, long outputFloats) {
        return 2 * deviationBytes(elements, outputFloats);
    }

    /** A copy reads and writes every element once. */
    public static double copyBytes(long floats) {
        return 2.0 * Float.BYTES * floats;
    }
}
