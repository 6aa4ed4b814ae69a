package dev.jace.cli;

import dev.jace.backend.Backend;
import dev.jace.constraint.Method;
import dev.jace.train.TrainingDivergedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

@Command(name = "train", description = "Trains the task's default model with one method. Writes to --out:"
        + " config.json, metrics.jsonl, summary.json, model.safetensors, checkpoint/ and plots/*.png (not in a bundle"
        + " built without --plots).")
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    TaskOptions task = new TaskOptions();

    @Mixin
    TrainingOptions training = new TrainingOptions();

    @Option(names = "--method", required = true, description = "strict, unconstrained, penalty, scheduled, rpp,"
            + " softreg, ace or ace-resilient.", converter = NamedValues.MethodName.class)
    Method method;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the weights and batch order (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--resume", description = "Continue the run in --out from its last epoch checkpoint (one that"
            + " finished is evaluated again); the options config.json records must be those it started with, but"
            + " --epochs (kept when not given; more continues training); --backend and its CUDA flags,"
            + " --capture-steps and --overlap-steps may change. Where --out is empty or holds a run stopped before"
            + " its first checkpoint, a new run starts there, said on stderr; a --out that does not exist is an"
            + " error.")
    boolean resume;

    @Option(names = "--force", description = "Replace the run in --out: remove the files of the previous jace run"
            + " there first (config.json, metrics.jsonl, checkpoint/ and .checkpoint.new/, summary.json,"
            + " model.safetensors, plots/*.png),"
            + " keeping any other file. Without --resume or --force a non-empty --out is refused.")
    boolean force;

    @Option(names = "--out", required = true, description = "Output folder: new, empty, or holding this run"
            + " (--resume, --force).", converter = PathOption.Folder.class)
    Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        training.methods.check(List.of(method), err);
        OutFolder folder = OutFolder.plan(spec.commandLine(), out, Outputs.RUN, resume, force);
        training.backend.requireAvailable();
        LoadedTask loaded = training.loadFitting(spec.commandLine(), task);
        TrainingRun.Plan plan = TrainingRun.plan(loaded, method, seed, training, out, folder.resume(),
                OptionalInt.empty());
        task.warnIfSubsetBeyondSplits(loaded.dataset(), err);
        training.warnIfProbeExceedsBatch(TrainingRun.trainSamples(plan), err);
        TrainingRun.noteBatchBeyondSplit(plan, err);
        TrainingRun.warnIfOneStep(plan, err);
        TrainingRun.warnIfNotExactlyInvariant(plan.spec(), err);
        try (Backend backend = training.backend.open()) {
            training.methods.checkTerms(List.of(method), m -> TrainingRun.terms(backend, plan), err);
            training.methods.warnIfNoDualStep(List.of(method), TrainingRun.steps(plan), err);
            training.methods.warnIfStepsBeyondRun(List.of(method), TrainingRun.steps(plan), err);
            plan.startedEpochs().ifPresent(started -> TrainingRun.noteStretchedSchedules("the run in " + out,
                    plan.config().epochs(), started, err));
            TrainingRun.noteUnrecordedSettings(List.of(plan), err);
            plan.diverged().ifPresent(d -> TrainingRun.noteResumedDivergence("the run in " + out, false, d.describe(),
                    err));
            try (OutFolder.Preparation preparation = folder.preparation(err);
                 ResumeHint hint = ResumeHint.forRun(err, out)) {
                hint.run(() -> finish(loaded, TrainingRun.run(backend, loaded, plan, training, preparation,
                        TerminalLine.stream(training.quiet), EpochLines.writer(training.quiet, err), err), stdout));
            } catch (TrainingDivergedException e) {
                throw ResumeHint.diverged(e, out);
            }
        }
        return 0;
    }

    /** E.g. "rotation 0.1504, reflection 0.1130": the output deviation per symmetry type. */
    static String deviations(Map<String, Double> perType) {
        return perType.entrySet().stream().map(e -> String.format(Locale.ROOT, "%s %.4g", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
    }

    /** Plots and the report on stdout. */
    private void finish(LoadedTask loaded, TrainingRun.Outcome o, PrintWriter stdout) throws IOException {
        Outputs.removePlotsOf(out); // a resumed run's old plots, which would stay beside its summary if these fail
        Optional<String> plotsSkipped = Plots.draw(() -> Plots.run(out.resolve("plots"), o));
        var test = o.result().finalEvaluation();
        stdout.printf(Locale.ROOT, "%s %s seed %d: test %s %.6g, deviation %s, %.1f s%n", loaded.config().name(),
                method.id(), seed, o.config().task().metricName(), test.metric(), deviations(test.deviation()),
                o.wallSeconds());
        if (!o.result().symmetryLevels().levels().isEmpty()) {
            stdout.println("symmetry levels: " + o.result().symmetryLevels().describeRanking());
            RankingCheck.of(loaded.groundTruth(), o.result().symmetryLevels())
                    .ifPresent(check -> stdout.println("ranking: " + check.describe()));
        }
        List<String> written = new ArrayList<>(List.of(TrainingRun.CONFIG, TrainingRun.METRICS, RunSummary.FILE,
                ModelFile.NAME, TrainingRun.CHECKPOINT + "/"));
        plotsSkipped.ifPresentOrElse(stdout::println, () -> written.add("plots/"));
        stdout.println("wrote " + written + " to " + out);
        stdout.flush();
    }
}
