package dev.jace.train;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The loss became NaN or infinite; training stopped at {@code step}. The trainer reads a step's loss only after the
 * step's optimizer update (so the device never waits for the host mid-step): when this is thrown, that update has
 * been applied, while the constraint state, step counter and records are still those from before the step.
 */
public final class TrainingDivergedException extends RuntimeException {

    private final long step;
    private final transient Optional<Path> lastCheckpoint;

    public TrainingDivergedException(long step, int epoch, double loss, Optional<Path> lastCheckpoint) {
        super("training diverged: loss is " + loss + " at step " + step + " (epoch " + epoch + "); "
                + lastCheckpoint.map(p -> "last good checkpoint: " + p).orElse("no checkpoint was written")
                + ". Lower the learning rate or the dual step size.");
        this.step = step;
        this.lastCheckpoint = lastCheckpoint;
    }

    public long step() {
        return step;
    }

    public Optional<Path> lastCheckpoint() {
        return lastCheckpoint;
    }
}
