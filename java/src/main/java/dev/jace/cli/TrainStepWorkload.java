package dev.jace.cli;

import dev.jace.backend.Backend;
import dev.jace.constraint.Method;
import dev.jace.data.TaskKind;
import dev.jace.group.Group;
import dev.jace.nn.Sequential;
import dev.jace.tensor.Shape;
import dev.jace.train.InMemoryData;
import dev.jace.train.Metrics;
import dev.jace.train.ModelSpec;
import dev.jace.train.Trainer;
import dev.jace.train.TrainerConfig;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The training step whose throughput {@code jace bench} and the JMH suite report: the default fashion-mnist model of
 * {@link ModelSpec} (for C4 the "p4 CNN": lifting and group convolution with 8 channels, group batch norm, pooling,
 * a linear classifier), relaxed, trained with method ace and every {@code jace train} default (Adam, cosine decay,
 * deviation probe on 8 samples), on synthetic 1×28×28 images in [0, 1) with random labels. Each {@link #step()}
 * trains on the next of {@link #BATCHES} fixed batches, so the host-side gather stays as cheap as in real training.
 */
public final class TrainStepWorkload implements AutoCloseable {

    /** How the trainer runs the steps. */
    public enum StepMode {
        /** Every op launched directly, the dual update on the host. */
        EAGER,
        /** The device work captured once and replayed ({@link Trainer#captureSteps()}). */
        GRAPH,
        /** Captured, with the dual update on the device and each record read during the next step ({@link Trainer#overlapSteps()}). */
        OVERLAPPED
    }

    public static final Shape IMAGE = Shape.of(1, 28, 28);
    public static final int CLASSES = 10;
    static final int BATCHES = 4;
    /** Epochs the trainer is configured for: enough that the cosine learning rate stays near its start. */
    private static final int EPOCHS = 1_000_000;

    private final int batch;
    private final Sequential model;
    private final Trainer trainer;
    private int next;

    /**
     * @param backend  the backend to train on (owned by the caller)
     * @param group    the symmetry the model is equivariant to (c4 for the p4 CNN)
     * @param batch    images per step
     * @param mode     how the trainer runs the steps
     */
    public TrainStepWorkload(Backend backend, Group group, int batch, long seed, StepMode mode) {
        if (batch < 1) {
            throw new IllegalArgumentException("a training step needs a batch of at least 1 image, got " + batch);
        }
        this.batch = batch;
        ModelSpec spec = ModelSpec.forTraining(TaskKind.CLASSIFICATION, group, IMAGE, Method.ACE, CLASSES);
        TrainerConfig config = cliDefaults().config(Method.ACE, TaskKind.CLASSIFICATION, seed)
                .withBatchSize(batch).withEpochs(EPOCHS);
        this.model = spec.build(backend, seed);
        try {
            this.trainer = new Trainer(backend, model, spec.symmetry(), syntheticData(batch * BATCHES, seed), config,
                    new Metrics.Listener() { });
            if (mode != StepMode.EAGER) {
                trainer.captureSteps();
            }
            if (mode == StepMode.OVERLAPPED) {
                trainer.overlapSteps();
            }
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** The samples of each batch the step's deviation probe runs on ({@code --probe-samples}' default). */
    static int probeSamples() {
        return cliDefaults().probeSamples;
    }

    /** {@code jace train}'s flags at their defaults. */
    private static TrainingOptions cliDefaults() {
        return CommandLine.populateCommand(new TrainingOptions());
    }

    private static InMemoryData syntheticData(int samples, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] images = new float[samples * IMAGE.size()];
        for (int i = 0; i < images.length; i++) {
            images[i] = (float) random.nextDouble();
        }
        float[] labels = new float[samples];
        for (int i = 0; i < samples; i++) {
            labels[i] = random.nextInt(CLASSES);
        }
        return new InMemoryData(IMAGE, 1, images, labels, Arrays.copyOf(images, IMAGE.size()), new float[1]);
    }

    public int batch() {
        return batch;
    }

    /**
     * One full training step on the next batch; returns its record (loss, penalty, multipliers). In
     * {@link StepMode#OVERLAPPED} too, so it waits for the step it has just enqueued: {@link #steps} and
     * {@link #startStep} overlap the steps.
     */
    public Metrics.Step step() {
        return trainer.trainBatch(nextBatch());
    }

    /**
     * {@code count} steps on the next batches, overlapped in {@link StepMode#OVERLAPPED} (each record is read while the
     * next step runs), having waited for the last; returns their records in order.
     */
    public List<Metrics.Step> steps(int count) {
        List<Metrics.Step> records = new ArrayList<>(count);
        for (int s = 0; s < count; s++) {
            startStep().ifPresent(records::add);
        }
        finishSteps().ifPresent(records::add);
        return records;
    }

    /**
     * One step of {@link #steps}: enqueues a step on the next batch and returns the record that became available, in
     * {@link StepMode#OVERLAPPED} the previous step's (empty at the first), having waited for nothing newer; else this
     * step's. {@link #finishSteps} returns the last one.
     */
    public Optional<Metrics.Step> startStep() {
        return trainer.startBatch(nextBatch());
    }

    /** The record of the last step {@link #startStep} left unread, having waited for it (empty if none). */
    public Optional<Metrics.Step> finishSteps() {
        return trainer.finishBatches();
    }

    private int[] nextBatch() {
        int first = next * batch;
        next = (next + 1) % BATCHES;
        int[] indices = new int[batch];
        Arrays.setAll(indices, i -> first + i);
        return indices;
    }

    @Override
    public void close() {
        trainer.close();
        model.close();
    }
}
