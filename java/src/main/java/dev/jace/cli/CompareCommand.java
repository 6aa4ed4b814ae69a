package dev.jace.cli;

import dev.jace.backend.Backend;
import dev.jace.constraint.ConstraintQuantity;
import dev.jace.constraint.Method;
import dev.jace.io.AtomicFiles;
import dev.jace.train.TrainingDivergedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

@Command(name = "compare", description = "Trains each method of --methods with seeds 0..N-1 (each into"
        + " --out/runs/METHOD-sSEED),"
        + " prints the comparison table and writes compare.md, compare.csv and plots/*.png to --out.")
final class CompareCommand implements Callable<Integer> {

    static final String MARKDOWN = "compare.md";
    static final String CSV = "compare.csv";
    /** The most runs (methods × seeds) a compare plans: every run is planned, and held, before any trains. */
    static final int MAX_RUNS = 10_000;

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

    @Option(names = "--out", required = true, description = "Output folder: new, empty, or holding this compare"
            + " (--resume, --force).", converter = PathOption.Folder.class)
    Path out;

    @Option(names = "--resume", description = "Continue the compare in --out: each run from its last epoch checkpoint"
            + " in --out/runs (a finished run is only evaluated again, a missing one trained, so more --seeds or"
            + " --methods add runs, but none may be left out); the options its runs' config.json record must be"
            + " those it started with, but --epochs (when not given, the runs go to the end they were started for,"
            + " and added ones to the same); --backend and its CUDA flags, --capture-steps and --overlap-steps may"
            + " change. A --out that does not exist is an error.")
    boolean resume;

    @Option(names = "--force", description = "Replace the compare in --out: remove the files of the previous jace"
            + " compare there (compare.md, compare.csv, plots/*.png, runs/) first, keeping any other file. Without"
            + " --resume or --force a non-empty --out is refused.")
    boolean force;

    @Override
    public Integer call() throws Exception {
        List<Method> chosen = methods.stream().distinct().toList();
        PrintWriter err = spec.commandLine().getErr();
        training.methods.check(chosen, err);
        long planned = (long) chosen.size() * seeds;
        if (planned > MAX_RUNS) {
            throw new ParameterException(spec.commandLine(), "--seeds " + seeds + " with " + chosen.size() + " method"
                    + (chosen.size() == 1 ? "" : "s") + " makes " + planned + " runs, more than a compare plans ("
                    + MAX_RUNS + "); give --seeds " + MAX_RUNS / chosen.size() + " or fewer");
        }
        OutFolder folder = OutFolder.plan(spec.commandLine(), out, Outputs.COMPARE, resume, force);
        training.backend.requireAvailable();
        LoadedTask loaded = training.loadFitting(spec.commandLine(), task);
        Map<Method, List<TrainingRun.Outcome>> runs = new LinkedHashMap<>();
        List<DivergedRun> diverged = new ArrayList<>();
        List<TrainingRun.Plan> plans = plans(loaded, chosen, folder);
        task.warnIfSubsetBeyondSplits(loaded.dataset(), err);
        training.warnIfProbeExceedsBatch(TrainingRun.trainSamples(plans.getFirst()), err);
        TrainingRun.noteBatchBeyondSplit(plans.getFirst(), err);
        TrainingRun.warnIfOneStep(plans.getFirst(), err);
        TrainingRun.warnIfNotExactlyInvariant(plans.getFirst().spec(), err);
        if (folder.resume()) {
            requireEveryRunPlanned(plans, chosen);
        }
        try (OutFolder.Preparation preparation = folder.preparation(err);
             Backend backend = training.backend.open()) {
            training.methods.checkTerms(chosen, m -> termsOfEveryRun(backend, plans, m), err);
            long fewestSteps = plans.stream().mapToLong(TrainingRun::steps).min().orElseThrow();
            training.methods.warnIfNoDualStep(chosen, fewestSteps, err);
            training.methods.warnIfStepsBeyondRun(chosen, fewestSteps, err);
            noteStretchedSchedules(plans, err);
            TrainingRun.noteUnrecordedSettings(plans, err);
            noteResumedDivergence(plans, err);
            for (TrainingRun.Plan plan : plans) {
                if (plan.restore()) {
                    TrainingRun.requireResumable(backend, plan);
                }
            }
            try (ResumeHint hint = ResumeHint.forCompare(err, out)) {
                hint.run(() -> {
                    trainAll(backend, loaded, plans, preparation, runs, diverged);
                    report(loaded, runs, diverged);
                });
            }
        }
        if (!diverged.isEmpty()) {
            err.println("jace: " + diverged.size() + " of " + chosen.size() * seeds + " runs diverged and are left out"
                    + " of the table (its seeds column counts the others): " + briefly(diverged));
            err.println("jace: to have them in it, compare again with lower settings and --force (a --resume keeps the"
                    + " settings that diverged)");
            err.flush();
            return 1;
        }
        return 0;
    }

    /** Writes the table and plots of the runs that did not diverge, and prints the table. */
    private void report(LoadedTask loaded, Map<Method, List<TrainingRun.Outcome>> runs, List<DivergedRun> diverged)
            throws IOException {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("every run diverged: " + briefly(diverged) + "; lower "
                    + "--lr, then compare --force to start over");
        }
        String metric = runs.values().iterator().next().getFirst().config().task().metricName();
        CompareTable table = CompareTable.of(metric, runs, loaded.groundTruth());
        // The table is the result: it is written and printed before the plots, which may fail, and the previous
        // compare's plots are removed first so that none is left beside it.
        Outputs.removePlotsOf(out);
        AtomicFiles.writeString(out.resolve(MARKDOWN), table.markdown() + leftOut(diverged));
        AtomicFiles.writeString(out.resolve(CSV), table.csv());
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(table.text());
        stdout.flush();
        Optional<String> plotsSkipped = Plots.draw(() -> ComparePlots.write(out.resolve("plots"), metric, table, runs));
        plotsSkipped.ifPresent(stdout::println);
        stdout.println("wrote compare.md, compare.csv" + (plotsSkipped.isEmpty() ? ", plots/" : "") + " and runs/ to "
                + out);
        stdout.flush();
    }

    /** A run left out of the table, e.g. "ace seed 0", and its divergence. */
    private record DivergedRun(String name, TrainingDivergedException failure) {
    }

    /** E.g. "ace seed 0 (loss is NaN at step 5, in epoch 3), ace seed 1 (...)"; their full messages are above. */
    private static String briefly(List<DivergedRun> diverged) {
        return diverged.stream().map(r -> r.name() + " (" + r.failure().diverged().describe() + ")")
                .collect(Collectors.joining(", "));
    }

    /** compare.md's list of the runs that diverged, so that the file says why a seeds column is short. */
    private static String leftOut(List<DivergedRun> diverged) {
        if (diverged.isEmpty()) {
            return "";
        }
        StringBuilder list = new StringBuilder("\nDiverged and left out of the table (its seeds column counts the"
                + " others):\n\n");
        diverged.forEach(run -> list.append("- ").append(run.name()).append(": ").append(run.failure().getMessage())
                .append('\n'));
        return list.toString();
    }

    /** Every run, planned (a resumed one checked against its start) before any trains. */
    private List<TrainingRun.Plan> plans(LoadedTask loaded, List<Method> chosen, OutFolder folder) throws IOException {
        OptionalInt newRunEpochs = folder.resume() && training.epochs == null ? epochsOfStartedRuns()
                : OptionalInt.empty();
        List<TrainingRun.Plan> plans = new ArrayList<>();
        for (Method m : chosen) {
            for (long seed = 0; seed < seeds; seed++) {
                plans.add(TrainingRun.plan(loaded, m, seed, training,
                        out.resolve(Outputs.RUNS).resolve(m.id() + "-s" + seed), folder.resume(), newRunEpochs));
            }
        }
        return plans;
    }

    /**
     * The epochs that the runs of the compare being resumed were started for, which the runs it adds (more --seeds or
     * --methods) take where --epochs is not given: a table of runs of different lengths would compare them as alike.
     * Runs started for different numbers are refused for the same reason.
     */
    private OptionalInt epochsOfStartedRuns() throws IOException {
        Map<String, Integer> started = new TreeMap<>();
        for (Path run : Outputs.compareRuns(out)) {
            TrainingRun.startedEpochs(run).ifPresent(e -> started.put(run.getFileName().toString(), e));
        }
        Set<Integer> lengths = new TreeSet<>(started.values());
        if (lengths.size() > 1) {
            throw new ParameterException(spec.commandLine(), out + " holds runs started for different numbers of epochs"
                    + " (" + started.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                    .collect(Collectors.joining(", ")) + "), which its table would compare as alike; resume with"
                    + " --epochs to bring them all to one length (no fewer than any has done), or start over with"
                    + " --force");
        }
        return lengths.stream().mapToInt(Integer::intValue).findFirst();
    }

    /**
     * The terms of {@code method}, the same for each of its runs: they differ only in seed, which changes nothing the
     * trainer checks, and are planned for one number of epochs (which times the schedules it checks). Its first run is
     * built as planned, so that what the runs' trainer refuses is refused before any run trains.
     */
    private static List<ConstraintQuantity> termsOfEveryRun(Backend backend, List<TrainingRun.Plan> plans,
                                                            Method method) {
        return TrainingRun.terms(backend, plans.stream().filter(p -> p.method() == method).findFirst().orElseThrow());
    }

    /**
     * A resumed compare may add runs (more --seeds or --methods) but not drop any: a dropped run's folder and plots would
     * stay beside a table that leaves it out.
     */
    private void requireEveryRunPlanned(List<TrainingRun.Plan> plans, List<Method> chosen) throws IOException {
        Set<Path> planned = plans.stream().map(p -> p.out().toAbsolutePath().normalize()).collect(Collectors.toSet());
        List<String> dropped = new ArrayList<>();
        for (Path run : Outputs.compareRuns(out)) {
            // an empty folder of a run stopped before it wrote anything holds nothing to leave behind
            if (Outputs.RUN.foundIn(run) && !planned.contains(run.toAbsolutePath().normalize())) {
                dropped.add(run.getFileName().toString());
            }
        }
        if (!dropped.isEmpty()) {
            throw new ParameterException(spec.commandLine(), out + " holds runs that --methods " + String.join(",",
                    chosen.stream().map(Method::id).toList()) + " and --seeds " + seeds + " leave out: "
                    + String.join(", ", dropped) + "; resume with the compare's own --methods and --seeds (more is"
                    + " fine), or start over with --force");
        }
    }

    private static void noteStretchedSchedules(List<TrainingRun.Plan> plans, PrintWriter err) {
        List<TrainingRun.Plan> stretched = plans.stream().filter(p -> p.startedEpochs().isPresent()).toList();
        if (!stretched.isEmpty()) {
            TrainingRun.noteStretchedSchedules(stretched.size() + " of the compare's runs",
                    stretched.getFirst().config().epochs(), stretched.getFirst().startedEpochs().orElseThrow(), err);
        }
    }

    private static void noteResumedDivergence(List<TrainingRun.Plan> plans, PrintWriter err) {
        List<String> diverged = plans.stream().flatMap(p -> p.diverged().stream().map(d -> p.name() + ": "
                + d.describe())).toList();
        if (!diverged.isEmpty()) {
            TrainingRun.noteResumedDivergence(diverged.size() == 1 ? "1 run" : diverged.size() + " runs",
                    diverged.size() > 1, String.join("; ", diverged), err);
        }
    }

    /**
     * Trains the planned runs in order. The folder is prepared (a replaced compare removed) when the first run is about
     * to write, once its model and trainer are built. A run that diverges is named in {@code diverged} and left out, so
     * that one bad method does not lose the others' comparison.
     */
    private void trainAll(Backend backend, LoadedTask loaded, List<TrainingRun.Plan> plans,
                          TrainingRun.BeforeWriting prepareOnce, Map<Method, List<TrainingRun.Outcome>> runs,
                          List<DivergedRun> diverged) throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        int done = 0;
        for (TrainingRun.Plan plan : plans) {
            done++;
            String run = plan.name();
            TrainingRun.Outcome o;
            try {
                // Off a terminal a compare says what each run ended with (below), not each epoch.
                o = TrainingRun.run(backend, loaded, plan, training, prepareOnce,
                        TerminalLine.stream(training.quiet), new PrintWriter(Writer.nullWriter()), err);
            } catch (TrainingDivergedException e) {
                diverged.add(new DivergedRun(run, e));
                err.printf(Locale.ROOT, "compare: [%d/%d] %s: %s%n", done, plans.size(), run, e.getMessage()).flush();
                continue;
            }
            runs.computeIfAbsent(plan.method(), m -> new ArrayList<>()).add(o);
            if (!training.quiet) {
                err.printf(Locale.ROOT, "compare: [%d/%d] %s: test %s %.4g, %.1f s%n", done, plans.size(), run,
                        o.config().task().metricName(), o.result().finalEvaluation().metric(), o.wallSeconds())
                        .flush();
            }
        }
    }
}
