package dev.jace.backend.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;

/**
 * Runs independent loop iterations on the calling thread together with one helper thread per further core.
 * Iterations must write disjoint outputs, so results never depend on scheduling (bitwise-deterministic CPU results).
 *
 * <p>Not a fork-join pool: training issues tens of thousands of small ops, and with the pool (JDK 25, 2 cores)
 * the caller waited while often a single worker ran every task of an op, so the second core sat idle. Here the
 * caller takes iterations itself, and the helpers claim the rest from a shared counter; between loops a helper spins
 * for {@link #SPIN_NANOS} before it parks, because the next op usually follows within microseconds and waking a
 * parked thread costs tens of them. A loop started inside an iteration, inside {@link #serially}, or while another
 * thread's loop holds the helpers runs on its own thread.
 */
final class CpuParallel {

    /** Below this many iterations times cost units, run on the calling thread. */
    private static final long SERIAL_WORK = 1 << 15;
    /**
     * Cost units one claim of iterations should carry at least: claiming costs two contended atomic updates (about
     * 0.1–0.2 µs on 2 cores), as much as a whole iteration of the small ops (a pooling plane of 14×14), so such
     * loops hand out runs of iterations instead of single ones.
     */
    private static final long CLAIM_WORK = 1 << 12;
    /** Claims per thread a loop is cut into at least, so the threads still finish together. */
    private static final int CLAIMS_PER_THREAD = 4;
    /** How long an idle helper polls for the next loop before parking. */
    private static final long SPIN_NANOS = 100_000;

    private static final Thread[] HELPERS = new Thread[Runtime.getRuntime().availableProcessors() - 1];
    /** Held by the thread whose loop the helpers work on. */
    private static final ReentrantLock HELPERS_LOCK = new ReentrantLock();
    /** What helpers wait on between loops; holds no reference to the last loop's arrays. */
    private static final Loop IDLE = new Loop(0, 1, i -> { });
    /** The loop the helpers work on, or {@link #IDLE}. */
    private static volatile Loop current = IDLE;

    /** True on a thread whose loops must run serially: inside {@link #serially} or inside an iteration. */
    private static final ThreadLocal<Boolean> SERIAL = ThreadLocal.withInitial(() -> false);

    static {
        for (int h = 0; h < HELPERS.length; h++) {
            Thread helper = new Thread(CpuParallel::help, "jace-cpu-" + (h + 1));
            helper.setDaemon(true);
            HELPERS[h] = helper;
            helper.start();
        }
    }

    private CpuParallel() {
    }

    /** Runs {@code body} with every {@link #forRange} it makes on this thread: the serial reference for tests. */
    static void serially(Runnable body) {
        boolean was = SERIAL.get();
        SERIAL.set(true);
        try {
            body.run();
        } finally {
            SERIAL.set(was);
        }
    }

    /**
     * Calls {@code body.accept(i)} for every {@code i} in {@code [0, n)}. {@code workPerIteration} is a rough
     * cost estimate (e.g. multiply-adds) used to avoid going parallel for tiny loops.
     */
    static void forRange(int n, long workPerIteration, IntConsumer body) {
        if (n <= 1 || (long) n * Math.max(1, workPerIteration) < SERIAL_WORK || HELPERS.length == 0 || SERIAL.get()
                || !HELPERS_LOCK.tryLock()) {
            for (int i = 0; i < n; i++) {
                body.accept(i);
            }
            return;
        }
        try {
            long perClaim = (CLAIM_WORK + Math.max(1, workPerIteration) - 1) / Math.max(1, workPerIteration);
            int threads = threads();
            int claim = Math.clamp(Math.min(perClaim, n / (CLAIMS_PER_THREAD * threads)), 1, n);
            Loop loop = new Loop(n, claim, body);
            current = loop;
            for (Thread helper : HELPERS) {
                LockSupport.unpark(helper);
            }
            serially(loop::work);
            loop.awaitDone();
        } finally {
            current = IDLE;
            HELPERS_LOCK.unlock();
        }
    }

    /** The threads a loop runs on: the caller and the helpers. */
    static int threads() {
        return HELPERS.length + 1;
    }

    /**
     * The blocks of equal size, {@code ceil(n / wanted)}, that {@code n} items fill: fewer than {@code wanted} where
     * that size leaves some empty. Each block but the last then holds {@code ceil(n / blocks)} items.
     */
    static int evenBlocks(int n, int wanted) {
        return Math.ceilDiv(n, Math.ceilDiv(n, wanted));
    }

    /** A helper's life: work on each new loop, polling and then parking in between. */
    private static void help() {
        SERIAL.set(true);
        Loop done = IDLE;
        while (true) {
            Loop loop = current;
            long idleSince = System.nanoTime();
            while (loop == done) {
                if (System.nanoTime() - idleSince < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park();
                }
                loop = current;
            }
            loop.work();
            done = loop;
        }
    }

    /**
     * One {@link #forRange} call: runs of {@code claim} iterations are claimed from a counter by the caller and the
     * helpers.
     */
    private static final class Loop {
        private final int n;
        private final int claim;
        private final IntConsumer body;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger finished = new AtomicInteger();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        Loop(int n, int claim, IntConsumer body) {
            this.n = n;
            this.claim = claim;
            this.body = body;
        }

        /** Runs iterations until none is left to claim; after a failure the rest are skipped. */
        void work() {
            for (int from = next.getAndAdd(claim); from < n; from = next.getAndAdd(claim)) {
                int to = Math.min(n, from + claim);
                try {
                    for (int i = from; i < to && failure.get() == null; i++) {
                        body.accept(i);
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    finished.addAndGet(to - from);
                }
            }
        }

        /** Waits for the iterations helpers still run, then rethrows the first failure of any iteration. */
        void awaitDone() {
            while (finished.get() < n) {
                Thread.onSpinWait();
            }
            Throwable t = failure.get();
            if (t instanceof Error e) {
                throw e;
            }
            if (t != null) {
                throw t instanceof RuntimeException e ? e : new IllegalStateException(t);
            }
        }
    }
}
