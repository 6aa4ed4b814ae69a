package dev.jace.backend.cuda;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Chooses between {@link GroupConvAlgorithm#DIRECT} and {@link GroupConvAlgorithm#EXPANDED} once per
 * {@link GroupConvKey}: the first call runs each once to warm up (cuDNN plans, allocator bins), then times each
 * twice with CUDA events and keeps the faster by its best time; later calls run only the choice. The first call ends
 * with a run of the choice, so its output has the choice's bits like every later call's (the two algorithms sum in
 * different orders: a first step computed by the loser made eager and graph-replayed training records differ).
 * An algorithm that fails its warm-up with
 * JACE_ERROR_UNSUPPORTED or {@link UnsupportedOperationException} loses to the other; when both fail, the first
 * failure is thrown; any other failure propagates at once.
 */
final class GroupConvAutotuner {

    private static final int TIMED_RUNS = 2;

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
        RuntimeException directFailure = warmUp(direct);
        RuntimeException expandedFailure = warmUp(expanded);
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
            choice = best(direct) <= best(expanded) ? GroupConvAlgorithm.DIRECT : GroupConvAlgorithm.EXPANDED;
            if (choice == GroupConvAlgorithm.DIRECT) {
                direct.run(); // expanded ran last
            }
        }
        choices.put(key, choice);
        return choice;
    }

    /** Runs once; returns the failure that disqualifies the algorithm, if any. */
    private static RuntimeException warmUp(Runnable algorithm) {
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

    private float best(Runnable body) {
        float best = Float.POSITIVE_INFINITY;
        for (int i = 0; i < TIMED_RUNS; i++) {
            best = Math.min(best, timer.millis(body));
        }
        return best;
    }

    /** Whether {@code key}'s algorithm has been chosen (so {@link #run} only runs it). */
    boolean hasChoice(GroupConvKey key) {
        return choices.containsKey(key);
    }

    Map<GroupConvKey, GroupConvAlgorithm> choices() {
        return Map.copyOf(choices);
    }
}
