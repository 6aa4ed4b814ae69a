package dev.jace.cli;

import dev.jace.backend.Backend;
import dev.jace.constraint.Method;
import dev.jace.io.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "compare", description = "Trains every method with seeds 0..N-1 (each into --out/runs/METHOD-sSEED),"
        + " prints the comparison table and writes compare.md, compare.csv and plots/*.png to --out.")
final class CompareCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    TaskOptions task = new TaskOptions();

    @Mixin
    TrainingOptions training = new TrainingOptions();

    @Option(names = "--methods", split = ",", defaultValue = "strict,unconstrained,penalty,ace,ace-resilient",
            description = "Comma-separated methods (default: ${DEFAULT-VALUE}).",
            converter = NamedValues.MethodName.class)
    List<Method> methods;

    @Option(names = "--seeds", defaultValue = "3", description = "Seeds per method (default: ${DEFAULT-VALUE}).",
            converter = Numbers.AtLeastOne.class)
    int seeds;

    @Option(names = "--out", required = true, description = "Output folder.")
    Path out;

    @Option(names = "--resume", description = "Continue each run from its last epoch checkpoint in --out/runs (a"
            + " finished run is only evaluated again, a missing one trained); the options must be those it started"
            + " with, but for --epochs and --backend.")
    boolean resume;

    @Override
    public Integer call() throws Exception {
        List<Method> chosen = methods.stream().distinct().toList();
        LoadedTask loaded = task.load();
        Map<Method, List<TrainingRun.Outcome>> runs = new LinkedHashMap<>();
        try (Backend backend = training.backend.open();
             ResumeHint _ = ResumeHint.install(spec.commandLine().getErr(), "finished runs and the others' last"
                     + " epoch checkpoints are kept in " + out.resolve("runs"))) {
            int total = chosen.size() * seeds;
            for (Method m : chosen) {
                List<TrainingRun.Outcome> outcomes = new ArrayList<>();
                for (long seed = 0; seed < seeds; seed++) {
                    TrainingRun.Outcome o = TrainingRun.run(backend, loaded, m, seed, training,
                            out.resolve("runs").resolve(m.id() + "-s" + seed), resume,
                            ProgressBar.wanted(training.quiet) ? Optional.of(System.err) : Optional.empty());
                    outcomes.add(o);
                    if (!training.quiet) {
                        int done = runs.size() * seeds + outcomes.size();
                        spec.commandLine().getErr().printf(Locale.ROOT,
                                "compare: [%d/%d] %s seed %d: test %s %.4g, %.1f s%n", done, total, m.id(), seed,
                                o.config().task().metricName(), o.result().finalEvaluation().metric(),
                                o.wallSeconds()).flush();
                    }
                }
                runs.put(m, outcomes);
            }
        }
        String metric = runs.values().iterator().next().getFirst().config().task().metricName();
        CompareTable table = CompareTable.of(metric, runs, loaded.groundTruth());
        AtomicFiles.writeString(out.resolve("compare.md"), table.markdown());
        AtomicFiles.writeString(out.resolve("compare.csv"), table.csv());
        boolean plots = Plots.available();
        if (plots) {
            ComparePlots.write(out.resolve("plots"), metric, table, runs);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(table.text());
        if (!plots) {
            stdout.println(Plots.SKIPPED);
        }
        stdout.println("wrote compare.md, compare.csv" + (plots ? ", plots/" : "") + " and runs/ to " + out);
        stdout.flush();
        return 0;
    }
}
