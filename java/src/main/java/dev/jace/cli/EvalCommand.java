package dev.jace.cli;

import dev.jace.backend.Backend;
import dev.jace.constraint.Method;
import dev.jace.data.FashionMnistConfig;
import dev.jace.data.Targets;
import dev.jace.data.TaskConfig;
import dev.jace.data.TaskKind;
import dev.jace.nn.Sequential;
import dev.jace.tensor.FiniteValues;
import dev.jace.train.DatasetData;
import dev.jace.train.Metrics;
import dev.jace.train.ModelSpec;
import dev.jace.train.Split;
import dev.jace.train.Trainer;
import dev.jace.train.TrainerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;

@Command(name = "eval", description = "Evaluates a trained model (model.safetensors, or the train --out folder"
        + " holding it) on the task's test split: loss, metric and output deviation per symmetry type. The task and"
        + " its data flags default to those the model was trained with, which config.json beside it records, not to"
        + " the task defaults their help names; a flag given replaces that one value, with a warning that the data"
        + " differ from the training run's (--train changes nothing: eval reads the test split only).")
final class EvalCommand implements Callable<Integer> {

    /** The task configurations' fields for the split sizes, as {@link TaskRecord#fields} names them. */
    private static final String TRAIN_COUNT = "train_count";
    private static final String TEST_COUNT = "test_count";

    @Spec
    CommandSpec spec;

    @Option(names = "--task", description = "teacher, fashion-mnist or plume (default: the task of the run the model"
            + " comes from; needed for a model without config.json beside it).",
            converter = NamedValues.TaskName.class)
    TaskConfig task;

    @Mixin
    TaskFlags taskFlags = new TaskFlags();

    @Mixin
    BackendOptions backendOptions = new BackendOptions();

    @Option(names = "--model", required = true, converter = PathOption.FileOrFolder.class,
            description = "Folder written by train, or a model.safetensors.")
    Path model;

    @Option(names = "--batch", converter = Numbers.AtLeastOne.class, description = "Samples per forward pass"
            + " (default: the batch the model was trained with, from config.json beside it; " + RunConfig.UNRECORDED_BATCH
            + " without one): the memory a pass takes grows with it, and the deviation runs each sample through the"
            + " model once per group element. With the run's batch, eval repeats the run's final evaluation.")
    Integer batch;

    @Override
    public Integer call() throws Exception {
        if (!Files.exists(model)) {
            throw new NoSuchFileException(model.toString());
        }
        ModelFile.requireModelPath(model);
        Optional<RunConfig> run = RunConfig.beside(model, "it says which data the model was trained on: restore it,"
                + " or move it away and give the data's flags (--task and the task's own)",
                spec.commandLine().getErr());
        Optional<TaskConfig> trained = run.isPresent() ? Optional.of(run.get().task()) : Optional.empty();
        int samplesPerPass = RunConfig.samplesPerPass(batch, run);
        TaskConfig base = trained.filter(t -> task == null || t.name().equals(task.name()))
                .or(() -> Optional.ofNullable(task))
                .orElseThrow(() -> new ParameterException(spec.commandLine(), "--task is needed: " + model
                        + " has no jace run's " + TrainingRun.CONFIG + " beside it that says which task it was trained"
                        + " on"));
        TaskConfig config = taskFlags.applyTo(base);
        trained.ifPresent(t -> warnIfOther(t, config));
        if (taskFlags.train != null) {
            warn("--train changes nothing here: eval measures the test split only (--test)");
        }
        // The evaluation's batches are checked before the data are made (a generated task's) or once they are read.
        ModelSpec saved = ModelFile.spec(model);
        OptionalInt plannedTest = BatchFit.plannedTestCount(config);
        plannedTest.ifPresent(test -> requireFits(saved, test, samplesPerPass));
        LoadedTask loaded = LoadedTask.testOf(config);
        int testCount = loaded.dataset().test().count();
        if (config instanceof FashionMnistConfig f && f.testCount() > testCount) {
            warn((taskFlags.subset != null ? "--subset " : "the run's --subset ") + f.testCount() + " is more than the"
                    + " test split's " + testCount + " samples, so all " + testCount + " are evaluated");
        }
        DatasetData data = new DatasetData(loaded.dataset());
        if (plannedTest.isEmpty()) {
            requireFits(saved, data.size(Split.TEST), samplesPerPass);
        }
        try (Backend backend = backendOptions.open(); ModelFile.Loaded m = ModelFile.load(model, backend)) {
            if (!m.spec().input().equals(data.inputShape()) || m.spec().kind() != loaded.dataset().kind()) {
                throw new IllegalArgumentException("model " + model + " takes " + m.spec().input() + " inputs for "
                        + lower(m.spec().kind()) + ", but task " + loaded.config().name() + " as given has "
                        + data.inputShape() + " for " + lower(loaded.dataset().kind())
                        + ": give the task and flags it was trained with (--task, --size)");
            }
            if (m.spec().kind() == TaskKind.CLASSIFICATION && m.spec().classes() != loaded.classes()) {
                throw new IllegalArgumentException("model " + model + " scores " + m.spec().classes() + " classes,"
                        + " but task " + loaded.config().name() + " has " + loaded.classes() + ": evaluate it on"
                        + " the task it was trained on");
            }
            m.spec().invarianceLimit().ifPresent(this::warn);
            // A trainer without steps only evaluates; unconstrained adds no terms and leaves the model as it is.
            TrainerConfig evaluation = TrainerConfig.defaults(Method.UNCONSTRAINED, data.task())
                    .withBatchSize(samplesPerPass);
            Metrics.Evaluation e;
            try (ProgressBar progress = new ProgressBar(TerminalLine.stream(false), loaded.config().name());
                 Trainer evaluator = new Trainer(backend, m.model(), m.spec().symmetry(), data, evaluation,
                         progress)) {
                e = evaluator.evaluate(Split.TEST);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "%s test: loss %.6g, %s %.6g, deviation %s%n", loaded.config().name(),
                    e.loss(), evaluation.task().metricName(), e.metric(), TrainCommand.deviations(e.deviation()));
            out.flush();
            if (!Double.isFinite(e.loss())) {
                warnOfOverflow(e.loss(), loaded.dataset().test(), backend, m.model());
            }
        }
        return 0;
    }

    /**
     * A loaded model's weights are finite (ModelFile refuses others), so the data's scale overflowed float32, or,
     * where the data are within the tasks' scale, weights large enough to, whose largest is named.
     */
    private void warnOfOverflow(double loss, dev.jace.data.Split test, Backend backend, Sequential model) {
        float input = FiniteValues.largestMagnitude(test.inputs());
        float target = test.targets() instanceof Targets.Values v ? FiniteValues.largestMagnitude(v.values()) : 0;
        String overflowed = "the test loss is " + loss + ": float32 overflowed in the model's outputs or in the loss's"
                + " sums";
        if (!OverflowCause.inRange(input) || !OverflowCause.inRange(target)) {
            warn(overflowed + ", so the data are likely far off the scale the model was trained on");
        } else {
            warn(overflowed + "; the largest |input| is " + input + (test.targets() instanceof Targets.Values
                    ? " and |target| " + target : "") + OverflowCause.theModel(backend, model));
        }
    }

    /** Refuses as bad usage test batches of {@code samplesPerPass} that the model's activations do not fit. */
    private void requireFits(ModelSpec saved, int test, int samplesPerPass) {
        BatchFit.ofTrained(saved, test).evaluationProblem(samplesPerPass).ifPresent(problem -> {
            throw new ParameterException(spec.commandLine(), problem + (batch == null ? BatchFit.DEFAULT_BATCH : ""));
        });
    }

    private void warnIfOther(TaskConfig trained, TaskConfig now) {
        List<String> differences = new ArrayList<>();
        if (!trained.name().equals(now.name())) {
            differences.add("task " + now.name() + " (trained: " + trained.name() + ")");
        } else {
            Map<String, Object> then = TaskRecord.fields(trained);
            TaskRecord.fields(now).forEach((field, value) -> {
                // eval measures the test split only, which the training count does not change
                if (!field.equals(TRAIN_COUNT) && !Objects.equals(value, then.get(field))) {
                    differences.add(TaskFlags.flagOf(now.name(), field).orElse(field) + " " + shown(now, field, value)
                            + " (trained: " + shown(now, field, then.get(field)) + ")");
                }
            });
        }
        if (!differences.isEmpty()) {
            warn("evaluating on other data than " + model + " was trained on: " + String.join(", ", differences));
        }
    }

    private void warn(String message) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("jace: warning: " + message);
        err.flush();
    }

    /** A field's value as its flag takes it: fashion-mnist's count 0 is all the samples. */
    private static Object shown(TaskConfig config, String field, Object value) {
        return config instanceof FashionMnistConfig && field.equals(TEST_COUNT) && value instanceof Number n
                && n.intValue() == 0 ? "all" : value;
    }

    private static String lower(TaskKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }
}
