package dev.jace.train;

import dev.jace.constraint.Constraint;
import dev.jace.constraint.LagrangianPlan;
import dev.jace.constraint.Term;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The loss became NaN or infinite, or a model tensor did ({@link Metrics.Diverged}); training stopped at
 * {@code step}. The trainer reads a step's loss only after the step's optimizer update (so the device never waits for
 * the host mid-step): when this is thrown, that update has been applied, while the constraint state, step counter and
 * records are still those from before the step; with {@link Trainer#overlapSteps()} a step's loss is read while the
 * next step runs, so the parameters have that step's update too (its record and constraint state are dropped unread)
 * and the step counter is past the diverged step. The message ends with what to lower: the learning rate, and what sets
 * how hard the {@code plan}'s terms push; or, when the very first step's loss is not finite, the data's scale.
 */
public final class TrainingDivergedException extends RuntimeException {

    private final transient Metrics.Diverged diverged;
    private final transient Optional<Path> lastCheckpoint;

    /**
     * The run of {@code epochs} epochs diverged {@code at} a step. The message names the step as the records and
     * schedules count them (from 0) and the epoch as the progress lines do, e.g. "loss is NaN at step 5 (in epoch
     * 3/3)".
     */
    public TrainingDivergedException(Metrics.Diverged at, int epochs, Optional<Path> lastCheckpoint,
                                     LagrangianPlan plan) {
        super("training diverged: " + at.what() + " (in epoch " + (at.epoch() + 1) + "/" + epochs + "); "
                + lastCheckpoint.map(p -> "last good checkpoint: " + p).orElse("no checkpoint was written") + ". "
                + advice(at, plan));
        this.diverged = at;
        this.lastCheckpoint = lastCheckpoint;
    }

    private static String advice(Metrics.Diverged at, LagrangianPlan plan) {
        if (at.step() == 0 && at.tensor().isEmpty()) {
            // The loss checked is the task's, from the starting model before any update: no term weighs in it.
            return "Step 0's loss comes before any update, so no step size is the cause: the starting model's loss on"
                    + " this data is not finite in float32 (a value past about 1.8e19 overflows when squared); check"
                    + " the data's scale.";
        }
        Set<String> settings = new LinkedHashSet<>();
        for (Term term : plan.terms()) {
            switch (term) {
                case Constraint c -> settings.add("the dual step size");
                case Term.Penalty p -> settings.add("the penalty weights");
                // Softreg tunes its strengths itself: there is nothing to lower by hand.
                case Term.SoftReg r -> {
                }
            }
        }
        StringBuilder advice = new StringBuilder("Lower the learning rate");
        settings.forEach(s -> advice.append(" or ").append(s));
        return advice.append('.').toString();
    }

    public long step() {
        return diverged.step();
    }

    /** The diverged step, its epoch and loss, as the listener was told. */
    public Metrics.Diverged diverged() {
        return diverged;
    }

    public Optional<Path> lastCheckpoint() {
        return lastCheckpoint;
    }
}
