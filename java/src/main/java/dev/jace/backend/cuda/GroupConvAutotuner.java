package dev.jace.backend.cuda;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Chooses between {@link GroupConvAlgorithm#DIRECT} and {@link GroupConvAlgorithm#EXPANDED} once per
 * {@link GroupConvKey}: the first call runs each once to warm up (cuDNN plans, allocator bins), then times each
 * twice with CUDA events and keeps the faster by its best time. Both write the whole output, so the first call's
 * result is valid whichever ran last; later calls run only the choice.
 */
final class GroupConvAutotuner {

    private static final int TIMED_RUNS = 2;

    private final EventTimer timer;
    private final Map<GroupConvKey, GroupConvAlgorithm> choices = new ConcurrentHashMap<>();

    GroupConvAutotuner(EventTimer timer) {
        this.timer = timer;
    }

    GroupConvAlgorithm run(GroupConvKey key, Runnable direct, Runnable expanded) {
        GroupConvAlgorithm choice = choices.get(key);
        if (choice != null) {
            (choice == GroupConvAlgorithm.DIRECT ? direct : expanded).run();
            return choice;
        }
        direct.run();
        expanded.run();
        choice = best(direct) <= best(expanded) ? GroupConvAlgorithm.DIRECT : GroupConvAlgorithm.EXPANDED;
        choices.put(key, choice);
        return choice;
    }

    private float best(Runnable body) {
        float best = Float.POSITIVE_INFINITY;
        for (int i = 0; i < TIMED_RUNS; i++) {
            best = Math.min(best, timer.millis(body));
        }
        return best;
    }

    Map<GroupConvKey, GroupConvAlgorithm> choices() {
        return Map.copyOf(choices);
    }
}
