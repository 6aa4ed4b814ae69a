package dev.jace.cli;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The CPU's FP32 peak as this JVM's widest vectors reach it: each thread runs twelve independent chains of fused
 * multiply-adds held in registers (more than the eight that two FMA units of four cycles' latency keep busy) until a
 * deadline, and the rate is all threads' FLOPs over the span's wall time, the best of three spans once it has
 * settled. Auto-vectorised loops are no such ceiling (their code depends on where C2 inlines them), hence the Vector
 * API, whose module this class needs: {@link CpuPeak} runs {@link #main} in a child JVM where this one lacks it.
 */
public final class FmaPeak {

    /** What {@link #main} prints before the rate and the vector width, telling its line from the JVM's own. */
    static final String OUTPUT_PREFIX = "fma-peak";

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int CHAINS = 12;
    /**
     * Floats each chain multiplies and adds per {@link #chains} call, whatever the vectors' width (it divides by 4, 8
     * and 16 lanes), so that a call's FLOPs are a constant: ~30 µs at two 16-lane FMAs a cycle and 4 GHz.
     */
    private static final int FLOATS_PER_CHAIN = 327_680;
    /** FP32 operations of one {@link #chains} call, a multiply-add counting two: JMH's CpuPeakBench scores calls. */
    public static final long FLOPS_PER_CALL = 2L * CHAINS * FLOATS_PER_CHAIN;
    static final int TIMED_SPANS = 3;
    private static final int MAX_WARM_UP_SPANS = 30;
    private static final double SETTLED = 0.02;
    /** Time allowed for creating each thread before the common start. */
    private static final long START_NANOS_PER_THREAD = 2_000_000;

    /** @param gflops the best span's FP32 rate, a multiply-add counting two operations per lane */
    record Reading(double gflops, int vectorBits) {
    }

    private FmaPeak() {
    }

    /**
     * Runs the probe on {@code threads} threads in spans of {@code seconds} until it has settled, then three timed
     * spans. Settled: a span's rate within 2% of the span's before, with the JIT compiler idle through both where its
     * threads' CPU time can be read (the Vector API's code is slow, and not faster from one span to the next, until C2
     * has compiled it).
     */
    static Reading measure(int threads, double seconds) throws InterruptedException {
        if (threads < 1 || !(seconds > 0)) {
            throw new IllegalArgumentException("the FMA peak needs at least 1 thread and a positive span, got "
                    + threads + " and " + seconds + " s");
        }
        LongSupplier compilerTicks = JitActivity.compilerTicks().orElse(() -> 0);
        long ticks = compilerTicks.getAsLong();
        double previous = span(threads, seconds);
        boolean quietBefore = false;
        for (int i = 1; i < MAX_WARM_UP_SPANS; i++) {
            double rate = span(threads, seconds);
            long now = compilerTicks.getAsLong();
            boolean quiet = now == ticks;
            boolean settled = quiet && quietBefore && Math.abs(rate - previous) <= SETTLED * previous;
            ticks = now;
            quietBefore = quiet;
            previous = rate;
            if (settled) {
                break;
            }
        }
        double best = 0;
        for (int i = 0; i < TIMED_SPANS; i++) {
            best = Math.max(best, span(threads, seconds));
        }
        return new Reading(best, SPECIES.vectorBitSize());
    }

    /** {@code threads seconds}: prints {@code fma-peak GFLOPS BITS}. */
    public static void main(String[] args) throws InterruptedException {
        if (args.length != 2) {
            System.err.println("usage: FmaPeak THREADS SECONDS");
            System.exit(2);
        }
        Reading reading = measure(Integer.parseInt(args[0]), Double.parseDouble(args[1]));
        System.out.printf(Locale.ROOT, "%s %.6g %d%n", OUTPUT_PREFIX, reading.gflops(), reading.vectorBits());
    }

    /**
     * GFLOP/s of {@code threads} threads each running {@link #chains} from a common start, once all have been
     * created, until {@code seconds} after it.
     */
    private static double span(int threads, double seconds) throws InterruptedException {
        long begin = System.nanoTime() + START_NANOS_PER_THREAD * threads;
        long end = begin + (long) (seconds * 1e9);
        long[] flops = new long[threads];
        // Each thread's last sum is stored, so that the chains' results are used and their FMAs kept.
        float[] sums = new float[threads];
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int id = t;
            workers[t] = Thread.ofPlatform().daemon().start(() -> {
                while (System.nanoTime() < begin) {
                    Thread.onSpinWait();
                }
                float sum = 0;
                long done = 0;
                do {
                    sum += chains(sum);
                    done += FLOPS_PER_CALL;
                } while (System.nanoTime() < end);
                flops[id] = done;
                sums[id] = sum;
            });
        }
        for (Thread worker : workers) {
            worker.join();
        }
        long nanos = Math.max(System.nanoTime(), end) - begin;
        long total = 0;
        for (long f : flops) {
            total += f;
        }
        return total / (double) nanos;
    }

    /**
     * {@link #FLOPS_PER_CALL} FLOPs: rounds of {@code c = c·m + a} on each of the twelve chains (from starts that
     * depend on {@code seed}); the sum of their lanes at the end.
     */
    public static float chains(float seed) {
        int rounds = FLOATS_PER_CHAIN / SPECIES.length();
        // Not constants: C2 loaded a constant m and a again for every FMA (two loads each, at half the peak) where
        // this was inlined into the timing loop. seed · 0 is not folded (NaN and infinities).
        FloatVector m = FloatVector.broadcast(SPECIES, seed * 0f + 0.999f);
        FloatVector a = FloatVector.broadcast(SPECIES, seed * 0f + 1e-3f);
        // Twelve different starts, so that no chain is a copy of another that a compiler could merge with it.
        FloatVector c0 = FloatVector.broadcast(SPECIES, seed * 1e-9f);
        FloatVector c1 = c0.add(1);
        FloatVector c2 = c0.add(2);
        FloatVector c3 = c0.add(3);
        FloatVector c4 = c0.add(4);
        FloatVector c5 = c0.add(5);
        FloatVector c6 = c0.add(6);
        FloatVector c7 = c0.add(7);
        FloatVector c8 = c0.add(8);
        FloatVector c9 = c0.add(9);
        FloatVector c10 = c0.add(10);
        FloatVector c11 = c0.add(11);
        for (int r = 0; r < rounds; r++) {
            c0 = c0.fma(m, a);
            c1 = c1.fma(m, a);
            c2 = c2.fma(m, a);
            c3 = c3.fma(m, a);
            c4 = c4.fma(m, a);
            c5 = c5.fma(m, a);
            c6 = c6.fma(m, a);
            c7 = c7.fma(m, a);
            c8 = c8.fma(m, a);
            c9 = c9.fma(m, a);
            c10 = c10.fma(m, a);
            c11 = c11.fma(m, a);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
                .reduceLanes(VectorOperators.ADD);
    }
}
