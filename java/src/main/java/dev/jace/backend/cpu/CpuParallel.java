package dev.jace.backend.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RecursiveAction;
import java.util.function.IntConsumer;

/**
 * Runs independent loop iterations on a fork-join pool with one worker per core. Iterations must write disjoint
 * outputs, so results never depend on scheduling (bitwise-deterministic CPU results). A dedicated pool rather than
 * the common one: the common pool has cores - 1 workers, which is a single worker on a 2-core machine.
 */
final class CpuParallel {

    /** Below this many iterations times cost units, run on the calling thread. */
    private static final long SERIAL_WORK = 1 << 15;

    private static final ForkJoinPool POOL = new ForkJoinPool(Runtime.getRuntime().availableProcessors(),
            pool -> {
                ForkJoinWorkerThread thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
                thread.setDaemon(true);
                thread.setName("jace-cpu-" + thread.getPoolIndex());
                return thread;
            }, null, false);

    /** True on a thread inside {@link #serially}. */
    private static final ThreadLocal<Boolean> SERIAL = ThreadLocal.withInitial(() -> false);

    private CpuParallel() {
    }

    /** Runs {@code body} with every {@link #forRange} it makes on this thread: the serial reference for tests. */
    static void serially(Runnable body) {
        SERIAL.set(true);
        try {
            body.run();
        } finally {
            SERIAL.set(false);
        }
    }

    /**
     * Calls {@code body.accept(i)} for every {@code i} in {@code [0, n)}. {@code workPerIteration} is a rough
     * cost estimate (e.g. multiply-adds) used to avoid forking for tiny loops.
     */
    static void forRange(int n, long workPerIteration, IntConsumer body) {
        if (n <= 1 || (long) n * Math.max(1, workPerIteration) < SERIAL_WORK
                || POOL.getParallelism() <= 1 || SERIAL.get()) {
            for (int i = 0; i < n; i++) {
                body.accept(i);
            }
            return;
        }
        int grain = Math.max(1, n / (POOL.getParallelism() * 4));
        POOL.invoke(new RangeTask(0, n, grain, body));
    }

    private static final class RangeTask extends RecursiveAction {
        private final int from;
        private final int to;
        private final int grain;
        private final IntConsumer body;

        RangeTask(int from, int to, int grain, IntConsumer body) {
            this.from = from;
            this.to = to;
            this.grain = grain;
            this.body = body;
        }

        @Override
        protected void compute() {
            if (to - from <= grain) {
                for (int i = from; i < to; i++) {
                    body.accept(i);
                }
                return;
            }
            int mid = (from + to) >>> 1;
            invokeAll(new RangeTask(from, mid, grain, body), new RangeTask(mid, to, grain, body));
        }
    }
}
