package dev.jace.train;

import dev.jace.constraint.DualAscent;
import dev.jace.constraint.Method;
import dev.jace.constraint.MethodSettings;
import dev.jace.constraint.Schedule;

import java.util.Objects;

/**
 * Everything that decides a training run besides the model and the data.
 *
 * @param lrScale            factor on the optimiser's learning rate over the whole run (e.g. {@code cosine:1->0}),
 *                           whatever {@code horizonFraction}
 * @param horizonFraction    fraction of the total step count over which the constraint schedules (ε, penalty
 *                           weights) run; the rest of the run keeps their final values, for the multipliers and the
 *                           model to settle at the lrScale of those steps ({@code step:} schedules change at their
 *                           own step numbers, whatever the horizon)
 * @param constrainOutput    whether the output deviation per symmetry type joins the method's quantities
 * @param constrainRelaxation whether each relaxed layer's magnitude joins the method's quantities
 * @param probeSamples       samples of each training batch (its first ones; batches are shuffled) on which the output
 *                           deviation is measured and differentiated, {@link #WHOLE_BATCH} for all of them. The probe
 *                           runs the model on |G| copies of them, so for D4 it costs 8× their forward and backward:
 *                           a subset gives an unbiased, noisier estimate at a fraction of the cost
 */
public record TrainerConfig(Method method, MethodSettings settings, DualAscent dual, OptimizerSpec optimizer,
                            Schedule.Timed lrScale, int epochs, int batchSize, long seed, Task task,
                            double horizonFraction, boolean constrainOutput, boolean constrainRelaxation,
                            int probeSamples) {

    /** {@link #probeSamples} value that measures the deviation on every sample of the batch. */
    public static final int WHOLE_BATCH = Integer.MAX_VALUE;

    public TrainerConfig {
        Objects.requireNonNull(method, "trainer config: method is null; give one of Method's values, e.g. Method.ACE");
        Objects.requireNonNull(settings, "trainer config: settings is null; MethodSettings.defaults() gives the"
                + " defaults");
        Objects.requireNonNull(dual, "trainer config: dual is null; e.g. new DualAscent(0.1, 0.1, 1)");
        Objects.requireNonNull(optimizer, "trainer config: optimizer is null; e.g. OptimizerSpec.Adam.withLr(1e-2)");
        Objects.requireNonNull(lrScale, "trainer config: lrScale is null; new Schedule.Constant(1.0) keeps the"
                + " optimizer's rate");
        Objects.requireNonNull(task, "trainer config: task is null; give new Task.Regression() or new"
                + " Task.Classification()");
        if (epochs < 1 || batchSize < 1 || !(horizonFraction > 0 && horizonFraction <= 1)) {
            throw new IllegalArgumentException("trainer needs epochs >= 1, batchSize >= 1 and 0 < horizonFraction <= 1,"
                    + " got epochs=" + epochs + " batchSize=" + batchSize + " horizonFraction=" + horizonFraction);
        }
        if (!constrainOutput && !constrainRelaxation) {
            throw new IllegalArgumentException("trainer: constrain the output deviation, the relaxations, or both");
        }
        if (probeSamples < 1) {
            throw new IllegalArgumentException("trainer: probeSamples must be >= 1 (or WHOLE_BATCH), got "
                    + probeSamples);
        }
    }

    /**
     * Adam(1e-2), constant learning rate, dual step 1e-1 every step, whole-run horizon, both quantity families,
     * deviation measured on the whole batch.
     */
    public static TrainerConfig defaults(Method method, Task task) {
        return new TrainerConfig(method, MethodSettings.defaults(), new DualAscent(0.1, 0.1, 1),
                OptimizerSpec.Adam.withLr(1e-2), new Schedule.Constant(1.0), 10, 32, 0, task, 1.0, true, true, WHOLE_BATCH);
    }

    public TrainerConfig withMethod(Method m) {
        return new TrainerConfig(m, settings, dual, optimizer, lrScale, epochs, batchSize, seed, task, horizonFraction,
                constrainOutput, constrainRelaxation, probeSamples);
    }

    public TrainerConfig withSettings(MethodSettings s) {
        return new TrainerConfig(method, s, dual, optimizer, lrScale, epochs, batchSize, seed, task, horizonFraction,
                constrainOutput, constrainRelaxation, probeSamples);
    }

    public TrainerConfig withDual(DualAscent d) {
        return new TrainerConfig(method, settings, d, optimizer, lrScale, epochs, batchSize, seed, task, horizonFraction,
                constrainOutput, constrainRelaxation, probeSamples);
    }

    public TrainerConfig withOptimizer(OptimizerSpec o) {
        return new TrainerConfig(method, settings, dual, o, lrScale, epochs, batchSize, seed, task, horizonFraction,
                constrainOutput, constrainRelaxation, probeSamples);
    }

    public TrainerConfig withLrScale(Schedule.Timed s) {
        return new TrainerConfig(method, settings, dual, optimizer, s, epochs, batchSize, seed, task, horizonFraction,
                constrainOutput, constrainRelaxation, probeSamples);
    }

    public TrainerConfig withEpochs(int e) {
        return new TrainerConfig(method, settings, dual, optimizer, lrScale, e, batchSize, seed, task, horizonFraction,
                constrainOutput, constrainRelaxation, probeSamples);
    }

    public TrainerConfig withBatchSize(int b) {
        return new TrainerConfig(method, settings, dual, optimizer, lrScale, epochs, b, seed, task, horizonFraction,
                constrainOutput, constrainRelaxation, probeSamples);
    }

    public TrainerConfig withSeed(long s) {
        return new TrainerConfig(method, settings, dual, optimizer, lrScale, epochs, batchSize, s, task, horizonFraction,
                constrainOutput, constrainRelaxation, probeSamples);
    }

    public TrainerConfig withHorizonFraction(double f) {
        return new TrainerConfig(method, settings, dual, optimizer, lrScale, epochs, batchSize, seed, task, f,
                constrainOutput, constrainRelaxation, probeSamples);
    }

    public TrainerConfig withQuantities(boolean output, boolean relaxation) {
        return new TrainerConfig(method, settings, dual, optimizer, lrScale, epochs, batchSize, seed, task,
                horizonFraction, output, relaxation, probeSamples);
    }

    public TrainerConfig withProbeSamples(int samples) {
        return new TrainerConfig(method, settings, dual, optimizer, lrScale, epochs, batchSize, seed, task,
                horizonFraction, constrainOutput, constrainRelaxation, samples);
    }
}
