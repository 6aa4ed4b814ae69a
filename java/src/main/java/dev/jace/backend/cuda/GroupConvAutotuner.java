package dev.jace.backend.cuda;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Chooses between {@link GroupConvAlgorithm#DIRECT} and {@link GroupConvAlgorithm#EXPANDED} once per
 * {@link GroupConvKey}, on its first call, and keeps the choice; later calls run only the choice.
 *
 * <p>The first call runs each algorithm {@link #WARM_UPS} times untimed but for the last, so that one-time costs
 * (cuDNN's algorithm search, scratch allocation, lazy module loading) stay out of the timing, then times
 * {@link #REPS} reps of each, taking turns (DIRECT, EXPANDED, DIRECT, ...) so that a drift of clocks or load falls on
 * both. A rep runs its algorithm back to back as often as fills {@link #REP_MILLIS} by its last warm-up's time (at
 * least once, at most {@link #MAX_CALLS_PER_REP} times) between one pair of events, and counts per call: the host
 * enqueues the next call while the device runs this one, as in eager work. A single call timed alone also counts the
 * time the device idles while the host enqueues its next kernel (EXPANDED's cuDNN call after its expansion kernel),
 * which calls back to back hide (timed by single calls on an H200, EXPANDED lost four cases where it was 16–60%
 * faster). The faster by its median rep wins (DIRECT on a tie). Where the two medians lie within {@link #NEAR_TIE} of
 * each other, which the noise of five reps can reverse (on an H200 it kept the slower of a 3.3% pair once in 27), both
 * run {@link #TIE_REPS} more reps, in turns, and the medians of all decide. A new key costs about
 * {@code 2 × (WARM_UPS calls + REPS × max(REP_MILLIS, one call))} of device time: at most about 25 ms where calls
 * take under a millisecond, 17 calls where they take longer; a near tie three times the reps.
 *
 * <p>The first call ends with a run of the choice, so its output has the choice's bits like every later call's (the
 * two algorithms sum in different orders: a first step computed by the loser made eager and graph-replayed training
 * records differ). An algorithm that fails its first warm-up with JACE_ERROR_UNSUPPORTED or
 * {@link UnsupportedOperationException} loses to the other; when both fail, the first failure is thrown; any other
 * failure propagates at once.
 */
final class GroupConvAutotuner {

    static final int WARM_UPS = 3;
    /** Odd: the median is a rep's. */
    static final int REPS = 5;
    /** Medians closer than this fraction of the faster's are a near tie, decided on more reps. */
    static final float NEAR_TIE = 0.05f;
    /** Even: with {@link #REPS}, the median is still a rep's. */
    static final int TIE_REPS = 10;
    static final float REP_MILLIS = 1f;
    static final int MAX_CALLS_PER_REP = 32;

    /** Milliseconds the device spent on the work {@code body} enqueues ({@link EventTimer#millis}). */
    @FunctionalInterface
    interface WorkTimer {
        float millis(Runnable body);
    }

    private final WorkTimer timer;
    private final Map<GroupConvKey, GroupConvAlgorithm> choices = new ConcurrentHashMap<>();

    GroupConvAutotuner(WorkTimer timer) {
        this.timer = timer;
    }

    GroupConvAlgorithm run(GroupConvKey key, Runnable direct, Runnable expanded) {
        GroupConvAlgorithm choice = choices.get(key);
        if (choice != null) {
            (choice == GroupConvAlgorithm.DIRECT ? direct : expanded).run();
            return choice;
        }
        RuntimeException directFailure = firstRun(direct);
        RuntimeException expandedFailure = firstRun(expanded);
        if (directFailure != null && expandedFailure != null) {
            directFailure.addSuppressed(expandedFailure);
            throw directFailure;
        }
        if (directFailure != null) {
            choice = GroupConvAlgorithm.EXPANDED;
        } else if (expandedFailure != null) {
            choice = GroupConvAlgorithm.DIRECT;
            direct.run();
        } else {
            choice = faster(direct, expanded);
            if (choice == GroupConvAlgorithm.DIRECT) {
                direct.run(); // expanded ran last
            }
        }
        choices.put(key, choice);
        return choice;
    }

    /** Runs once; returns the failure that disqualifies the algorithm, if any. */
    private static RuntimeException firstRun(Runnable algorithm) {
        try {
            algorithm.run();
            return null;
        } catch (UnsupportedOperationException e) {
            return e;
        } catch (CudaException e) {
            if (e.isUnsupported()) {
                return e;
            }
            throw e;
        }
    }

    /** The rest of the warm-ups, then the reps in turns (more on a near tie); expanded runs last. */
    private GroupConvAlgorithm faster(Runnable direct, Runnable expanded) {
        int directCalls = callsPerRep(direct);
        int expandedCalls = callsPerRep(expanded);
        float[] directMillis = new float[REPS + TIE_REPS];
        float[] expandedMillis = new float[REPS + TIE_REPS];
        int reps = REPS;
        for (int i = 0; i < reps; i++) {
            directMillis[i] = perCall(direct, directCalls);
            expandedMillis[i] = perCall(expanded, expandedCalls);
        }
        float directMedian = median(directMillis, reps);
        float expandedMedian = median(expandedMillis, reps);
        if (Math.abs(directMedian - expandedMedian) < NEAR_TIE * Math.min(directMedian, expandedMedian)) {
            for (; reps < REPS + TIE_REPS; reps++) {
                directMillis[reps] = perCall(direct, directCalls);
                expandedMillis[reps] = perCall(expanded, expandedCalls);
            }
            directMedian = median(directMillis, reps);
            expandedMedian = median(expandedMillis, reps);
        }
        return directMedian <= expandedMedian ? GroupConvAlgorithm.DIRECT : GroupConvAlgorithm.EXPANDED;
    }

    /** The median of the first {@code count} (odd) values. */
    private static float median(float[] values, int count) {
        float[] sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
        return sorted[count / 2];
    }

    /** Runs the warm-ups after the first, the last timed: the calls that fill {@link #REP_MILLIS} at its pace. */
    private int callsPerRep(Runnable algorithm) {
        for (int i = 2; i < WARM_UPS; i++) {
            algorithm.run();
        }
        return (int) Math.clamp(Math.ceil(REP_MILLIS / timer.millis(algorithm)), 1, MAX_CALLS_PER_REP);
    }

    private float perCall(Runnable algorithm, int calls) {
        return timer.millis(() -> {
            for (int i = 0; i < calls; i++) {
                algorithm.run();
            }
        }) / calls;
    }

    /** Whether {@code key}'s algorithm has been chosen (so {@link #run} only runs it). */
    boolean hasChoice(GroupConvKey key) {
        return choices.containsKey(key);
    }

    Map<GroupConvKey, GroupConvAlgorithm> choices() {
        return Map.copyOf(choices);
    }
}
