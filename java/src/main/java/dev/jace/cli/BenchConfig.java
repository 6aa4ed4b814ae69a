package dev.jace.cli;

/**
 * Sizes and repetitions of {@code jace bench}: each op runs {@code warmups} times untimed, then {@code reps} timed.
 *
 * @param lifting   the lifting convolution (input channels are image channels)
 * @param group     the group convolutions (C4 and D4, forward and both backward passes)
 * @param maps      {@code n, c, size} of the group feature maps the deviation and the action work on
 * @param copyFloats elements of the device copy
 * @param gemm      side of the square GEMM
 * @param stepBatch images per step of the timed training step ({@link TrainStepWorkload})
 * @param cpuSettling how the CPU's ops are brought to their steady pace beyond the warm-ups (CUDA's are not)
 */
record BenchConfig(String name, int warmups, int reps, ConvShape lifting, ConvShape group, int[] maps,
                   int copyFloats, int gemm, int stepBatch, Settling cpuSettling) {

    /**
     * 12 warm-ups: HotSpot compiles the CPU kernels' inner loops with C2 only after about a dozen calls of an op, so
     * fewer time interpreted/C1 code on the rows that run first (measured, bench/RESULTS.md 2026-11-29). Some take
     * longer (a GEMM up to 40 calls), which {@link Settling#CPU} covers.
     */
    static final BenchConfig DEFAULT = new BenchConfig("default", 12, 5, new ConvShape(16, 3, 16, 28, 5),
            new ConvShape(16, 16, 16, 28, 3), new int[] {32, 16, 28}, 1 << 24, 512, 64, Settling.CPU);

    /** Tiny sizes and few repetitions: checks that everything runs, measures little. */
    static final BenchConfig QUICK = new BenchConfig("quick", 1, 3, new ConvShape(2, 1, 4, 8, 3),
            new ConvShape(2, 4, 4, 8, 3), new int[] {2, 4, 8}, 1 << 12, 32, 2, Settling.NONE);
}
