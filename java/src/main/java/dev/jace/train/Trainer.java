package dev.jace.train;

import dev.jace.backend.Backend;
import dev.jace.backend.FeatureRep;
import dev.jace.backend.GroupTable;
import dev.jace.backend.DeviceScalars;
import dev.jace.backend.OwnedResources;
import dev.jace.backend.PendingRead;
import dev.jace.constraint.DeviceDual;
import dev.jace.constraint.ConstraintQuantity;
import dev.jace.constraint.LagrangianPlan;
import dev.jace.constraint.Method;
import dev.jace.constraint.PrimalDualLoop;
import dev.jace.group.SymmetryType;
import dev.jace.io.FileFormatException;
import dev.jace.io.NamedTensor;
import dev.jace.nn.Buffer;
import dev.jace.nn.Sequential;
import dev.jace.ops.EquivarianceDeviation;
import dev.jace.tensor.FiniteValues;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * Trains a {@link Sequential} model with one of the constraint methods: epochs × mini-batches over a
 * {@link TrainingData}, per step zeroGrad, forward, task-loss backward, then the {@link PrimalDualLoop}'s weighted
 * gradients of the method's quantities, the optimiser's update, and the loop's dual update.
 *
 * <p>Deterministic: the batch order of epoch e comes from a {@link SplittableRandom} seeded with a mix of
 * (seed, e), so the whole random state is two integers; with the same seed and backend the CPU gives bitwise-identical
 * metrics. {@code strict} projects the relaxations away before the first step; {@code ace}, {@code strict} and
 * {@code scheduled} end with {@code project()} and report how much it changed the test outputs.
 *
 * <p>Quantities: the output deviation per symmetry type ("output.rotation", "output.reflection", see
 * {@link DeviationProbe}), each relaxed layer's magnitude ("name.relaxation") and free-branch L2 ("name.free_l2", used
 * by {@code rpp} only). The caller owns the model; {@link #close()} releases what the trainer allocated.
 *
 * <p>A step's host work (batch loading, learning rate, the loop's weights, published as device scalars) is separate
 * from its device work (everything up to the optimizer's update), which reads those values on the device. So with
 * {@link #captureSteps()} the device work of full-size batches is captured once ({@link Backend#capture}, a CUDA graph
 * on CUDA) and replayed at later steps, with the same results as running it directly. With {@link #overlapSteps()}
 * the measurements and the dual update run on the device too ({@link DeviceDual}), and a step's record is read while
 * the device runs the next step, so the host never waits for the device between steps.
 *
 * <p>A call that fails part-way through a step or an epoch (the listener throwing, e.g. {@link JsonlMetrics} on a full
 * disk; the data's fill; the backend) leaves the step counter, the records, the constraint state and the model out of
 * step with each other, so from then on every call but the getters and {@link #close()} throws an
 * {@link IllegalStateException} naming that failure (its cause) and the way on: a new trainer into which
 * {@link #restoreCheckpoint} loads the last checkpoint (the same model will do: every tensor of it is loaded), or,
 * with none written, a new model. A divergence is not such a failure ({@link TrainingDivergedException} says what
 * it leaves); nor is a refusal before anything changes (a bad argument, a checkpoint that does not fit, a NaN in the
 * batch of a {@link #trainBatch} or {@link #startBatch}: one mid-epoch leaves the epoch half run), nor a checkpoint
 * write failing after its epoch has been recorded (the next epoch's checkpoint may succeed).
 */
public final class Trainer implements AutoCloseable {

    private static final Set<Method> ENDS_EQUIVARIANT = EnumSet.of(Method.ACE, Method.STRICT, Method.SCHEDULED);
    /**
     * Test samples on which each epoch's record measures the deviation (the final evaluation measures all): the
     * probe costs |G| + 1 forwards per sample, which on large test splits outweighed the epoch's training.
     */
    static final int EPOCH_DEVIATION_SAMPLES = 256;
    private static final String DIR = "trainer: dir (the checkpoint folder)";

    private final Backend backend;
    private final Sequential model;
    private final Symmetry symmetry;
    private final TrainingData data;
    private final TrainerConfig config;
    private final Metrics.Listener listener;
    private final DeviationProbe probe;
    private final PrimalDualLoop loop;
    private final Optimizer optimizer;
    private final BatchLoader batches;
    private final PendingScores scores;
    /** The task loss's gradient with respect to the model output (every task overwrites it whole). */
    private final Buffer dOut;
    /** The loop's term weights of the current step, one per term, read on the device. */
    private final DeviceScalars termWeights;
    /** The readings of the constraint values that the step's device work last took (at its capture, when replayed). */
    private List<DoubleSupplier> readings = List.of();
    private Optional<StepCapture> capture = Optional.empty();
    /** Set by {@link #overlapSteps()}: the loop's device side and where each step's relaxation magnitudes go. */
    private Optional<Overlap> overlap = Optional.empty();
    /** The overlapped step whose record has not been read yet. */
    private Optional<PendingStep> pending = Optional.empty();
    /**
     * The record of a {@link #startBatch} step that another call had to read (an evaluation, a checkpoint, an epoch),
     * kept for the next {@link #startBatch} or {@link #finishBatches} to return.
     */
    private Optional<Done> unclaimed = Optional.empty();
    /** What the constructor allocates (the free-branch L2 quantities keep tensors too), closed with the trainer. */
    private final OwnedResources owned = new OwnedResources();
    private final int batchesPerEpoch;
    /** The run's steps, over which the learning rate's schedule runs. */
    private final long runSteps;
    private final List<SymmetryType> types;
    private final List<Metrics.Step> stepRecords = new ArrayList<>();
    /** Whether {@link #stepRecords} grows: not after {@link #discardStepRecords()}. */
    private boolean keepStepRecords = true;
    private final List<Metrics.Epoch> epochRecords = new ArrayList<>();
    private int epoch;
    private long step;
    /** Seconds trained before {@link #clockStart} (by the processes a restored checkpoint came from). */
    private double earlierSeconds;
    private long clockStart = System.nanoTime();
    private Optional<Path> lastCheckpoint = Optional.empty();
    private Optional<Path> checkpointDir = Optional.empty();
    private boolean closed;
    /** What failed part-way through a step or epoch, after which the trainer refuses use ({@link #changing}). */
    private Optional<Throwable> failure = Optional.empty();
    /** Set once {@link #run()} has projected the model at its end (its relaxations are gone from then on). */
    private boolean projectedAtEnd;

    /**
     * A trainer of {@code model} (owned by the caller, who closes it after the trainer) on {@code data}, with the
     * deviations measured under {@code symmetry}, which must be the model's group acting on its input and output as
     * they can carry; records go to {@code listener} as they are made. Everything is checked before the model is
     * changed ({@code strict} projects it here) or anything allocated, a classification's labels too (each train and
     * test target is read once through {@link TrainingData#fill}); not thread-safe.
     */
    public Trainer(Backend backend, Sequential model, Symmetry symmetry, TrainingData data, TrainerConfig config,
                   Metrics.Listener listener) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.model = Objects.requireNonNull(model, "model");
        this.symmetry = Objects.requireNonNull(symmetry, "symmetry");
        this.data = Objects.requireNonNull(data, "data");
        this.config = Objects.requireNonNull(config, "config");
        this.listener = Objects.requireNonNull(listener, "listener (new Metrics.Listener() { } records nothing)");
        requireOnBackend(model, backend);
        requireTrainable(model, symmetry, data, config.task());
        if (config.method() == Method.STRICT) {
            model.project();
        }
        this.types = Arrays.stream(new SymmetryType[] {SymmetryType.ROTATION, SymmetryType.REFLECTION})
                .filter(t -> symmetry.group().elementsOfType(t).length > 0).toList();
        int trainSize = data.size(Split.TRAIN);
        this.batchesPerEpoch = batchesPerEpoch(config, trainSize);
        this.runSteps = totalSteps(config, trainSize);
        // The constraint schedules' steps; the learning rate's run over all of runSteps.
        long horizon = Math.max(1, Math.round(config.horizonFraction() * runSteps));
        try {
            this.probe = owned.own(new DeviationProbe(backend, model, symmetry.group(), symmetry.input(),
                    symmetry.output()));
            LagrangianPlan plan = config.method().plan(quantities(), config.settings());
            this.loop = new PrimalDualLoop(plan, config.dual(), horizon);
            this.termWeights = owned.own(backend.scalars(Math.max(1, plan.terms().size())));
            this.optimizer = owned.own(new Optimizer(backend, config.optimizer(), model.parameters()));
            this.batches = owned.own(new BatchLoader(backend, data));
            this.scores = owned.own(new PendingScores(backend));
            this.dOut = owned.own(new Buffer(backend));
        } catch (RuntimeException | Error e) {
            owned.closeAfter(e);
            throw e;
        }
    }

    /**
     * The model's tensors must be the trainer's backend's: another's would fail only at the first op, naming it. Told
     * apart by device and, where the backend marks its tensors ({@link Tensor#issuer()}), by what issued them (two
     * CUDA backends on one device each have their own stream and memory), against a tensor the backend makes now.
     */
    private static void requireOnBackend(Sequential model, Backend backend) {
        String device;
        Object issuer;
        try (Tensor mine = backend.allocate(Shape.of(1))) {
            device = mine.device();
            issuer = mine.issuer();
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        model.parameters().forEach(e -> tensors.put("parameter '" + e.name() + "'", e.parameter().value()));
        model.buffers().forEach((name, t) -> tensors.put("buffer '" + name + "'", t));
        tensors.forEach((what, t) -> {
            if (!t.device().equals(device) || t.issuer() != issuer) {
                throw new IllegalArgumentException("trainer: the model was built on " + where(t.device(), t.issuer())
                        + " (its " + what + " is there), but the trainer is given " + where(device, issuer)
                        + "; build the model with the trainer's backend, or give the trainer the model's");
            }
        });
    }

    private static String where(String device, Object issuer) {
        return issuer == null ? device : issuer.toString();
    }

    /** Checked before the constructor changes the model (a strict method projects it) or allocates anything. */
    private static void requireTrainable(Sequential model, Symmetry symmetry, TrainingData data, Task task) {
        if (data.size(Split.TRAIN) < 1) {
            throw new IllegalArgumentException("trainer: the training split is empty");
        }
        if (data.size(Split.TEST) < 1) {
            throw new IllegalArgumentException("trainer: the test split is empty; each epoch's record and the final "
                    + "scores and deviations are measured on it, so give it at least one sample");
        }
        if (!data.inputShape().equals(model.sampleShape())) {
            throw new IllegalArgumentException("trainer: the data's samples are " + data.inputShape() + " but the "
                    + "model was built for " + model.sampleShape() + " (Sequential.builder's sampleShape)");
        }
        if (!symmetry.group().table().equals(model.group())) {
            throw new IllegalArgumentException("trainer: the symmetry's group is " + symmetry.group().name() + " but"
                    + " the model was built for " + model.group().name() + " (Sequential.builder's group)");
        }
        Shape in = model.sampleShape().batchOf(1);
        Shape out = model.outputShape(in);
        requireActsOn("input", symmetry.input(), in, model.group());
        requireActsOn("output", symmetry.output(), out, model.group());
        if (task instanceof Task.Classification && out.rank() != 2) {
            throw new IllegalArgumentException("trainer: classification needs class scores [N, classes] from the model,"
                    + " but its output is " + out + " for one sample; end the model with a linear layer, or train"
                    + " with Task.Regression");
        }
        int perSample = task.targetShape(out).size();
        if (perSample != data.targetSize()) {
            throw new IllegalArgumentException("trainer: " + task.metricName() + " needs " + perSample + " target"
                    + " value(s) per sample for the model's output " + out + " of one sample, but the data has "
                    + data.targetSize());
        }
        if (task instanceof Task.Classification) {
            ClassLabels.require(data, out.dim(1));
        }
    }

    /** A feature representation the model's {@code what} (of shape {@code shape}, batch 1) can carry. */
    private static void requireActsOn(String what, FeatureRep rep, Shape shape, GroupTable group) {
        boolean fits = switch (rep) {
            case INVARIANT -> true;
            case IMAGE -> shape.rank() == 4 && (shape.dim(2) == shape.dim(3) || !group.hasQuarterTurns());
            case GROUP_MAP -> shape.rank() == 5 && shape.dim(2) == group.order()
                    && (shape.dim(3) == shape.dim(4) || !group.hasQuarterTurns());
        };
        if (!fits) {
            throw new IllegalArgumentException("trainer: the symmetry acts on the model's " + what + " as " + rep
                    + " (" + switch (rep) {
                        case IMAGE -> "[N, C, H, W]";
                        case GROUP_MAP -> "[N, C, " + group.order() + ", H, W]";
                        case INVARIANT -> "any shape";
                    } + (group.hasQuarterTurns() ? ", square maps" : "") + "), but that " + what + " is " + shape
                    + " for one sample");
        }
    }

    private List<ConstraintQuantity> quantities() {
        List<ConstraintQuantity> quantities = new ArrayList<>();
        if (config.constrainOutput()) {
            types.forEach(t -> quantities.add(new OutputDeviation(probe, t)));
        }
        model.relaxations().forEach((name, r) -> {
            if (config.constrainRelaxation()) {
                quantities.add(new RelaxationMagnitude(name, r, symmetry.group().name()));
            }
            quantities.add(owned.own(new FreeBranchL2(backend, name, r)));
        });
        return quantities;
    }

    /** The method's terms, their multipliers and slacks, and the dual updates ({@link PrimalDualLoop}). */
    public PrimalDualLoop loop() {
        return loop;
    }

    /** The optimiser of the model's parameters (its step count and moments are checkpointed). */
    public Optimizer optimizer() {
        return optimizer;
    }

    /** Steps taken so far. */
    public long step() {
        return step;
    }

    /** Epochs completed so far. */
    public int epoch() {
        return epoch;
    }

    /** Steps of an epoch: its batches, the last one partial where the samples do not divide evenly. */
    public int stepsPerEpoch() {
        return batchesPerEpoch;
    }

    /** Total number of steps of the run. */
    public long totalSteps() {
        return totalSteps(config, data.size(Split.TRAIN));
    }

    /** The steps of a run of {@code config} on {@code trainSamples} samples, as {@link #totalSteps()} counts them. */
    public static long totalSteps(TrainerConfig config, int trainSamples) {
        return (long) config.epochs() * batchesPerEpoch(config, trainSamples);
    }

    /** An epoch's batches, the last one partial where the samples do not divide evenly. */
    private static int batchesPerEpoch(TrainerConfig config, int trainSamples) {
        return Math.ceilDiv(trainSamples, config.batchSize()); // (n + b - 1) / b overflows for b near Integer.MAX_VALUE
    }

    /** Where the batch of {@code size} samples that starts at {@code start} ends; no overflow for a batch near MAX. */
    private static int batchEnd(int start, int size, int batch) {
        return start + Math.min(batch, size - start);
    }

    /**
     * From now on runs the device work of each training step as captured work ({@link Backend#capture}: on CUDA one
     * graph launch per step instead of one launch per kernel), with the same results. The first step of a batch shape
     * (and after each evaluation) runs directly, the next one is captured, later ones replay it. Needs a model whose
     * forward and backward stay on the device (every jace layer does); the first capture fails otherwise.
     */
    public Trainer captureSteps() {
        requireUsable();
        if (capture.isEmpty()) {
            capture = Optional.of(new StepCapture(backend));
        }
        return this;
    }

    /**
     * From now on measures the constraint quantities and runs the dual update on the device ({@link DeviceDual}), and
     * reads each step's record (loss, metric, penalty, term states, relaxation magnitudes) only after the next step has
     * been enqueued, so the device always has the next step queued while the host reads the last one. The records are
     * those of ordinary steps (bitwise on the CPU) except that a constraint whose multiplier may still be changing on
     * the device adds its gradient even when the multiplier has become exactly 0 (a zero-weighted gradient), and that
     * a non-finite loss is noticed one step later.
     */
    public Trainer overlapSteps() {
        requireUsable();
        if (overlap.isPresent()) {
            return this;
        }
        DeviceDual dual = loop.onDevice(backend);
        try {
            overlap = Optional.of(new Overlap(dual, backend.scalars(Math.max(1, model.relaxations().size()))));
        } catch (RuntimeException e) {
            dual.close();
            throw e;
        }
        return this;
    }

    /** The device side of {@link #overlapSteps()}. */
    private record Overlap(DeviceDual dual, DeviceScalars magnitudes) implements AutoCloseable {
        @Override
        public void close() {
            dual.close();
            magnitudes.close();
        }
    }

    /** An overlapped step whose record is read later; {@code recorded} when it belongs to an epoch's records. */
    private record PendingStep(long step, int epoch, double lr, int samples, boolean recorded,
                               PrimalDualLoop.StepWeights weights, Supplier<Task.Scores> scores,
                               PendingRead<double[]> state, PendingRead<double[]> magnitudes) {
    }

    /** A finished step's record and its number of samples. */
    private record Done(Metrics.Step record, int samples) {
    }

    /**
     * From now on keeps no step records for {@link Metrics.Result#steps()}; the listener still gets every one. Kept,
     * they take some 500 bytes a step, which a run of millions of steps would hold in memory to its end.
     */
    public Trainer discardStepRecords() {
        keepStepRecords = false;
        return this;
    }

    /**
     * The hidden folder beside {@code checkpointDir} in which the first checkpoint there is written before it is moved
     * in whole; one is left only by a first save cut short, and the next first save replaces it.
     */
    public static Path checkpointStaging(Path checkpointDir) {
        return Checkpoint.staging(checkpointDir);
    }

    /** Writes a {@link Checkpoint} to {@code dir} after every epoch from now on. */
    public Trainer checkpointEachEpoch(Path dir) {
        this.checkpointDir = Optional.of(Objects.requireNonNull(dir, DIR));
        return this;
    }

    /**
     * Writes a checkpoint of the current state (model, optimizer, constraint state, epoch and step counters) to
     * {@code dir}: an epoch boundary's when called between {@link #runEpoch} calls, and mid-epoch after
     * {@link #trainBatch} steps, whose epoch a restored trainer then runs whole. Not after {@link #run()}
     * has projected the model (ace and scheduled end so): a new trainer's model is relaxed and could not load it. A
     * model tensor holding a NaN or infinity (after {@link #trainBatch} steps that diverged) is a
     * {@link TrainingDivergedException}, and {@code dir} keeps its previous checkpoint: {@link #restoreCheckpoint}
     * would refuse the new one.
     */
    public void saveCheckpoint(Path dir) throws IOException {
        requireUsable();
        Objects.requireNonNull(dir, DIR);
        if (projectedAtEnd) {
            throw new IllegalStateException("trainer: run() has projected the model (" + config.method().id()
                    + " ends equivariant), so a checkpoint now would not load into a new trainer's relaxed model;"
                    + " checkpoint during training (checkpointEachEpoch, or saveCheckpoint between runEpoch calls),"
                    + " and save the final model with ModelWeights.save");
        }
        changing(this::settlePending);
        saveCheckpoint(dir, finiteModel());
    }

    /** Writes the checkpoint with {@code weights}, the model's tensors as {@link #finiteModel()} downloaded them. */
    private void saveCheckpoint(Path dir, List<NamedTensor> weights) throws IOException {
        Checkpoint.save(dir, model.group().name(), weights, backend, optimizer, new Checkpoint.State(
                config.method().id(), config.seed(), config.batchSize(), data.size(Split.TRAIN), epoch, step,
                optimizer.steps(), elapsedSeconds(), loop.saveState()));
        lastCheckpoint = Optional.of(dir);
    }

    /**
     * Continues from a checkpoint written by a trainer with the same model architecture and config: the remaining
     * epochs then give bitwise the same metrics on the CPU as an uninterrupted run. A checkpoint of another method,
     * seed, batch size or training-set size, with more epochs done than this trainer runs, or whose tensors do not
     * fit the model (or were saved from another group's model), is refused before anything is changed; so is, as a
     * {@link FileFormatException} naming its state.json, one whose step count is below its epochs' steps or whose
     * constraint state no run leaves ({@link PrimalDualLoop#requireRestorable}).
     */
    public void restoreCheckpoint(Path dir) throws IOException {
        requireUsable();
        Objects.requireNonNull(dir, DIR);
        Checkpoint.Saved saved = Checkpoint.read(dir);
        Checkpoint.State state = saved.state();
        requireSameRun(dir, state);
        Path stateFile = dir.resolve(Checkpoint.STATE);
        if (state.step() < (long) state.epoch() * batchesPerEpoch) {
            throw new FileFormatException(stateFile, "says step " + state.step() + " after epoch " + state.epoch()
                    + ", but this run's epochs take " + batchesPerEpoch + " steps each, so it is at step "
                    + (long) state.epoch() * batchesPerEpoch + " or later after them" + (state.batchSize() == 0
                    ? " (it does not record its batch size, as an older jace's did not: most likely it was written"
                    + " with another)" : ""));
        }
        try {
            loop.requireRestorable(state.constraints());
        } catch (IllegalArgumentException e) {
            throw new FileFormatException(stateFile, e.getMessage(), e);
        }
        Runnable loadTensors = Checkpoint.readTensors(dir, saved.files(), backend, model, optimizer);
        changing(() -> {
            settlePending();
            capture.ifPresent(StepCapture::invalidate);
            loop.restoreState(state.constraints());
            loadTensors.run();
            overlap.ifPresent(o -> o.dual().publishState());
            optimizer.setSteps(state.optimizerSteps());
            epoch = state.epoch();
            step = state.step();
            earlierSeconds = state.elapsedSeconds();
            clockStart = System.nanoTime();
            lastCheckpoint = Optional.of(dir);
        });
    }

    private void requireSameRun(Path dir, Checkpoint.State state) {
        List<String> differences = new ArrayList<>();
        if (!state.method().equals(config.method().id())) {
            differences.add("method " + state.method() + " (this trainer: " + config.method().id() + ")");
        }
        if (state.seed() != config.seed()) {
            differences.add("seed " + state.seed() + " (this trainer: " + config.seed() + ")");
        }
        // 0: written before jace recorded it.
        if (state.batchSize() != 0 && state.batchSize() != config.batchSize()) {
            differences.add("batch size " + state.batchSize() + " (this trainer: " + config.batchSize() + ")");
        }
        if (state.trainSamples() != 0 && state.trainSamples() != data.size(Split.TRAIN)) {
            differences.add(state.trainSamples() + " training samples (this trainer: " + data.size(Split.TRAIN) + ")");
        }
        if (state.epoch() > config.epochs()) {
            differences.add(state.epoch() + " epochs done (this trainer runs " + config.epochs() + ")");
        }
        if (!differences.isEmpty()) {
            throw new IllegalArgumentException("checkpoint " + dir + " is of another run: " + String.join(", ",
                    differences) + "; resume it with the settings it was written with");
        }
    }

    /**
     * Wall-clock seconds this run has taken: since this trainer was made (or restored a checkpoint), plus the seconds
     * the checkpoint's run had taken until it was written.
     */
    public double elapsedSeconds() {
        return earlierSeconds + (System.nanoTime() - clockStart) / 1e9;
    }

    /** Runs the remaining epochs, then the final projection (where the method has one) and evaluation. */
    public Metrics.Result run() {
        requireUsable();
        while (epoch < config.epochs()) {
            runEpoch();
        }
        return changing(() -> {
            OptionalDouble change = OptionalDouble.empty();
            if (ENDS_EQUIVARIANT.contains(config.method())) {
                change = OptionalDouble.of(projectAndMeasure());
            }
            return new Metrics.Result(stepRecords, epochRecords, evaluate(Split.TEST, Integer.MAX_VALUE), change,
                    loop.symmetryLevels());
        });
    }

    /**
     * Runs one epoch (and writes a checkpoint when {@link #checkpointEachEpoch} asked for one, after the listener has
     * been told of the epoch's record). Throws a {@link TrainingDivergedException} when a step's loss is not finite,
     * or a model tensor at the epoch's end; a listener that throws leaves the trainer failed (see the class javadoc).
     */
    public Metrics.Epoch runEpoch() {
        requireUsable();
        if (epoch >= config.epochs()) {
            throw new IllegalStateException("trainer: all " + config.epochs() + " epochs have run");
        }
        int[] order = shuffled(data.size(Split.TRAIN), config.seed(), epoch);
        // The epoch's record goes to the listener before its checkpoint is written, so that a log never lacks an
        // epoch its checkpoint has (train --resume drops the log's records after the checkpoint). A failure up to
        // there leaves the trainer failed; the checkpoint's write failing leaves a whole epoch behind, and a retry
        // goes on with the next one.
        List<NamedTensor> weights = new ArrayList<>();
        Metrics.Epoch record = changing(() -> trainEpoch(order, weights));
        if (checkpointDir.isPresent()) {
            try {
                saveCheckpoint(checkpointDir.get(), weights);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write checkpoint to " + checkpointDir.get(), e);
            }
        }
        return record;
    }

    /**
     * The epoch's steps over the samples in {@code order}, its record told to the listener; {@code weights} gets the
     * model's tensors as the check at its end downloaded them, for the checkpoint.
     */
    private Metrics.Epoch trainEpoch(int[] order, List<NamedTensor> weights) {
        settlePending();
        List<Done> done = new ArrayList<>(batchesPerEpoch);
        for (int b = 0; b < batchesPerEpoch; b++) {
            int start = b * config.batchSize();
            int[] indices = Arrays.copyOfRange(order, start, batchEnd(start, order.length, config.batchSize()));
            trainStep(indices, true).ifPresent(done::add);
        }
        finishPending().ifPresent(done::add);
        weights.addAll(finiteModel());
        double lossSum = 0;
        double metricSum = 0;
        for (Done d : done) {
            lossSum += d.record().loss() * d.samples();
            metricSum += d.record().metric() * d.samples();
        }
        Metrics.Epoch record = new Metrics.Epoch(epoch, step, lossSum / order.length, metricSum / order.length,
                evaluate(Split.TEST, EPOCH_DEVIATION_SAMPLES), loop.states(), relaxationMagnitudes());
        epochRecords.add(record);
        listener.onEpoch(record);
        epoch++;
        return record;
    }

    /**
     * One training step (zeroGrad, forward, task-loss backward, deviation probe, primal and dual updates) on the
     * samples {@code indices} of the training split, outside any epoch: for callers with their own loop, such as a
     * throughput benchmark. The step counter advances; listeners get no step record, but are told of a divergence
     * ({@link Metrics.Listener#onDiverged}). Returns the step's record, having
     * waited for it (also with {@link #overlapSteps()}; {@link #startBatch} overlaps).
     */
    public Metrics.Step trainBatch(int[] indices) {
        requireValidBatch(indices);
        Optional<Done> previous = trainStep(indices, false);
        if (overlap.isEmpty()) {
            return previous.orElseThrow().record();
        }
        // The step startBatch left running: its record is the next startBatch's or finishBatches' to return.
        previous.ifPresent(done -> unclaimed = Optional.of(done));
        return changing(() -> finishPending().orElseThrow().record());
    }

    /**
     * {@link #trainBatch} without waiting for the step's record when steps overlap ({@link #overlapSteps()}): returns
     * the record that became available, the previous step's when steps overlap (empty at the first), else this
     * step's. {@link #finishBatches} returns the last one. Each step's record is returned once: where another call
     * has to finish the step first ({@link #evaluate}, {@link #saveCheckpoint}, {@link #restoreCheckpoint},
     * {@link #runEpoch}, {@link #run}, {@link #trainBatch}), it keeps the record for the next startBatch or
     * finishBatches.
     */
    public Optional<Metrics.Step> startBatch(int[] indices) {
        requireValidBatch(indices);
        Optional<Done> previous = trainStep(indices, false);
        Optional<Metrics.Step> kept = claim();
        return kept.isPresent() ? kept : previous.map(Done::record);
    }

    private void requireValidBatch(int[] indices) {
        requireUsable();
        Objects.requireNonNull(indices, "trainer: indices (the training samples of the step)");
        if (indices.length == 0) {
            throw new IllegalArgumentException("trainer: a training step needs at least one sample");
        }
        int size = data.size(Split.TRAIN);
        for (int i : indices) {
            if (i < 0 || i >= size) {
                throw new IllegalArgumentException("trainer: sample index " + i + " is outside the training split "
                        + "[0, " + size + ")");
            }
        }
    }

    /**
     * The record of the last step {@link #startBatch} left unread, after waiting for it, or the one a call in between
     * kept (empty if none).
     */
    public Optional<Metrics.Step> finishBatches() {
        requireUsable();
        Optional<Metrics.Step> kept = claim();
        return kept.isPresent() ? kept : changing(() -> finishPending().map(Done::record));
    }

    /**
     * One step. Everything up to the optimizer's update is enqueued without reading anything to the host (on CUDA the
     * device never waits for the host in between); the loss, the metric and the constraint values are read after it.
     * So a non-finite loss is noticed after the update: the {@link TrainingDivergedException} is thrown with the
     * parameters (and optimizer state) already updated from the diverged step, and with the constraint state, the step
     * counter and the records as before the step. With overlapped steps the step is only enqueued, and the previous
     * one is read (a divergence is noticed with the parameters updated by one more step, and the step counter past it).
     * {@code recorded}: whether the step's record joins the epoch's records and goes to the listener.
     */
    private Optional<Done> trainStep(int[] indices, boolean recorded) {
        StepBatch batch = loadStep(indices); // refuses a NaN sample before anything changes
        return changing(() -> trainStep(batch, indices.length, recorded));
    }

    private Optional<Done> trainStep(StepBatch batch, int samples, boolean recorded) {
        if (overlap.isPresent()) {
            PendingStep started = startOverlapped(batch, samples, recorded);
            Optional<PendingStep> previous = pending;
            pending = Optional.of(started);
            return previous.map(this::finish);
        }
        double lr = learningRate();
        PrimalDualLoop.StepWeights weights = loop.begin(step);
        loop.publish(weights, termWeights);
        optimizer.prepare(lr);
        runDeviceWork(batch, weights, () -> enqueueStep(batch, weights));
        Task.Scores read = readScores(config.task().read(scores), step, epoch);
        PrimalDualLoop.StepReport report = loop.finish(weights, readings);
        return Optional.of(record(new Metrics.Step(step++, epoch, lr, read.loss(), read.metric(), report.penalty(),
                report.states(), relaxationMagnitudes()), samples, recorded));
    }

    /** Loads, publishes and enqueues an overlapped step, and enqueues the reads of its record. */
    private PendingStep startOverlapped(StepBatch batch, int samples, boolean recorded) {
        Overlap o = overlap.orElseThrow();
        double lr = learningRate();
        PrimalDualLoop.StepWeights weights = loop.begin(step);
        o.dual().publish(weights);
        optimizer.prepare(lr);
        runDeviceWork(batch, weights, () -> enqueueOverlapped(batch, weights, o));
        PendingStep started = new PendingStep(step, epoch, lr, samples, recorded, weights,
                config.task().readLater(scores), o.dual().readLater(weights), o.magnitudes().readLater());
        step++;
        return started;
    }

    /** An overlapped step's device work: {@link #enqueueStep}'s, with the measurements and dual update on the device. */
    private void enqueueOverlapped(StepBatch batch, PrimalDualLoop.StepWeights weights, Overlap o) {
        enqueuePrimal(batch);
        probe.setBatch(batch.probeInputs());
        try {
            o.dual().enqueue(weights);
        } finally {
            probe.setBatch(null);
        }
        optimizer.update();
        o.dual().enqueueUpdate();
        int j = 0;
        for (var relaxation : model.relaxations().values()) {
            relaxation.measureMagnitudeInto(o.magnitudes().at(j++));
        }
    }

    /**
     * Reads the record of an overlapped step (waits for the device if it has not finished). A diverged one is dropped
     * with the step still pending after it, so that nothing is left in flight: a later read or restore finds none.
     */
    private Done finish(PendingStep p) {
        Task.Scores read;
        try {
            read = readScores(p.scores().get(), p.step(), p.epoch());
        } catch (TrainingDivergedException e) {
            List<PrimalDualLoop.StepWeights> unread = new ArrayList<>(List.of(p.weights()));
            pending.ifPresent(next -> unread.add(next.weights()));
            pending = Optional.empty();
            overlap.orElseThrow().dual().drop(unread);
            throw e;
        }
        PrimalDualLoop.StepReport report = overlap.orElseThrow().dual().finish(p.weights(), p.state().get());
        double[] magnitudes = p.magnitudes().get();
        Map<String, Double> byLayer = new LinkedHashMap<>();
        int j = 0;
        for (String name : model.relaxations().keySet()) {
            byLayer.put(name, magnitudes[j++]);
        }
        return record(new Metrics.Step(p.step(), p.epoch(), p.lr(), read.loss(), read.metric(), report.penalty(),
                report.states(), byLayer), p.samples(), p.recorded());
    }

    /** Reads the overlapped step still unread, if any, keeping its record for the next startBatch or finishBatches. */
    private void settlePending() {
        finishPending().ifPresent(done -> unclaimed = Optional.of(done));
    }

    /** The record {@link #settlePending} kept, if any, handed out now. */
    private Optional<Metrics.Step> claim() {
        Optional<Done> kept = unclaimed;
        unclaimed = Optional.empty();
        return kept.map(Done::record);
    }

    /** Reads the overlapped step still unread, if any. */
    private Optional<Done> finishPending() {
        Optional<PendingStep> previous = pending;
        pending = Optional.empty();
        return previous.map(this::finish);
    }

    private Done record(Metrics.Step record, int samples, boolean recorded) {
        if (recorded) {
            if (keepStepRecords) {
                stepRecords.add(record);
            }
            listener.onStep(record);
        }
        return new Done(record, samples);
    }

    /** The step's device work, from zeroGrad to the optimizer's update; keeps the constraint readings it takes. */
    private void enqueueStep(StepBatch batch, PrimalDualLoop.StepWeights weights) {
        enqueuePrimal(batch);
        probe.setBatch(batch.probeInputs());
        try {
            readings = loop.enqueue(weights, termWeights);
        } finally {
            probe.setBatch(null);
        }
        optimizer.update();
    }

    /** zeroGrad, forward, the task loss and its backward. */
    private void enqueuePrimal(StepBatch batch) {
        model.zeroGrad();
        Tensor out = model.forward(batch.inputs(), true);
        Tensor gradient = dOut.get(out.shape());
        config.task().enqueue(out, batch.target(), gradient, scores);
        model.backwardParameters(gradient);
    }

    /** Timed over the whole run, not the horizon: a rate at 0 after the horizon would leave the constraints unmet. */
    private double learningRate() {
        return config.optimizer().lr() * config.lrScale().value(step, runSteps);
    }

    /** A step's batch on the backend: inputs, targets and the deviation probe's samples (the loader's tensors). */
    private record StepBatch(Tensor inputs, Tensor target, Tensor probeInputs) {
    }

    private StepBatch loadStep(int[] indices) {
        BatchLoader.Batch batch = batches.load(Split.TRAIN, indices, BatchLoader.Slot.BATCH);
        Tensor target = batches.targets(batch, config.task().targetShape(model.outputShape(batch.inputs().shape())));
        return new StepBatch(batch.inputs(), target, probeInputs(batch, indices));
    }

    /** Runs a step's device work: captured and replayed when steps are captured, else directly. */
    private void runDeviceWork(StepBatch batch, PrimalDualLoop.StepWeights weights, Runnable work) {
        if (capture.isPresent()) {
            capture.get().run(new StepKey(batch, weights.applied()), work);
        } else {
            work.run();
        }
    }

    /** What a step's captured device work depends on besides device values (tensors compare by identity). */
    private record StepKey(StepBatch batch, List<Boolean> applied) {
    }

    /** {@code s}, the scores of step {@code at}; when the loss is not finite, tells the listener and throws. */
    private Task.Scores readScores(Task.Scores s, long at, int inEpoch) {
        if (!Double.isFinite(s.loss())) {
            throw diverged(new Metrics.Diverged(at, inEpoch, s.loss()));
        }
        return s;
    }

    /**
     * After an epoch's steps, before its evaluation and checkpoint: a NaN or infinity in the model's parameters or
     * buffers is a divergence that the loss did not show, so that the last checkpoint stays one that loads. A BatchNorm
     * running variance overflows first (the steps normalise with their batch's statistics, which keep the loss finite;
     * the evaluation and a loaded model use the running ones), and the last step's update may leave a weight infinite
     * (its loss was read before it). Returns the tensors as downloaded, for the checkpoint to write.
     */
    private List<NamedTensor> finiteModel() {
        List<NamedTensor> tensors = ModelWeights.downloaded(backend, model);
        for (NamedTensor t : tensors) {
            int i = FiniteValues.firstNonFinite(t.values());
            if (i >= 0) {
                throw diverged(new Metrics.Diverged(step - 1, epoch, Optional.of(t.name()), t.values()[i]));
            }
        }
        return tensors;
    }

    /**
     * Tells the listener of {@code record} and returns the exception to throw. A listener that fails then (a full disk)
     * is a suppressed exception of the divergence, which stays what the caller sees.
     */
    private TrainingDivergedException diverged(Metrics.Diverged record) {
        TrainingDivergedException diverged = new TrainingDivergedException(record, config.epochs(), lastCheckpoint,
                loop.plan());
        try {
            listener.onDiverged(record);
        } catch (RuntimeException e) {
            diverged.addSuppressed(e);
        }
        return diverged;
    }

    /** The batch itself, or its first {@code probeSamples} samples (a random subset: batches are shuffled). */
    private Tensor probeInputs(BatchLoader.Batch batch, int[] indices) {
        if (indices.length <= config.probeSamples()) {
            return batch.inputs();
        }
        return batches.load(Split.TRAIN, Arrays.copyOf(indices, config.probeSamples()), BatchLoader.Slot.PROBE)
                .inputs();
    }

    private Map<String, Double> relaxationMagnitudes() {
        Map<String, Double> magnitudes = new LinkedHashMap<>();
        model.relaxations().forEach((name, r) -> magnitudes.put(name, r.magnitude()));
        return magnitudes;
    }

    /** Batch order of one epoch: a Fisher–Yates shuffle driven by (seed, epoch) only. */
    static int[] shuffled(int size, long seed, int epoch) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
        int[] order = new int[size];
        Arrays.setAll(order, i -> i);
        for (int i = size - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** Test-mode loss, metric and mean relative output deviation per symmetry type on all of {@code split}. */
    public Metrics.Evaluation evaluate(Split split) {
        requireUsable();
        Objects.requireNonNull(split, "trainer: split (Split.TRAIN or Split.TEST)");
        changing(this::settlePending); // the rest changes nothing that a failure would leave half done
        return evaluate(split, Integer.MAX_VALUE);
    }

    /**
     * {@link #evaluate(Split)} with the deviation (|G| + 1 forwards per sample) measured on the split's first
     * {@code deviationSamples} samples only; loss and metric always cover the whole split.
     */
    private Metrics.Evaluation evaluate(Split split, int deviationSamples) {
        settlePending();
        capture.ifPresent(StepCapture::invalidate);
        int size = data.size(split);
        int probed = Math.min(size, deviationSamples);
        double loss = 0;
        double metric = 0;
        double[] deviation = new double[types.size()];
        listener.onEvaluating(new Metrics.Evaluating(split, 0, size));
        for (int start = 0; start < size; start = batchEnd(start, size, config.batchSize())) {
            int[] indices = range(start, batchEnd(start, size, config.batchSize()));
            BatchLoader.Batch batch = batches.load(split, indices, BatchLoader.Slot.BATCH);
            Tensor out = model.forward(batch.inputs(), false);
            Tensor target = batches.targets(batch, config.task().targetShape(out.shape()));
            config.task().enqueue(out, target, dOut.get(out.shape()), scores);
            Task.Scores s = config.task().read(scores);
            loss += s.loss() * indices.length;
            metric += s.metric() * indices.length;
            if (start < probed) {
                int[] measured = range(start, batchEnd(start, probed, config.batchSize()));
                probe.setBatch(batches.load(split, measured, BatchLoader.Slot.PROBE).inputs());
                probe.ensureMeasured(false);
                for (int t = 0; t < types.size(); t++) {
                    deviation[t] += probe.relativeMean(types.get(t)) * measured.length;
                }
                probe.setBatch(null);
            }
            listener.onEvaluating(new Metrics.Evaluating(split, start + indices.length, size));
        }
        Map<String, Double> byType = new LinkedHashMap<>();
        for (int t = 0; t < types.size(); t++) {
            byType.put(types.get(t).name().toLowerCase(Locale.ROOT), deviation[t] / probed);
        }
        return new Metrics.Evaluation(split, loss / size, metric / size, byType);
    }

    private static int[] range(int from, int to) {
        int[] r = new int[to - from];
        Arrays.setAll(r, i -> from + i);
        return r;
    }

    /** Replaces every relaxation by its projection; returns the mean relative squared change of the test outputs. */
    private double projectAndMeasure() {
        float[] before = testOutputs();
        model.project();
        projectedAtEnd = config.method() != Method.STRICT; // strict's model was projected from the start
        float[] after = testOutputs();
        int n = data.size(Split.TEST);
        int per = before.length / n;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double diff = 0;
            double norm = 0;
            for (int j = i * per; j < (i + 1) * per; j++) {
                diff += (double) (after[j] - before[j]) * (after[j] - before[j]);
                norm += (double) before[j] * before[j];
            }
            sum += diff / (norm + EquivarianceDeviation.EPS);
        }
        return sum / n;
    }

    private float[] testOutputs() {
        settlePending();
        capture.ifPresent(StepCapture::invalidate);
        int size = data.size(Split.TEST);
        List<float[]> parts = new ArrayList<>();
        int total = 0;
        for (int start = 0; start < size; start = batchEnd(start, size, config.batchSize())) {
            BatchLoader.Batch batch = batches.load(Split.TEST, range(start, batchEnd(start, size, config.batchSize())),
                    BatchLoader.Slot.BATCH);
            float[] part = backend.download(model.forward(batch.inputs(), false));
            parts.add(part);
            total += part.length;
        }
        float[] all = new float[total];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    /** Open, and not left part-way through a step or epoch by a failure ({@link #failure}). */
    private void requireUsable() {
        if (closed) {
            throw new IllegalStateException("trainer used after close(); make a new Trainer (the model, which the"
                    + " caller owns, stays usable)");
        }
        if (failure.isPresent()) {
            throw new IllegalStateException("trainer: a call failed part-way through a step or epoch ("
                    + failure.get() + "), leaving the model, step counter, records and constraint state out of step"
                    + " with each other, so this trainer refuses further use; " + lastCheckpoint.map(dir -> "make a"
                    + " new Trainer and restoreCheckpoint(" + dir + ") into it (it loads every model tensor, so this"
                    + " model will do)").orElse("no checkpoint was written, so build the model anew and make a new"
                    + " Trainer"), failure.get());
        }
    }

    /**
     * Runs {@code work}, which changes the trainer's state in steps (the step counter, the records, the constraint
     * state, the model); one that fails part-way, but for a divergence (whose state is documented), leaves this
     * trainer failed: {@link #requireUsable} refuses it from then on. A rerun would otherwise train the failed epoch
     * again from its start and checkpoint a state no run reaches.
     */
    private <T> T changing(Supplier<T> work) {
        try {
            return work.get();
        } catch (TrainingDivergedException e) {
            throw e;
        } catch (RuntimeException | Error e) {
            if (failure.isEmpty()) {
                failure = Optional.of(e);
            }
            throw e;
        }
    }

    private void changing(Runnable work) {
        changing(() -> {
            work.run();
            return null;
        });
    }

    @Override
    public void close() {
        closed = true;
        pending = Optional.empty();
        unclaimed = Optional.empty();
        capture.ifPresent(StepCapture::close);
        overlap.ifPresent(Overlap::close);
        owned.close();
    }
}
