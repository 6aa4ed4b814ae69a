package dev.jace.backend.cpu;

import org.junit.jupiter.api.Test;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The loop runner: every iteration once, failures reach the caller, nested and concurrent loops complete. */
class CpuParallelTest {

    private static final long PARALLEL = 1 << 20;

    @Test
    void runsEveryIterationOnce() {
        for (int n : new int[] {0, 1, 2, 3, 17, 1000}) {
            AtomicIntegerArray runs = new AtomicIntegerArray(n);
            CpuParallel.forRange(n, PARALLEL, runs::incrementAndGet);
            for (int i = 0; i < n; i++) {
                assertEquals(1, runs.get(i), "iteration " + i + " of " + n);
            }
        }
    }

    /** Cheap iterations are claimed in runs; each still runs exactly once, whatever the run length. */
    @Test
    void cheapIterationsClaimedInRunsRunOnce() {
        for (int n : new int[] {8, 9, 100, 4097, 100_000}) {
            for (long work : new long[] {1, 7, 64, 5000}) {
                AtomicIntegerArray runs = new AtomicIntegerArray(n);
                CpuParallel.forRange(n, work, runs::incrementAndGet);
                for (int i = 0; i < n; i++) {
                    assertEquals(1, runs.get(i), "iteration " + i + " of " + n + " at work " + work);
                }
            }
        }
    }

    @Test
    void aFailingIterationThrowsOnTheCaller() {
        IllegalStateException failure = new IllegalStateException("iteration 7");
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> CpuParallel.forRange(64, PARALLEL, i -> {
                    if (i == 7) {
                        throw failure;
                    }
                }));
        assertSame(failure, thrown);
        AtomicIntegerArray runs = new AtomicIntegerArray(64);
        CpuParallel.forRange(64, PARALLEL, runs::incrementAndGet);
        assertEquals(64, runs.length());
        for (int i = 0; i < 64; i++) {
            assertEquals(1, runs.get(i), "the runner works after a failure");
        }
    }

    @Test
    void nestedLoopsFromSeveralThreadsComplete() throws Exception {
        int outer = 12;
        int inner = 40;
        ExecutorService callers = Executors.newFixedThreadPool(3);
        try {
            Future<?>[] futures = new Future<?>[6];
            AtomicIntegerArray[] runs = new AtomicIntegerArray[futures.length];
            for (int f = 0; f < futures.length; f++) {
                AtomicIntegerArray r = new AtomicIntegerArray(outer * inner);
                runs[f] = r;
                futures[f] = callers.submit(() -> CpuParallel.forRange(outer, PARALLEL, i ->
                        CpuParallel.forRange(inner, PARALLEL, j -> r.incrementAndGet(i * inner + j))));
            }
            for (int f = 0; f < futures.length; f++) {
                futures[f].get();
                for (int i = 0; i < outer * inner; i++) {
                    assertEquals(1, runs[f].get(i));
                }
            }
        } finally {
            callers.shutdown();
        }
    }
}
