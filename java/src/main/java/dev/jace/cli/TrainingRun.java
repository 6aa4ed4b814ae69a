package dev.jace.cli;

import dev.jace.backend.Backend;
import dev.jace.constraint.ConstraintQuantity;
import dev.jace.constraint.ConstraintState;
import dev.jace.constraint.Method;
import dev.jace.constraint.Term;
import dev.jace.data.DeviationProfile;
import dev.jace.data.TaskKind;
import dev.jace.group.D4;
import dev.jace.io.AtomicFiles;
import dev.jace.io.FileFormatException;
import dev.jace.io.Json;
import dev.jace.io.MetricsLog;
import dev.jace.nn.Layer;
import dev.jace.nn.Sequential;
import dev.jace.train.DatasetData;
import dev.jace.train.JsonlMetrics;
import dev.jace.train.Metrics;
import dev.jace.train.ModelSpec;
import dev.jace.train.Split;
import dev.jace.train.Trainer;
import dev.jace.train.TrainerConfig;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/**
 * One method and seed trained into a folder: {@code config.json}, {@code metrics.jsonl}, {@code checkpoint/} (after
 * every epoch, for {@code --resume}), the final {@code model.safetensors} and {@code summary.json}. A run that does not
 * resume first removes what an earlier run left in the folder ({@link Outputs#RUN}); which folders may be written at
 * all is {@link OutFolder}'s to decide.
 */
final class TrainingRun {

    static final String METRICS = "metrics.jsonl";
    static final String CHECKPOINT = "checkpoint";
    /** The run's settings ({@link RunSummary#config}), written when it starts and checked when it resumes. */
    static final String CONFIG = "config.json";
    private static final Set<String> RESUMABLE_CHANGES = Set.of("epochs", "backend");

    /**
     * What a run produced.
     *
     * @param epochs   the epoch records of metrics.jsonl, one per epoch (the last written wins after a resume)
     * @param elements per-element D4 output deviation on the test inputs (image-to-image tasks only)
     */
    record Outcome(Method method, long seed, TrainerConfig config, Metrics.Result result, double wallSeconds,
                   List<Map<String, Object>> epochs, Optional<DeviationProfile> elements) {
    }

    private TrainingRun() {
    }

    /** The data, model and trainer configuration of a run. */
    private record Setup(DatasetData data, ModelSpec spec, TrainerConfig config) {
        static Setup of(LoadedTask task, Method method, long seed, TrainingOptions options) {
            DatasetData data = new DatasetData(task.dataset());
            TaskKind kind = task.dataset().kind();
            return new Setup(data, ModelSpec.forTraining(kind, options.group, data.inputShape(), method,
                    task.classes()), options.config(method, kind, seed));
        }
    }

    /**
     * A run as planned before anything is built or written.
     *
     * @param restore        whether it continues from the checkpoint in {@code out}
     * @param runConfig      its {@value #CONFIG}
     * @param startedEpochs  the epochs a resumed run started with, where it now runs for another number; its schedules
     *                       (the learning rate's decay, targets, weights) are then stretched over the new length
     * @param diverged       how a resumed run diverged when it last ran, where its {@value #METRICS} ends saying so
     */
    record Plan(Method method, long seed, Path out, DatasetData data, ModelSpec spec, TrainerConfig config,
                Map<String, Object> runConfig, boolean restore, Optional<Integer> startedEpochs,
                Optional<Metrics.Diverged> diverged) {
        /** E.g. "ace seed 0", as progress lines and messages name the run. */
        String name() {
            return method.id() + " seed " + seed;
        }
    }

    /**
     * Plans the run of {@code method} and {@code seed} in {@code out}, reading only its files: a run it would resume
     * that was started with other settings, or has more epochs done than asked for, is refused.
     *
     * @param newRunEpochs where --epochs is not given, the epochs of a run that does not resume a checkpoint (else the
     *                     task's default); a resumed one goes to its own end
     */
    static Plan plan(LoadedTask task, Method method, long seed, TrainingOptions options, Path out, boolean resume,
                     OptionalInt newRunEpochs) throws IOException {
        boolean restore = resume && Files.exists(Outputs.checkpointState(out));
        if (resume && !restore && Files.isDirectory(out)) {
            Outputs.requireNothingLostToResume(out);
        }
        Setup setup = Setup.of(task, method, seed, options);
        TrainerConfig config = setup.config();
        Map<String, Object> started = restore ? startedConfig(out) : Map.of();
        if (options.epochs == null) {
            if (started.get("epochs") instanceof Number recorded) {
                config = config.withEpochs(recorded.intValue());
            } else if (newRunEpochs.isPresent()) {
                config = config.withEpochs(newRunEpochs.getAsInt());
            }
        }
        Map<String, Object> runConfig = RunSummary.config(task, options, config);
        if (restore) {
            requireResumable(out, started, runConfig);
            requireEpochsDone(out, config.epochs());
        }
        Optional<Integer> startedEpochs = started.get("epochs") instanceof Number n && n.intValue() != config.epochs()
                ? Optional.of(n.intValue()) : Optional.empty();
        return new Plan(method, seed, out, setup.data(), setup.spec(), config, runConfig, restore, startedEpochs,
                restore ? lastDivergence(out) : Optional.empty());
    }

    /** How the run in {@code run} diverged, where its {@value #METRICS} ends saying so. */
    static Optional<Metrics.Diverged> lastDivergence(Path run) {
        try {
            return JsonlMetrics.divergence(run.resolve(METRICS));
        } catch (IOException e) {
            return Optional.empty();   // a missing or damaged log: said when --resume reads it
        }
    }

    /**
     * Says on stderr that {@code runs} (e.g. "the run in R", "2 runs"), which resume, diverged when they last ran
     * ({@code how}: e.g. "loss is NaN at step 5, in epoch 3"), and that they go on with the settings they diverged
     * with.
     */
    static void noteResumedDivergence(String runs, boolean plural, String how, PrintWriter err) {
        String they = plural ? "they" : "it";
        err.println("jace: " + runs + " diverged when " + they + " last ran (" + how + "); --resume goes on from "
                + (plural ? "their last checkpoints" : "its last checkpoint") + " with the settings " + they
                + " diverged with, so " + they + " may diverge again (lower settings need --force, which starts over)");
        err.flush();
    }

    /**
     * Says on stderr which of the resumed {@code plans} have no {@value #CONFIG} (removed, or from an older jace): the
     * settings they started with cannot be checked against these, beyond what the checkpoint records.
     */
    static void noteUnrecordedSettings(List<Plan> plans, PrintWriter err) {
        List<Path> unrecorded = plans.stream().filter(Plan::restore).map(Plan::out)
                .filter(out -> !Files.exists(out.resolve(CONFIG))).toList();
        if (!unrecorded.isEmpty()) {
            boolean one = unrecorded.size() == 1;
            err.println("jace: " + (one ? unrecorded.getFirst() + " has" : unrecorded.size() + " runs have") + " no "
                    + CONFIG + ", so --resume cannot check that these settings are the ones "
                    + (one ? "the run" : "each") + " started with (its checkpoint's method, seed, batch and samples are"
                    + " checked; the task's data, learning rate, method settings and epochs are not); " + CONFIG
                    + " is written with these");
            err.flush();
        }
    }

    /** Says on stderr that resumed runs now run for another number of epochs, and what that does to schedules. */
    static void noteStretchedSchedules(String runs, int epochs, int startedEpochs, PrintWriter err) {
        err.println("jace: resuming " + runs + " for " + epochs + " epochs (started for " + startedEpochs + "):"
                + " the learning rate's decay and the method's schedules are"
                + " stretched over the new length, so they go on from where that length puts them, not from where"
                + " they stopped");
        err.flush();
    }

    /**
     * A batch of more samples than the training split makes each epoch one step of the whole split: said, as it is not
     * what was given.
     */
    static void noteBatchBeyondSplit(Plan plan, PrintWriter err) {
        int samples = trainSamples(plan);
        int batch = plan.config().batchSize();
        if (batch > samples) {
            err.println("jace: --batch " + batch + " is more than the training split's " + samples + " samples, so"
                    + " each epoch is one step of all " + samples);
            err.flush();
        }
    }

    /**
     * A run of one step takes it where the learning rate's schedule ends (cosine decay to 0), so it changes no weight:
     * said, with the ways to more steps.
     */
    static void warnIfOneStep(Plan plan, PrintWriter err) {
        if (steps(plan) == 1 && plan.config().lrScale().value(0, 1) == 0) {
            int samples = trainSamples(plan);
            err.println("jace: warning: this run is one step, which the learning rate's decay to 0 takes at lr 0, so it"
                    + " changes no weight: give --epochs 2 or more" + (samples > 1 ? ", or a --batch below the training"
                    + " split's " + samples + " samples" : ""));
            err.flush();
        }
    }

    /**
     * ace's targets end at 0 unless an adaptive one was held by its multiplier (its timed ones are checked up front):
     * said, as ace's final projection, not training, then took those terms to 0. {@code inForce}: the targets the
     * last step trained with (one the last dual step took to 0 trained no step at 0).
     */
    private static void noteTargetsAboveZero(String label, Map<String, ConstraintState> inForce, PrintWriter err) {
        List<String> above = inForce.entrySet().stream().filter(s -> s.getValue().epsilon() != 0)
                .map(s -> String.format(Locale.ROOT, "%s (%.3g)", s.getKey(), s.getValue().epsilon())).toList();
        if (!above.isEmpty()) {
            boolean one = above.size() == 1;
            err.println("jace: " + label + ": at its last step the adaptive target" + (one ? " of " : "s of ")
                    + String.join(", ", above) + (one ? " was" : " were") + " still above 0 (a multiplier above θ"
                    + " holds a target while c stays above it), so ace's final projection, not training, took "
                    + (one ? "that term" : "those terms") + " to 0; a threshold θ (adaptive:A->0:D:θ) or more steps"
                    + " let a target reach 0 in time");
            err.flush();
        }
    }

    /** A model no weights make exactly invariant on the task's images (see {@link ModelSpec#invarianceLimit}): said. */
    static void warnIfNotExactlyInvariant(ModelSpec spec, PrintWriter err) {
        spec.invarianceLimit().ifPresent(why -> {
            err.println("jace: warning: " + why);
            err.flush();
        });
    }

    /**
     * Builds the model and trainer that the planned run will build (a resumed one for its own number of epochs, which
     * times its schedules) and closes them, so that what they refuse (settings, data) is refused before anything is
     * written; returns the quantities the method's terms weigh.
     */
    static List<ConstraintQuantity> terms(Backend backend, Plan plan) {
        try (Sequential model = plan.spec().build(backend, plan.seed());
             Trainer trainer = new Trainer(backend, model, plan.spec().symmetry(), plan.data(), plan.config(),
                     new Metrics.Listener() { })) {
            return trainer.loop().plan().terms().stream().map(Term::quantity).toList();
        }
    }

    /** The samples of the planned run's training split. */
    static int trainSamples(Plan plan) {
        return plan.data().size(Split.TRAIN);
    }

    /** The primal steps of the planned run. */
    static long steps(Plan plan) {
        return Trainer.totalSteps(plan.config(), trainSamples(plan));
    }

    /** What must happen to the output folder before a run writes to it, such as removing the output it replaces. */
    @FunctionalInterface
    interface BeforeWriting {
        void run() throws IOException;
    }

    /**
     * Trains the planned run, drawing its {@link ProgressBar} on {@code progress}, writing {@link EpochLines} to
     * {@code epochLog} and warnings to {@code err}. {@code beforeWriting} runs once the model and trainer have been
     * built, so that settings or data they refuse leave a replaced output in place.
     */
    static Outcome run(Backend backend, LoadedTask task, Plan plan, TrainingOptions options,
                       BeforeWriting beforeWriting, PrintStream progress, PrintWriter epochLog, PrintWriter err)
            throws IOException {
        Method method = plan.method();
        long seed = plan.seed();
        Path out = plan.out();
        Path metrics = out.resolve(METRICS);
        Path checkpoint = out.resolve(CHECKPOINT);
        DatasetData data = plan.data();
        ModelSpec spec = plan.spec();
        TrainerConfig config = plan.config();
        String label = plan.name();
        ProgressBar bar = new ProgressBar(progress, label, steps(plan), config.task().metricName());
        EpochLines lines = new EpochLines(epochLog, label, config.epochs(), config.task().metricName(),
                System::nanoTime);
        // Model and trainer first: data they refuse (non-square or too small images, an empty split) leaves --out
        // untouched.
        LastStep lastStep = new LastStep();
        try (Sequential model = spec.build(backend, seed);
             DeferredMetrics log = new DeferredMetrics();
             Trainer trainer = new Trainer(backend, model, spec.symmetry(), data, config,
                     listeners(log, bar, lines, lastStep))) {
            beforeWriting.run();
            Files.createDirectories(out);
            if (plan.restore()) {
                restore(trainer, checkpoint);
            } else {
                Outputs.RUN.removeFrom(out);
                // Before metrics.jsonl is made: config.json is what tells the folder as a run's when it is cut short.
                writeConfig(plan);
            }
            JsonlMetrics resumedLog;
            try {
                resumedLog = JsonlMetrics.resumed(metrics, trainer.step(), trainer.epoch());
            } catch (FileFormatException e) {
                throw withAdvice(e, LOG_ADVICE);
            }
            log.open(resumedLog);
            resumedLog.lost().ifPresent(lost -> err.println("jace: " + lost.describe(metrics)));
            err.flush();
            if (plan.restore()) {
                // Epochs and backend may have changed; config.json then says what the run now is.
                writeConfig(plan);
            }
            // metrics.jsonl holds every step record; kept in memory too, a long run's would grow to its end.
            trainer.checkpointEachEpoch(checkpoint).discardStepRecords();
            if (options.captureSteps) {
                trainer.captureSteps();
            }
            if (options.overlapSteps) {
                trainer.overlapSteps();
            }
            Metrics.Result result = trainer.run();
            if (method == Method.ACE) {
                noteTargetsAboveZero(label, lastStep.terms, err);
            }
            double wall = trainer.elapsedSeconds();
            ModelFile.save(out.resolve(ModelFile.NAME), backend, model, spec.afterTraining(method));
            Optional<DeviationProfile> elements = task.dataset().kind() == TaskKind.REGRESSION
                    ? Optional.of(elementDeviation(backend, model, task, config.batchSize(), bar)) : Optional.empty();
            Outcome outcome = new Outcome(method, seed, config, result, wall, epochRecords(metrics), elements);
            RunSummary.write(out.resolve(RunSummary.FILE), task, options, outcome, backend.name());
            return outcome;
        } finally {
            bar.close();
        }
    }

    private static void writeConfig(Plan plan) throws IOException {
        AtomicFiles.writeString(plan.out().resolve(CONFIG), Json.writePretty(plan.runConfig()));
    }

    private static final String LOG_ADVICE = "--resume keeps this log's records up to the checkpoint: mend or"
            + " remove that record";

    /**
     * Reads and checks what the run of {@code plan} would resume from (its checkpoint, restored into a model and
     * trainer made for the purpose, and its log) and changes nothing: compare checks every run so before any trains.
     */
    static void requireResumable(Backend backend, Plan plan) throws IOException {
        try (Sequential model = plan.spec().build(backend, plan.seed());
             Trainer trainer = new Trainer(backend, model, plan.spec().symmetry(), plan.data(), plan.config(),
                     new Metrics.Listener() { })) {
            restore(trainer, plan.out().resolve(CHECKPOINT));
        }
        try {
            JsonlMetrics.requireResumable(plan.out().resolve(METRICS));
        } catch (FileFormatException e) {
            throw withAdvice(e, LOG_ADVICE);
        }
    }

    /** Restores {@code trainer} from {@code checkpoint}; a damaged or missing file is named with the ways on. */
    private static void restore(Trainer trainer, Path checkpoint) throws IOException {
        try {
            trainer.restoreCheckpoint(checkpoint);
            requireAtAnEpochsEnd(trainer, checkpoint);
        } catch (FileFormatException e) {
            throw withAdvice(e, "--resume continues from this checkpoint: restore it");
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(e.getFile(), null, "missing; --resume continues from this"
                    + " checkpoint: restore it, or start over with --force");
        }
    }

    /**
     * Train and compare checkpoint only at an epoch's end, so the step count of theirs is the epochs' steps; another
     * (edited, or an older jace's checkpoint, which does not record its batch size, resumed with another --batch) would
     * run the schedules and the progress from the wrong step.
     */
    private static void requireAtAnEpochsEnd(Trainer trainer, Path checkpoint) throws IOException {
        long atEnd = (long) trainer.epoch() * trainer.stepsPerEpoch();
        if (trainer.step() == atEnd) {
            return;
        }
        Path state = checkpoint.resolve("state.json");
        String found = "step " + trainer.step() + " after epoch " + trainer.epoch() + ", but this run's epochs take "
                + trainer.stepsPerEpoch() + " steps each, so its checkpoint is at step " + atEnd;
        Map<String, Object> json = Json.readObject(state);
        if (!(json.get("batchSize") instanceof Number batch && batch.longValue() > 0)) {
            throw new IllegalArgumentException(state + " was written by an older jace, which did not record the batch"
                    + " size: it is at " + found + "; resume with the run's own --batch, or start over with --force");
        }
        throw new FileFormatException(state, "says " + found);
    }

    /** A damaged file that --resume needs: what is wrong with it, and the ways on. */
    private static FileFormatException withAdvice(FileFormatException e, String use) {
        return new FileFormatException(e.file(), e.problem() + "; " + use + ", or start over with --force", e);
    }

    /** The run's metrics.jsonl, opened once the trainer knows where it starts. */
    private static final class DeferredMetrics implements Metrics.Listener, AutoCloseable {
        private JsonlMetrics log;

        void open(JsonlMetrics opened) {
            log = opened;
        }

        @Override
        public void onStep(Metrics.Step s) {
            log.onStep(s);
        }

        @Override
        public void onEpoch(Metrics.Epoch e) {
            log.onEpoch(e);
        }

        @Override
        public void onDiverged(Metrics.Diverged d) {
            log.onDiverged(d);
        }

        @Override
        public void close() throws IOException {
            if (log != null) {
                log.close();
            }
        }
    }

    /** The terms of the last step trained (none in a resumed run with no step left), with their targets in force. */
    private static final class LastStep implements Metrics.Listener {
        Map<String, ConstraintState> terms = Map.of();

        @Override
        public void onStep(Metrics.Step step) {
            terms = step.terms();
        }
    }

    private static Metrics.Listener listeners(Metrics.Listener log, ProgressBar bar, EpochLines lines,
                                              LastStep lastStep) {
        return new Metrics.Listener() {
            @Override
            public void onStep(Metrics.Step step) {
                log.onStep(step);
                bar.onStep(step);
                lastStep.onStep(step);
            }

            @Override
            public void onEpoch(Metrics.Epoch epoch) {
                log.onEpoch(epoch);
                lines.onEpoch(epoch);
            }

            @Override
            public void onEvaluating(Metrics.Evaluating progress) {
                bar.onEvaluating(progress);
            }

            @Override
            public void onDiverged(Metrics.Diverged diverged) {
                log.onDiverged(diverged);
            }
        };
    }

    /**
     * The model's deviation per D4 element on the test inputs, comparable with the teacher's ground truth, measured
     * on {@code batch} samples at a time as the run's evaluation is.
     */
    private static DeviationProfile elementDeviation(Backend backend, Sequential model, LoadedTask task, int batch,
                                                     ProgressBar bar) {
        var test = task.dataset().test();
        return DeviationProfile.measure(backend, new D4(), Layer.inferenceCopy(backend, model), test.inputs(),
                test.inputBatchShape(test.count()), batch, bar.passOver("measuring per-element deviation",
                        test.count()));
    }

    /**
     * Refuses to resume a run that was started with other settings, which would mix two runs in one: only the number
     * of epochs may change (down to the epochs done, checked once the checkpoint is read), and the backend may change
     * (checkpoints are backend-neutral). A folder without {@value #CONFIG} (written by an older jace) is resumed
     * unchecked, and so is a setting that an older jace did not record (such as "method_settings").
     */
    private static void requireResumable(Path out, Map<String, Object> started, Map<String, Object> now) {
        if (started.isEmpty()) {
            return;
        }
        Map<String, Object> current = Json.parseObject(Json.write(now));
        List<String> differences = new ArrayList<>();
        for (String key : current.keySet()) {
            // A setting the started config lacks was not recorded by the jace that wrote it.
            if (!RESUMABLE_CHANGES.contains(key) && started.containsKey(key)) {
                addDifferences(key, started.get(key), current.get(key), differences);
            }
        }
        if (!differences.isEmpty()) {
            throw new IllegalArgumentException("cannot resume " + out + ": it was started with other settings ("
                    + String.join("; ", differences) + "); give the same options, or --force instead of --resume to"
                    + " start over");
        }
    }

    /** "name then, now", or for two objects each differing field's, named {@code name.field}. */
    private static void addDifferences(String name, Object then, Object now, List<String> differences) {
        if (then instanceof Map<?, ?> before && now instanceof Map<?, ?> after) {
            Set<Object> keys = new LinkedHashSet<>(before.keySet());
            keys.addAll(after.keySet());
            keys.forEach(key -> addDifferences(name + "." + key, before.get(key), after.get(key), differences));
        } else if (!Objects.equals(then, now)) {
            differences.add(name + " " + given(then) + " then, " + given(now) + " now");
        }
    }

    private static Object given(Object setting) {
        return setting == null ? "not given" : setting;
    }

    /**
     * Refuses fewer epochs than the checkpoint has done, in the terms of the flag; the trainer refuses them too, but
     * in its own. A state file without a readable epoch count is left to the trainer to report.
     */
    private static void requireEpochsDone(Path out, int epochs) throws IOException {
        Object done;
        try {
            done = Json.readObject(Outputs.checkpointState(out)).get("epoch");
        } catch (FileFormatException malformed) {
            return;
        }
        if (done instanceof Number n && n.intValue() > epochs) {
            throw new IllegalArgumentException("cannot resume " + out + " with --epochs " + epochs + ": its checkpoint"
                    + " has " + done + " epochs done; give --epochs " + done + " or more");
        }
    }

    /** The epochs that the run in {@code out} was started for, where it has a checkpoint to resume. */
    static OptionalInt startedEpochs(Path out) throws IOException {
        if (Files.exists(Outputs.checkpointState(out)) && startedConfig(out).get("epochs") instanceof Number n) {
            return OptionalInt.of(n.intValue());
        }
        return OptionalInt.empty();
    }

    /**
     * The settings {@value #CONFIG} recorded when the run started, its task's fields under their present names
     * ({@link TaskRecord#withFieldNames}); empty where an older jace wrote none.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> startedConfig(Path out) throws IOException {
        Path file = out.resolve(CONFIG);
        if (!Files.exists(file)) {
            return Map.of();
        }
        String why = "; it holds the settings the run started with, which --resume checks: restore it, or start the"
                + " run over with --force";
        Map<String, Object> started;
        try {
            started = Json.readObject(file);
        } catch (FileFormatException e) {
            throw new FileFormatException(file, e.problem() + why, e);
        }
        Object epochs = started.get("epochs");
        if (epochs != null && !RunConfig.isCount(epochs)) {
            throw new FileFormatException(file, "'epochs' is " + Json.write(epochs) + ", not a count of epochs" + why);
        }
        if (started.get(TaskRecord.TASK_CONFIG) instanceof Map<?, ?> task) {
            started.put(TaskRecord.TASK_CONFIG, TaskRecord.withFieldNames((Map<String, Object>) task));
        }
        return started;
    }

    /** Epoch lines of a metrics file, one per epoch index (later lines replace earlier ones). */
    static List<Map<String, Object>> epochRecords(Path metrics) throws IOException {
        TreeMap<Long, Map<String, Object>> byEpoch = new TreeMap<>();
        MetricsLog.forEach(metrics, line -> {
            if ("epoch".equals(line.get("type"))) {
                byEpoch.put(((Number) line.get("epoch")).longValue(), line);
            }
        });
        return List.copyOf(byEpoch.values());
    }
}
