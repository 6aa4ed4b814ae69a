package dev.jace.cli;

import dev.jace.backend.Backend;
import dev.jace.backend.CapturedWork;
import dev.jace.backend.FeatureRep;
import dev.jace.backend.Precision;
import dev.jace.backend.cpu.CpuBackend;
import dev.jace.backend.cuda.CudaBackend;
import dev.jace.backend.cuda.GroupConvAlgorithm;
import dev.jace.backend.cuda.GroupConvKey;
import dev.jace.constraint.Method;
import dev.jace.data.TaskKind;
import dev.jace.group.C4;
import dev.jace.group.D4;
import dev.jace.group.Group;
import dev.jace.nn.Sequential;
import dev.jace.ops.Algorithm;
import dev.jace.tensor.Shape;
import dev.jace.train.ModelSpec;
import dev.jace.tensor.Tensor;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The ops of {@code jace bench} on one backend: each timed with a wall clock around the call and
 * {@link Backend#synchronize()}. On CUDA a timed rep runs the call back to back for at least
 * {@link #MIN_CUDA_REP_NANOS} (at most {@link RepTimer#MAX_CALLS_PER_REP} times) before its one synchronize
 * ({@link RepTimer}), so that a kernel of microseconds is timed at its rate on the device rather than at the launch
 * and synchronisation around it (tens of µs); on the CPU, whose calls finish before they return, a rep is one call,
 * and an op is warmed up and retimed until it runs at its steady pace ({@link BenchConfig#cpuSettling()}).
 * Convolutions run once per algorithm (DIRECT, then the EXPANDED baseline).
 */
final class BenchRun {

    private static final String FLOPS = "GFLOP/s";
    private static final String BYTES = "GB/s";
    private static final String IMAGES = "img/s";
    /** Training steps per timed call of the ace-step rows: overlapped steps need a run of steps to overlap. */
    static final int STEPS_PER_CALL = 4;
    /** The least length of a timed rep on CUDA: 2 ms, 200 times the ~10 µs of a launch and synchronize. */
    static final long MIN_CUDA_REP_NANOS = 2_000_000;

    private enum Pass { FWD, BWD_DATA, BWD_FILTER }

    private final String kind;
    private final Precision precision;
    private final BenchConfig config;
    private final Consumer<String> baseline;
    private final Consumer<BenchRow> measured;
    /** What each backend opened is used through: itself, or for a test a view that counts its calls. */
    private final UnaryOperator<Backend> through;
    private final List<BenchRow> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private int fewestCallsPerRep = Integer.MAX_VALUE;
    private int mostCallsPerRep;
    private int timedOps;
    private int fewestWarmUps = Integer.MAX_VALUE;
    private int mostWarmUps;
    private final LongSupplier compilerTicks = JitActivity.compilerTicks().orElse(() -> 0);
    /**
     * The ops whose first window of reps did not pass ({@link Settling}), with the windows they ran, and of them those
     * none of whose windows did.
     */
    private final List<String> retimed = new ArrayList<>();
    private final List<String> unsettled = new ArrayList<>();

    /**
     * {@code baseline} hears the name of the backend the EXPANDED rows run on (its engines, e.g. whether cuDNN or
     * libjace's conv kernels) once it is open; {@code measured} hears of each row as soon as it is timed (the table
     * waits for every row).
     */
    BenchRun(String kind, Precision precision, BenchConfig config, Consumer<String> baseline,
             Consumer<BenchRow> measured) {
        this(kind, precision, config, baseline, measured, UnaryOperator.identity());
    }

    /** As above, each backend used through {@code through}'s view of it. */
    BenchRun(String kind, Precision precision, BenchConfig config, Consumer<String> baseline,
             Consumer<BenchRow> measured, UnaryOperator<Backend> through) {
        this.kind = kind;
        this.precision = precision;
        this.config = config;
        this.baseline = baseline;
        this.measured = measured;
        this.through = through;
    }

    /**
     * What could not be measured and why, and the cuDNN algorithms of a CUDA EXPANDED baseline (after
     * {@link #run()}).
     */
    List<String> notes() {
        return List.copyOf(notes);
    }

    /**
     * Convolutions run on every route: DIRECT, the EXPANDED baseline and, on CUDA, the autotuned default (rows
     * {@code AUTO:<choice>}, showing whether the autotuner picked the faster one). The model rows run on the backend
     * as {@code jace train} opens it.
     */
    List<BenchRow> run() {
        try (BenchBackend direct = seen(BenchBackend.open(kind, precision, Algorithm.DIRECT));
             BenchBackend expanded = seen(BenchBackend.open(kind, precision, Algorithm.EXPANDED));
             BenchBackend autotuned = kind.equals("cuda") ? seen(BenchBackend.openDefault(kind, precision)) : null) {
            baseline.accept(expanded.backend().name());
            List<BenchBackend> routes = autotuned == null ? List.of(direct, expanded)
                    : List.of(direct, expanded, autotuned);
            for (Pass pass : Pass.values()) {
                conv(routes, new D4(), config.lifting(), true, pass);
            }
            for (Group group : List.of(new C4(), new D4())) {
                for (Pass pass : Pass.values()) {
                    conv(routes, group, config.group(), false, pass);
                }
            }
            if (expanded.backend() instanceof CudaBackend cuda && !cuda.convChoices().isEmpty()) {
                notes.add(kind + " " + precision + " EXPANDED baseline, cuDNN's algorithms (the fastest cudnnFind "
                        + "result that qualifies): " + String.join("; ", cuda.convChoices()));
            }
            Backend backend = direct.backend();
            if (backend instanceof CpuBackend cpu) {
                notes.add(kind + " " + precision + ": convolutions and gemm on " + cpu.gemmKernel());
            }
            deviation(direct, new D4());
            action(direct, new D4());
            copy(backend);
            gemm(direct);
            BenchBackend asTrained = autotuned != null ? autotuned : direct;
            trainStep(asTrained.backend(), new C4());
            modelPass(asTrained, new C4());
        }
        if (mostCallsPerRep > 1) {
            String calls = fewestCallsPerRep + (mostCallsPerRep > fewestCallsPerRep ? "–" + mostCallsPerRep : "");
            notes.add(kind + " " + precision + ": each timed rep ran its call " + calls + " times back to back (as many"
                    + " as fill " + MIN_CUDA_REP_NANOS / 1_000_000 + " ms, at most " + RepTimer.MAX_CALLS_PER_REP
                    + ") before one synchronize; times are per call");
        }
        if (settling().retimes() && timedOps > 0) {
            notes.add(kind + " " + precision + ": " + warmUpNote(fewestWarmUps, mostWarmUps));
        }
        if (!retimed.isEmpty()) {
            notes.add(kind + " " + precision + ": " + retimedNote(timedOps, retimed, unsettled,
                    settling().maxRetimeNanos()));
        }
        return List.copyOf(rows);
    }

    private BenchBackend seen(BenchBackend opened) {
        return new BenchBackend(through.apply(opened.backend()), opened.algorithm(), opened.route());
    }

    static String warmUpNote(int fewest, int most) {
        return "warm-ups ran " + fewest + (most > fewest ? "–" + most : "") + " calls per op";
    }

    /** The ops ({@code retimed}, with their windows) whose first window did not pass, and those none of whose did. */
    static String retimedNote(int timedOps, List<String> retimed, List<String> unsettled, long maxRetimeNanos) {
        boolean one = unsettled.size() == 1;
        return retimed.size() + " of " + timedOps + " ops had a first window of reps that did not pass, a JIT compile"
                + " running or off the pace before it (" + String.join(", ", retimed) + ")"
                + (unsettled.isEmpty() ? "" : "; " + unsettled.size() + (one ? " has" : " have") + " no window that"
                + " passed within " + maxRetimeNanos / 1e9 + " s and " + (one ? "reports its" : "report their")
                + " fastest window (the fastest without a JIT compile, if any): " + String.join(", ", unsettled));
    }

    private void conv(List<BenchBackend> routes, Group group, ConvShape s, boolean lifting, Pass pass) {
        int order = group.order();
        String op = (lifting ? "lifting-" : "group-conv-") + pass.name().toLowerCase(Locale.ROOT).replace('_', '-');
        for (BenchBackend b : routes) {
            Shape outShape = switch (pass) {
                case FWD -> s.output(order);
                case BWD_DATA -> s.input(lifting, order);
                case BWD_FILTER -> s.weight(lifting, order);
            };
            Backend backend = b.backend();
            try (Tensor x = b.random(s.input(lifting, order), 1);
                 Tensor w = b.random(s.weight(lifting, order), 2);
                 Tensor dy = b.random(s.output(order), 3);
                 Tensor out = backend.allocate(outShape)) {
                Runnable call = lifting ? switch (pass) {
                    case FWD -> () -> b.lifting(group).forward(backend, x, w, out);
                    case BWD_DATA -> () -> b.lifting(group).backwardData(backend, dy, w, out);
                    case BWD_FILTER -> () -> b.lifting(group).backwardFilter(backend, x, dy, out);
                } : switch (pass) {
                    case FWD -> () -> b.groupConv(group).forward(backend, x, w, out);
                    case BWD_DATA -> () -> b.groupConv(group).backwardData(backend, dy, w, out);
                    case BWD_FILTER -> () -> b.groupConv(group).backwardFilter(backend, x, dy, out);
                };
                CudaBackend autotuned = backend instanceof CudaBackend cuda
                        && cuda.options().groupConv() == GroupConvAlgorithm.AUTO ? cuda : null;
                Set<GroupConvKey> known = autotuned != null ? autotuned.groupConvChoices().keySet() : Set.of();
                BenchRow row = time(backend, op, group.name(), s.toString(), b.algorithm().name(),
                        Workloads.convFlops(s, lifting, order), FLOPS, call);
                record(autotuned != null ? row.withAlgorithm("AUTO:" + newChoice(autotuned, known)) : row);
            }
        }
    }

    /** The algorithm the autotuner chose for the one key it learned since {@code known}. */
    private static String newChoice(CudaBackend cuda, Set<GroupConvKey> known) {
        List<GroupConvAlgorithm> chosen = cuda.groupConvChoices().entrySet().stream()
                .filter(e -> !known.contains(e.getKey())).map(Map.Entry::getValue).toList();
        return chosen.size() == 1 ? chosen.getFirst().name() : "?";
    }

    private void deviation(BenchBackend b, Group group) {
        int[] m = config.maps();
        int[] elements = group.allElements();
        Shape perSample = Shape.of(m[0], m[1], group.order(), m[2], m[2]);
        Backend backend = b.backend();
        try (Tensor fx = b.random(perSample, 4);
             Tensor fgx = b.random(perSample.withDim0(elements.length * m[0]), 5);
             Tensor deviation = backend.allocate(Shape.of(elements.length, m[0]));
             Tensor norm = backend.allocate(Shape.of(m[0]))) {
            add(backend, "deviation", group.name(), shape(m), "-", Workloads.deviationBytes(elements.length,
                    fx.size()), BYTES, () -> backend.equivarianceDeviation(fgx, fx, group.table(), elements,
                    FeatureRep.GROUP_MAP, deviation, norm));
        }
    }

    private void action(BenchBackend b, Group group) {
        int[] m = config.maps();
        int[] elements = group.allElements();
        Shape perSample = Shape.of(m[0], m[1], group.order(), m[2], m[2]);
        Backend backend = b.backend();
        try (Tensor x = b.random(perSample, 6);
             Tensor out = backend.allocate(perSample.withDim0(elements.length * m[0]))) {
            add(backend, "group-action", group.name(), shape(m), "-", Workloads.actionBytes(elements.length,
                    x.size()), BYTES, () -> backend.groupAction(x, group.table(), elements, FeatureRep.GROUP_MAP,
                    out));
        }
    }

    private void copy(Backend backend) {
        Shape shape = Shape.of(config.copyFloats());
        try (Tensor src = backend.allocate(shape); Tensor dst = backend.allocate(shape)) {
            add(backend, "copy", "-", String.valueOf(config.copyFloats()), "-",
                    Workloads.copyBytes(config.copyFloats()), BYTES, () -> backend.copy(src, dst));
        }
    }

    private void gemm(BenchBackend b) {
        int n = config.gemm();
        Backend backend = b.backend();
        try (Tensor x = b.random(Shape.of(n, n), 7); Tensor y = b.random(Shape.of(n, n), 8);
             Tensor out = backend.allocate(Shape.of(n, n))) {
            add(backend, "gemm", "-", n + "," + n + "," + n, "-", Workloads.gemmFlops(n, n, n), FLOPS,
                    () -> backend.matmul(x, false, y, false, out));
        }
    }

    /**
     * The p4 CNN's training forward and backward (no loss, no optimiser), run eagerly and as captured work: on CUDA
     * the graph replays the same kernels without per-kernel launches; on the CPU a replay runs the recorded ops.
     */
    private void modelPass(BenchBackend b, Group group) {
        Backend backend = b.backend();
        Shape images = TrainStepWorkload.IMAGE;
        Shape input = Shape.of(config.stepBatch(), images.dim(0), images.dim(1), images.dim(2));
        ModelSpec spec = ModelSpec.forTraining(TaskKind.CLASSIFICATION, group, images, Method.ACE,
                TrainStepWorkload.CLASSES);
        try (Sequential model = spec.build(backend, 0);
             Tensor x = b.random(input, 9);
             Tensor dOut = b.random(model.outputShape(input), 10)) {
            Runnable pass = () -> {
                model.zeroGrad();
                model.forward(x, true);
                model.backwardParameters(dOut);
            };
            String shape = stepShape();
            add(backend, "p4cnn-fwd-bwd", group.name(), shape, "eager", config.stepBatch(), IMAGES, pass);
            CapturedWork graph;
            try {
                graph = backend.capture(pass);
            } catch (RuntimeException e) {
                notes.add(kind + " p4cnn-fwd-bwd graph row skipped: capturing the pass failed: " + e);
                return;
            }
            try (graph) {
                add(backend, "p4cnn-fwd-bwd", group.name(), shape, "graph", config.stepBatch(), IMAGES,
                        graph::replay);
            }
        }
    }

    /**
     * A full ace training step of the p4 CNN ({@link TrainStepWorkload}), its rate in images per second, timed over
     * runs of {@link #STEPS_PER_CALL} steps and reported per step (so that its ms and img/s agree): run directly
     * ("eager"), with its device work captured and replayed ("graph"; on the CPU a replay runs the recorded calls),
     * and captured with the dual update on the device and each record read during the next step ("overlapped"). All
     * are warmed up before any is timed, so that the first row does not pay the JIT's warm-up for the others.
     */
    private void trainStep(Backend backend, Group group) {
        String shape = stepShape();
        Map<TrainStepWorkload.StepMode, TrainStepWorkload> workloads = new EnumMap<>(TrainStepWorkload.StepMode.class);
        try {
            for (TrainStepWorkload.StepMode mode : TrainStepWorkload.StepMode.values()) {
                workloads.put(mode, new TrainStepWorkload(backend, group, config.stepBatch(), 0, mode));
            }
            for (int i = 0; i < config.warmups(); i++) {
                for (var it = workloads.entrySet().iterator(); it.hasNext(); ) {
                    var entry = it.next();
                    try {
                        entry.getValue().steps(STEPS_PER_CALL);
                    } catch (IllegalStateException e) {
                        notes.add(kind + " ace-step " + rowName(entry.getKey()) + " row skipped: " + e.getMessage());
                        entry.getValue().close();
                        it.remove();
                    }
                }
            }
            workloads.forEach((mode, workload) -> record(time(backend, "ace-step", group.name(), shape,
                    rowName(mode), (double) STEPS_PER_CALL * workload.batch(), IMAGES,
                    () -> workload.steps(STEPS_PER_CALL)).perStep(STEPS_PER_CALL)));
        } finally {
            workloads.values().forEach(TrainStepWorkload::close);
        }
    }

    private static String rowName(TrainStepWorkload.StepMode mode) {
        return mode.name().toLowerCase(Locale.ROOT);
    }

    /** The shape column of the model rows: the step batch of {@link TrainStepWorkload#IMAGE} images. */
    private String stepShape() {
        Shape images = TrainStepWorkload.IMAGE;
        return config.stepBatch() + "," + images.dim(0) + "," + images.dim(1) + "," + images.dim(2);
    }

    private static String shape(int[] maps) {
        return maps[0] + "," + maps[1] + "," + maps[2];
    }

    private void add(Backend backend, String op, String group, String shape, String algorithm, double work,
                     String unit, Runnable call) {
        record(time(backend, op, group, shape, algorithm, work, unit, call));
    }

    /** The row of {@code call}, timed after the warm-ups. */
    private BenchRow time(Backend backend, String op, String group, String shape, String algorithm, double work,
                          String unit, Runnable call) {
        RepTimer.Times t = new RepTimer(config.warmups(), config.reps(), kind.equals("cuda") ? MIN_CUDA_REP_NANOS : 0,
                settling(), System::nanoTime, compilerTicks).time(call, backend::synchronize);
        timedOps++;
        fewestWarmUps = Math.min(fewestWarmUps, t.warmUpCalls());
        mostWarmUps = Math.max(mostWarmUps, t.warmUpCalls());
        String name = Stream.of(op, group, algorithm).filter(part -> !part.equals("-"))
                .collect(Collectors.joining(" "));
        if (t.windows() > 1 || !t.settled()) {
            retimed.add(name + " " + t.windows() + (t.windows() == 1 ? " window" : " windows"));
        }
        if (!t.settled()) {
            unsettled.add(name);
        }
        fewestCallsPerRep = Math.min(fewestCallsPerRep, t.callsPerRep());
        mostCallsPerRep = Math.max(mostCallsPerRep, t.callsPerRep());
        return new BenchRow(kind, op, group, shape, precision.name(), algorithm, t.medianMs(), t.minMs(), work, unit,
                null);
    }

    private Settling settling() {
        return kind.equals("cuda") ? Settling.NONE : config.cpuSettling();
    }

    /** Keeps a finished row and tells {@code measured} of it. */
    private void record(BenchRow row) {
        rows.add(row);
        measured.accept(row);
    }
}
