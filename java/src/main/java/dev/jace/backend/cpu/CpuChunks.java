package dev.jace.backend.cpu;

/** Loops over {@code [0, n)} cut into chunks of a fixed size, each chunk one {@link CpuParallel} iteration. */
final class CpuChunks {

    /** A loop body over the index range {@code [from, to)}, chunk {@code chunk} of the loop. */
    @FunctionalInterface
    interface Body {
        void run(int chunk, int from, int to);
    }

    private CpuChunks() {
    }

    /** Runs {@code body} on every chunk of {@code size} indices of {@code [0, n)}, the last one possibly shorter. */
    static void forEach(int n, int size, long workPerChunk, Body body) {
        CpuParallel.forRange(count(n, size), workPerChunk, c -> body.run(c, c * size, end(c, size, n)));
    }

    /** The chunks of {@code size} indices that cover {@code [0, n)}; {@code n + size - 1} would overflow. */
    static int count(int n, int size) {
        return n / size + (n % size == 0 ? 0 : 1);
    }

    /** The end (exclusive) of chunk {@code c}, whose {@code (c + 1)·size} may pass {@link Integer#MAX_VALUE}. */
    static int end(int c, int size, int n) {
        return (int) Math.min(n, (long) (c + 1) * size);
    }
}
