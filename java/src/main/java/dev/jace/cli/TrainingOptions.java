package dev.jace.cli;

import dev.jace.constraint.Method;
import dev.jace.data.TaskKind;
import dev.jace.group.Group;
import dev.jace.group.Groups;
import dev.jace.constraint.Schedule;
import dev.jace.train.OptimizerSpec;
import dev.jace.train.Task;
import dev.jace.train.TrainerConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Flags shared by {@code train} and {@code compare}: group, epochs, batch size, learning rate, backend, quiet. */
final class TrainingOptions {

    @Mixin
    BackendOptions backend = new BackendOptions();

    @Option(names = "--group", defaultValue = "d4", description = "d4, c4 or c2: the symmetry that is constrained; "
            + "with d4 rotations and reflections are separate constraints (default: ${DEFAULT-VALUE}).")
    String group;

    @Option(names = "--epochs", description = "Epochs (default: 12 teacher/plume, 4 fashion-mnist).")
    Integer epochs;

    @Option(names = "--batch", defaultValue = "32", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", defaultValue = "0.01", description = "Adam learning rate at the start; it decays to 0 on a "
            + "cosine (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    Group group() {
        Group g = Groups.byName(group);
        if (g.order() < 2) {
            throw new IllegalArgumentException("--group must be d4, c4 or c2, got " + group);
        }
        return g;
    }

    /** The trainer configuration: Adam, cosine learning-rate decay, otherwise the library defaults. */
    TrainerConfig config(Method method, TaskKind kind, long seed) {
        Task task = kind == TaskKind.CLASSIFICATION ? new Task.Classification() : new Task.Regression();
        int e = epochs != null ? epochs : kind == TaskKind.CLASSIFICATION ? 4 : 12;
        return TrainerConfig.defaults(method, task)
                .withEpochs(e)
                .withBatchSize(batch)
                .withSeed(seed)
                .withOptimizer(OptimizerSpec.Adam.withLr(lr))
                .withLrScale(new Schedule.Cosine(1.0, 0.0));
    }
}
