package dev.jace.train;

import dev.jace.constraint.Constraint;
import dev.jace.constraint.LagrangianPlan;
import dev.jace.constraint.Term;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The loss became NaN or infinite; training stopped at {@code step}. The trainer reads a step's loss only after the
 * step's optimizer update (so the device never waits for the host mid-step): when this is thrown, that update has
 * been applied, while the constraint state, step counter and records are still those from before the step. The
 * message ends with what to lower: the learning rate, and what sets how hard the {@code plan}'s terms push.
 */
public final class TrainingDivergedException extends RuntimeException {

    private final long step;
    private final transient Optional<Path> lastCheckpoint;

    public TrainingDivergedException(long step, int epoch, double loss, Optional<Path> lastCheckpoint,
                                     LagrangianPlan plan) {
        super("training diverged: loss is " + loss + " at step " + step + " (epoch " + epoch + "); "
                + lastCheckpoint.map(p -> "last good checkpoint: " + p).orElse("no checkpoint was written")
                + ". " + advice(plan));
        this.step = step;
        this.lastCheckpoint = lastCheckpoint;
    }

    private static String advice(LagrangianPlan plan) {
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
        return step;
    }

    public Optional<Path> lastCheckpoint() {
        return lastCheckpoint;
    }
}
