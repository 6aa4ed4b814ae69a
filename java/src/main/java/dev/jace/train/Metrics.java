package dev.jace.train;

import dev.jace.constraint.ConstraintState;
import dev.jace.constraint.SymmetryLevels;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** The records a training run emits. */
public final class Metrics {

    private Metrics() {
    }

    /**
     * One training step.
     *
     * @param terms      every term's state after the step: c_i ("value"), λ_i or weight ("multiplier"), u_i, and
     *                   the ε_i in force when c_i was measured
     * @param relaxation each relaxed layer's magnitude (|γ_l| or coefficient spread) after the step, by layer name
     */
    public record Step(long step, int epoch, double lr, double loss, double metric, double penalty,
                       Map<String, ConstraintState> terms, Map<String, Double> relaxation) {
    }

    /**
     * Scores on a split: mean loss, mean metric and the mean relative output deviation per symmetry type
     * ("rotation", "reflection"), measured in evaluation mode.
     */
    public record Evaluation(Split split, double loss, double metric, Map<String, Double> deviation) {
    }

    /**
     * One epoch: the step losses and metrics averaged over the epoch's samples, the test evaluation (its deviation on
     * the first 256 test samples only), and the loop's state at its end (an adaptive target is the one the next step
     * uses).
     */
    public record Epoch(int epoch, long steps, double trainLoss, double trainMetric, Evaluation test,
                        Map<String, ConstraintState> terms, Map<String, Double> relaxation) {
    }

    /**
     * The run stopped at step {@code step} (in epoch {@code epoch}): its loss was not finite ({@code tensor} empty,
     * {@code value} the loss), or, checked at the end of each epoch, a model tensor held a NaN or infinity after it
     * ({@code tensor} names it, e.g. a BatchNorm running variance that overflowed while the loss stayed finite, and
     * {@code value} is the first such value). Told once, just before the trainer method that noticed it ({@link
     * Trainer#run()}, or one a caller's own loop calls) throws its {@link TrainingDivergedException}. A diverged loss's
     * step has no {@link Step} record.
     */
    public record Diverged(long step, int epoch, Optional<String> tensor, double value) {

        /** The loss of step {@code step} was {@code loss}. */
        public Diverged(long step, int epoch, double loss) {
            this(step, epoch, Optional.empty(), loss);
        }

        /** E.g. "loss is NaN at step 5": the step counted from 0, as records count it. */
        public String what() {
            return tensor.map(t -> "tensor '" + t + "' holds " + value + " after step " + step)
                    .orElse("loss is " + value + " at step " + step);
        }

        /** E.g. "loss is NaN at step 5, in epoch 3": {@link #what()}, and the epoch counted from 1. */
        public String describe() {
            return what() + ", in epoch " + (epoch + 1);
        }
    }

    /**
     * A whole run.
     *
     * @param steps            the step records of the steps run (none after {@link Trainer#discardStepRecords()})
     * @param finalEvaluation  test scores of the final model (after {@code project()} where the method ends exactly
     *                         equivariant)
     * @param projectionChange for methods that end exactly equivariant: how much {@code project()} changed the test
     *                         outputs, as the mean over samples of {@code ‖f_proj(x) − f(x)‖² / ‖f(x)‖²} (the
     *                         normalisation of the relative deviation); empty otherwise
     */
    public record Result(List<Step> steps, List<Epoch> epochs, Evaluation finalEvaluation,
                         OptionalDouble projectionChange, SymmetryLevels symmetryLevels) {

        public Result {
            steps = List.copyOf(steps);
            epochs = List.copyOf(epochs);
        }
    }

    /**
     * How far an evaluation of a split has got: {@code done} of its {@code total} samples, told once with 0 when it
     * starts and after every batch, so that a long evaluation (a large test split, the deviation's |G| + 1 forwards
     * per sample) can show progress.
     */
    public record Evaluating(Split split, int done, int total) {
    }

    /**
     * Receives records as they are produced (e.g. to write JSONL); every method defaults to doing nothing. Told in the
     * middle of the trainer's bookkeeping (an epoch's record before the epoch is counted and checkpointed), so one
     * that throws while {@link Trainer#run()} or {@link Trainer#runEpoch()} trains leaves the {@link Trainer} failed:
     * it refuses further use, naming the failure and the checkpoint to go on from. A failure of {@link #onDiverged}
     * is a suppressed exception of the divergence.
     */
    public interface Listener {

        default void onStep(Step step) {
        }

        default void onEpoch(Epoch epoch) {
        }

        default void onEvaluating(Evaluating progress) {
        }

        default void onDiverged(Diverged diverged) {
        }
    }
}
