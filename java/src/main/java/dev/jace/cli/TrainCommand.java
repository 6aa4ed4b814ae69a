package dev.jace.cli;

import dev.jace.backend.Backend;
import dev.jace.constraint.Method;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "train", description = "Trains the task's default model with one method; writes metrics.jsonl,"
        + " summary.json, model.safetensors and plots/*.png to --out.")
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

    @Option(names = "--resume", description = "Continue from the last epoch checkpoint in --out; the options must be"
            + " those the run started with, but for --epochs (which may grow) and --backend.")
    boolean resume;

    @Option(names = "--out", required = true, description = "Output folder.")
    Path out;

    @Override
    public Integer call() throws Exception {
        LoadedTask loaded = task.load();
        PrintWriter stdout = spec.commandLine().getOut();
        try (Backend backend = training.backend.open();
             ResumeHint _ = ResumeHint.install(spec.commandLine().getErr(), "the last epoch checkpoint is kept in "
                     + out.resolve(TrainingRun.CHECKPOINT))) {
            TrainingRun.Outcome o = TrainingRun.run(backend, loaded, method, seed, training, out, resume,
                    ProgressBar.wanted(training.quiet) ? Optional.of(System.err) : Optional.empty());
            boolean plots = Plots.available();
            if (plots) {
                Plots.run(out.resolve("plots"), o);
            }
            var test = o.result().finalEvaluation();
            stdout.printf(Locale.ROOT, "%s %s seed %d: test %s %.6g, deviation %s, %.1f s%n", loaded.config().name(),
                    method.id(), seed, o.config().task().metricName(), test.metric(), test.deviation(),
                    o.wallSeconds());
            if (!o.result().symmetryLevels().levels().isEmpty()) {
                stdout.println("symmetry levels: " + o.result().symmetryLevels().describeRanking());
                RankingCheck.of(loaded.groundTruth(), o.result().symmetryLevels())
                        .ifPresent(check -> stdout.println("ranking: " + check.describe()));
            }
            List<String> written = new ArrayList<>(List.of(TrainingRun.METRICS, "summary.json", ModelFile.NAME));
            if (plots) {
                written.add("plots/");
            } else {
                stdout.println(Plots.SKIPPED);
            }
            stdout.println("wrote " + written + " to " + out);
            stdout.flush();
        }
        return 0;
    }
}
