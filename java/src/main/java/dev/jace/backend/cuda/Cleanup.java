package dev.jace.backend.cuda;

import java.util.List;

/** Cleanup steps that must all run, as when a resource frees what it owns. */
final class Cleanup {

    private Cleanup() {
    }

    /** Runs every step in order, each even if an earlier one failed, then throws the first failure, if any. */
    static void runAll(List<Runnable> steps) {
        RuntimeException first = null;
        for (Runnable step : steps) {
            try {
                step.run();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
