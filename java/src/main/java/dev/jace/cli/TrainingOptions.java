package dev.jace.cli;

import dev.jace.constraint.Method;
import dev.jace.data.TaskKind;
import dev.jace.group.Group;
import dev.jace.constraint.Schedule;
import dev.jace.train.OptimizerSpec;
import dev.jace.train.Task;
import dev.jace.train.TrainerConfig;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Flags shared by {@code train} and {@code compare}: group, epochs, batch size, learning rate, backend, the methods'
 * hyper-parameters, quiet.
 */
final class TrainingOptions {

    @Mixin
    BackendOptions backend = new BackendOptions();

    @Mixin
    MethodOptions methods = new MethodOptions();

    @Option(names = "--group", defaultValue = "d4", description = "d4, c4 or c2: the symmetry that is constrained; "
            + "with d4 rotations and reflections are separate constraints (default: ${DEFAULT-VALUE}).",
            converter = NamedValues.ConstrainedGroup.class)
    Group group;

    @Option(names = "--epochs", description = "Epochs (default: 12 teacher/plume, 4 fashion-mnist).",
            converter = Numbers.AtLeastOne.class)
    Integer epochs;

    @Option(names = "--batch", defaultValue = "32", description = "Batch size (default: ${DEFAULT-VALUE}).",
            converter = Numbers.AtLeastOne.class)
    int batch;

    @Option(names = "--lr", defaultValue = "0.01", description = "Adam learning rate at the start; it decays to 0 on a "
            + "cosine (default: ${DEFAULT-VALUE}).", converter = Numbers.PositiveFloat.class)
    double lr;

    @Option(names = "--constrain", defaultValue = "output,relaxation", split = ",", paramLabel = "WHAT[,WHAT]",
            converter = Constrained.Parse.class,
            description = "What the terms of penalty, scheduled, softreg, ace and ace-resilient act on: 'output' (the"
            + " output's relative equivariance deviation per symmetry type, which the levels and ranking report) and"
            + " 'relaxation' (each relaxed layer's |γ|); 'relaxation' alone is what the ACE paper constrains"
            + " (default: ${DEFAULT-VALUE}).")
    List<Constrained> constrain;

    @Option(names = "--probe-samples", defaultValue = "8", description = "Samples of each batch on which the output "
            + "deviation is measured and constrained; the probe runs them through the model once per group element "
            + "(default: ${DEFAULT-VALUE}; 'all' for the whole batch).", converter = ProbeSamples.class)
    int probeSamples;

    @Option(names = "--capture-steps", description = "Capture each training step's device work once and replay it "
            + "(on CUDA one graph launch per step instead of one per kernel); bitwise the same results where the "
            + "convolutions are deterministic (on CUDA with cuDNN: with --deterministic).")
    boolean captureSteps;

    @Option(names = "--overlap-steps", description = "Run the constraint measurements and the dual update on the device "
            + "and read each step's record while the next step runs, so the host never waits for the device between "
            + "steps; the same records, except that a constraint whose multiplier returned to exactly 0 adds a "
            + "zero-weighted gradient, and a non-finite loss is noticed one step later.")
    boolean overlapSteps;

    @Option(names = "--quiet", description = "No progress: neither the bar drawn on a terminal nor, elsewhere, train's"
            + " line per epoch (compare: nor a line per finished run).")
    boolean quiet;

    /** The trainer configuration: Adam, cosine learning-rate decay, the method flags, else the library defaults. */
    TrainerConfig config(Method method, TaskKind kind, long seed) {
        Task task = kind == TaskKind.CLASSIFICATION ? new Task.Classification() : new Task.Regression();
        int e = epochs != null ? epochs : kind == TaskKind.CLASSIFICATION ? 4 : 12;
        return TrainerConfig.defaults(method, task)
                .withEpochs(e)
                .withBatchSize(batch)
                .withSeed(seed)
                .withOptimizer(OptimizerSpec.Adam.withLr(lr))
                .withLrScale(new Schedule.Cosine(1.0, 0.0))
                .withProbeSamples(probeSamples)
                .withQuantities(constrain.contains(Constrained.OUTPUT), constrain.contains(Constrained.RELAXATION))
                .withSettings(methods.settings(method))
                .withDual(methods.dual());
    }

    /** What the methods' terms act on ({@code --constrain}). */
    enum Constrained {
        OUTPUT, RELAXATION;

        /** As written on the command line: "output", "relaxation". */
        String flag() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** "output" or "relaxation". */
        static final class Parse implements CommandLine.ITypeConverter<Constrained> {
            @Override
            public Constrained convert(String value) {
                for (Constrained c : values()) {
                    if (c.flag().equalsIgnoreCase(value.trim())) {
                        return c;
                    }
                }
                throw new CommandLine.TypeConversionException("'" + value + "' is not 'output' or 'relaxation'");
            }
        }
    }

    /** The --constrain values in their fixed order, as config.json records them. */
    List<String> constrained() {
        return Arrays.stream(Constrained.values()).filter(constrain::contains).map(Constrained::flag).toList();
    }

    /**
     * A probe of more samples than a batch holds (at most the training split's {@code trainSamples}) runs the whole
     * batch, as 'all' does: said, as it is not what was given.
     */
    void warnIfProbeExceedsBatch(int trainSamples, PrintWriter err) {
        int held = Math.min(batch, trainSamples);
        if (probeSamples != TrainerConfig.WHOLE_BATCH && probeSamples > held) {
            err.println("jace: --probe-samples " + probeSamples + " is more than " + (held == batch ? "--batch " + batch
                    : "the training split's " + held + " samples, which each batch holds") + ", so the probe runs each"
                    + " batch's " + held + " samples (as --probe-samples all)");
            err.flush();
        }
    }

    /**
     * {@code task}'s data, loaded once the run's batches are known to fit ({@link BatchFit}): a generated task's
     * before its data are made, a task read from files (whose sample counts come from them) once they are read. A
     * --batch or --probe-samples whose activations a tensor cannot hold is refused as bad usage.
     */
    LoadedTask loadFitting(CommandLine commandLine, TaskOptions task) throws IOException {
        Optional<BatchFit> planned = BatchFit.planned(task.config(), group);
        planned.ifPresent(fit -> requireFits(commandLine, fit));
        LoadedTask loaded = task.load();
        if (planned.isEmpty()) {
            requireFits(commandLine, BatchFit.of(loaded, group));
        }
        return loaded;
    }

    private void requireFits(CommandLine commandLine, BatchFit fit) {
        fit.problem(batch, probeSamples).ifPresent(problem -> {
            throw new CommandLine.ParameterException(commandLine, problem);
        });
    }

    /** A positive count, or "all" for {@link TrainerConfig#WHOLE_BATCH}. */
    static final class ProbeSamples implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            String given = value.trim();
            if (given.equalsIgnoreCase("all")) {
                return TrainerConfig.WHOLE_BATCH;
            }
            if (!given.matches("[+-]?\\d+")) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a sample count or 'all'");
            }
            int n = Numbers.parseInt(given);
            if (n < 1) {
                throw new CommandLine.TypeConversionException("must be at least 1 (or 'all'), got " + n);
            }
            return n;
        }
    }
}
