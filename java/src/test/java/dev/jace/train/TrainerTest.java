package dev.jace.train;

import dev.jace.backend.Backend;
import dev.jace.backend.FeatureRep;
import dev.jace.backend.cpu.CpuBackend;
import dev.jace.constraint.ConstraintState;
import dev.jace.constraint.DualAscent;
import dev.jace.constraint.Method;
import dev.jace.constraint.MethodSettings;
import dev.jace.constraint.Schedule;
import dev.jace.constraint.SymmetryLevels;
import dev.jace.data.TaskKind;
import dev.jace.group.C4;
import dev.jace.group.SymmetryType;
import dev.jace.nn.RelaxationSpec;
import dev.jace.nn.Sequential;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;
import dev.jace.testing.FailingAllocations;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** End-to-end runs on 9×9 D4 regression tasks. */
class TrainerTest {

    private static final Backend BACKEND = new CpuBackend();

    @AfterAll
    static void close() {
        BACKEND.close();
    }

    static TrainerConfig config(Method method, int epochs) {
        return TrainerConfig.defaults(method, new Task.Regression())
                .withEpochs(epochs)
                .withBatchSize(16)
                .withSeed(7)
                .withDual(new DualAscent(1.0, 1.0, 1))
                .withOptimizer(OptimizerSpec.Adam.withLr(0.03))
                .withLrScale(new Schedule.Cosine(1.0, 0.0));
    }

    /** A listener that appends every step record to {@code steps}. */
    static Metrics.Listener recording(List<Metrics.Step> steps) {
        return new Metrics.Listener() {
            @Override
            public void onStep(Metrics.Step step) {
                steps.add(step);
            }
        };
    }

    static Metrics.Result train(InMemoryData data, TrainerConfig config) {
        try (Sequential model = Fixtures.model(BACKEND, 1, RelaxationSpec.additive(0.1f));
             Trainer trainer = Fixtures.silentTrainer(BACKEND, model, data, config)) {
            return trainer.run();
        }
    }

    @Test
    void aClosedTrainerSaysSo() {
        InMemoryData data = Fixtures.teacherData(BACKEND, 8, 4, 0.5);
        try (Sequential model = Fixtures.model(BACKEND, 1, RelaxationSpec.additive(0.1f))) {
            Trainer trainer = Fixtures.silentTrainer(BACKEND, model, data, config(Method.ACE, 1));
            trainer.close();
            assertEquals("trainer used after close(); make a new Trainer (the model, which the caller owns, stays"
                    + " usable)", assertThrows(IllegalStateException.class, trainer::run).getMessage());
            assertThrows(IllegalStateException.class, () -> trainer.trainBatch(new int[] {0}));
            assertThrows(IllegalStateException.class, () -> trainer.evaluate(Split.TEST));
        }
    }

    /** Each refusal comes before a strict method projects the model (which would drop its relaxations). */
    @Test
    void refusesUnusableDataBeforeChangingTheModel() {
        InMemoryData data = Fixtures.teacherData(BACKEND, 8, 4, 0.5);
        InMemoryData noTest = new InMemoryData(data.inputShape(), data.targetSize(), data.trainInputs(),
                data.trainTargets(), new float[0], new float[0]);
        Shape larger = Shape.of(1, Fixtures.SIZE + 1, Fixtures.SIZE + 1);
        float[] images = new float[2 * larger.size()];
        InMemoryData otherSize = new InMemoryData(larger, larger.size(), images, images, images, images);
        Metrics.Listener silent = new Metrics.Listener() { };
        try (Sequential model = Fixtures.model(BACKEND, 1, RelaxationSpec.additive(0.1f))) {
            List<String> parameters = model.parameters().names();
            TrainerConfig strict = config(Method.STRICT, 1);

            String empty = assertThrows(IllegalArgumentException.class,
                    () -> new Trainer(BACKEND, model, Fixtures.SYMMETRY, noTest, strict, silent)).getMessage();
            assertTrue(empty.contains("the test split is empty"), empty);
            String shape = assertThrows(IllegalArgumentException.class,
                    () -> new Trainer(BACKEND, model, Fixtures.SYMMETRY, otherSize, strict, silent)).getMessage();
            assertTrue(shape.contains("the data's samples are [1, 10, 10] but the model was built for [1, 9, 9]"),
                    shape);
            String listener = assertThrows(NullPointerException.class,
                    () -> new Trainer(BACKEND, model, Fixtures.SYMMETRY, data, strict, null)).getMessage();
            assertTrue(listener.contains("new Metrics.Listener() { }"), listener);

            Symmetry c4 = new Symmetry(new C4(), FeatureRep.IMAGE, FeatureRep.IMAGE);
            assertEquals("trainer: the symmetry's group is c4 but the model was built for d4 (Sequential.builder's"
                    + " group)", assertThrows(IllegalArgumentException.class,
                    () -> new Trainer(BACKEND, model, c4, data, strict, silent)).getMessage());
            Symmetry groupMaps = new Symmetry(Fixtures.D4_GROUP, FeatureRep.IMAGE, FeatureRep.GROUP_MAP);
            assertEquals("trainer: the symmetry acts on the model's output as GROUP_MAP ([N, C, 8, H, W], square"
                    + " maps), but that output is [1, 1, 9, 9] for one sample", assertThrows(
                    IllegalArgumentException.class, () -> new Trainer(BACKEND, model, groupMaps, data, strict,
                            silent)).getMessage());
            TrainerConfig classify = TrainerConfig.defaults(Method.STRICT, new Task.Classification()).withEpochs(1);
            assertEquals("trainer: classification needs class scores [N, classes] from the model, but its output is"
                    + " [1, 1, 9, 9] for one sample; end the model with a linear layer, or train with"
                    + " Task.Regression", assertThrows(IllegalArgumentException.class,
                    () -> new Trainer(BACKEND, model, Fixtures.SYMMETRY, data, classify, silent)).getMessage());
            InMemoryData fewTargets = new InMemoryData(data.inputShape(), 3, data.trainInputs(),
                    new float[3 * 8], data.testInputs(), new float[3 * 4]);
            assertEquals("trainer: mse needs 81 target value(s) per sample for the model's output [1, 1, 9, 9] of"
                    + " one sample, but the data has 3", assertThrows(IllegalArgumentException.class,
                    () -> new Trainer(BACKEND, model, Fixtures.SYMMETRY, fewTargets, strict, silent)).getMessage());

            assertEquals(parameters, model.parameters().names());
            assertFalse(model.relaxations().isEmpty());
        }
    }

    /**
     * Class labels are checked on the host before anything changes: a bad one would otherwise surface (on the CPU)
     * only when its batch runs, after earlier steps, or (on CUDA) never.
     */
    @Test
    void refusesClassLabelsOutsideTheModelsClassesBeforeChangingTheModel() {
        ModelSpec spec = ModelSpec.forTraining(TaskKind.CLASSIFICATION, new C4(), TrainingRuns.IMAGE, Method.ACE, 3);
        Task task = new Task.Classification();
        InMemoryData valid = Fixtures.randomData(spec, task, 12);
        TrainerConfig strict = TrainerConfig.defaults(Method.STRICT, task).withEpochs(1).withBatchSize(4);
        Metrics.Listener silent = new Metrics.Listener() { };
        try (Sequential model = spec.build(BACKEND, 5)) {
            float[] before = BACKEND.download(model.parameters().iterator().next().parameter().value());
            float[] oneBased = valid.trainTargets().clone();
            oneBased[9] = 3;
            assertEquals("trainer: train sample 9 has target 3.0, but classification needs a class index, a whole"
                    + " number in [0, 3) for the model's 3 class scores; labels must be 0-based class indices (these"
                    + " go up to 3)", refusal(model, spec, labels(valid, oneBased, valid.testTargets()), strict));
            float[] fraction = valid.testTargets().clone();
            fraction[7] = 1.5f;
            assertEquals("trainer: test sample 7 has target 1.5, but classification needs a class index, a whole"
                    + " number in [0, 3) for the model's 3 class scores",
                    refusal(model, spec, labels(valid, valid.trainTargets(), fraction), strict));
            float[] negative = valid.trainTargets().clone();
            negative[0] = -1;
            negative[11] = 4;
            assertEquals("trainer: train sample 0 has target -1.0, but classification needs a class index, a whole"
                    + " number in [0, 3) for the model's 3 class scores",
                    refusal(model, spec, labels(valid, negative, valid.testTargets()), strict));

            assertArrayEquals(before, BACKEND.download(model.parameters().iterator().next().parameter().value()));
            assertFalse(model.relaxations().isEmpty(), "a strict trainer projected the model before refusing");
            new Trainer(BACKEND, model, spec.symmetry(), valid, strict, silent).close();
        }
    }

    private static InMemoryData labels(InMemoryData data, float[] train, float[] test) {
        return new InMemoryData(data.inputShape(), 1, data.trainInputs(), train, data.testInputs(), test);
    }

    private static String refusal(Sequential model, ModelSpec spec, InMemoryData data, TrainerConfig config) {
        return assertThrows(IllegalArgumentException.class, () -> new Trainer(BACKEND, model, spec.symmetry(), data,
                config, new Metrics.Listener() { })).getMessage();
    }

    @Test
    void aConstructorFailingAtAnyAllocationClosesWhatItAllocatedAndThrowsTheFailure() {
        InMemoryData data = Fixtures.teacherData(BACKEND, 8, 4, 0.5);
        TrainerConfig config = config(Method.ACE, 1);
        Metrics.Listener silent = new Metrics.Listener() { };
        try (Sequential model = Fixtures.model(BACKEND, 1, RelaxationSpec.additive(0.1f))) {
            int count = FailingAllocations.checkEveryFailureClosesWhatWasMade(BACKEND,
                    backend -> new Trainer(backend, model, Fixtures.SYMMETRY, data, config, silent));
            assertTrue(count > 2 * model.parameters().names().size(), "Adam's moments and more: " + count);
        }
    }

    @Test
    void trainBatchTakesTheSameStepsAsAnEpochOverTheSameBatches() {
        InMemoryData data = Fixtures.teacherData(BACKEND, 32, 16, 0.5);
        TrainerConfig config = config(Method.ACE, 2);
        List<Metrics.Step> fromEpoch = new ArrayList<>();
        List<Metrics.Step> fromBatches = new ArrayList<>();
        try (Sequential model = Fixtures.model(BACKEND, 1, RelaxationSpec.additive(0.1f));
             Trainer trainer = new Trainer(BACKEND, model, Fixtures.SYMMETRY, data, config, recording(fromEpoch))) {
            trainer.runEpoch();
        }
        int[] order = Trainer.shuffled(32, config.seed(), 0);
        try (Sequential model = Fixtures.model(BACKEND, 1, RelaxationSpec.additive(0.1f));
             Trainer trainer = Fixtures.silentTrainer(BACKEND, model, data, config)) {
            for (int start = 0; start < order.length; start += config.batchSize()) {
                fromBatches.add(trainer.trainBatch(Arrays.copyOfRange(order, start, start + config.batchSize())));
            }
            assertEquals(2, trainer.step());
            assertEquals(0, trainer.epoch());
        }
        assertEquals(fromEpoch, fromBatches);
    }

    /** Each evaluation says when it starts and how many samples are through after every batch, in order. */
    @Test
    void evaluationsReportTheirProgressAfterEveryBatch() {
        InMemoryData data = Fixtures.teacherData(BACKEND, 16, 20, 0.5);
        List<Object> told = new ArrayList<>();
        Metrics.Listener listener = new Metrics.Listener() {
            @Override
            public void onEpoch(Metrics.Epoch epoch) {
                told.add("epoch " + epoch.epoch());
            }

            @Override
            public void onEvaluating(Metrics.Evaluating progress) {
                told.add(progress);
            }
        };
        List<Object> testPass = List.of(new Metrics.Evaluating(Split.TEST, 0, 20),
                new Metrics.Evaluating(Split.TEST, 16, 20), new Metrics.Evaluating(Split.TEST, 20, 20));
        try (Sequential model = Fixtures.model(BACKEND, 1, RelaxationSpec.additive(0.1f));
             Trainer trainer = new Trainer(BACKEND, model, Fixtures.SYMMETRY, data, config(Method.ACE, 1), listener)) {
            trainer.run();
            List<Object> expected = new ArrayList<>(testPass);
            expected.add("epoch 0");
            expected.addAll(testPass); // the final evaluation, after the projection
            assertEquals(expected, told);
            told.clear();
            trainer.evaluate(Split.TRAIN);
            assertEquals(List.of(new Metrics.Evaluating(Split.TRAIN, 0, 16), new Metrics.Evaluating(Split.TRAIN, 16,
                    16)), told);
        }
    }

    @Test
    void trainBatchRejectsIndicesOutsideTheTrainingSplit() {
        InMemoryData data = Fixtures.teacherData(BACKEND, 8, 4, 0.0);
        try (Sequential model = Fixtures.model(BACKEND, 1, RelaxationSpec.additive(0.1f));
             Trainer trainer = Fixtures.silentTrainer(BACKEND, model, data, config(Method.ACE, 1))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> trainer.trainBatch(new int[] {0, 8}));
            assertTrue(e.getMessage().contains("index 8") && e.getMessage().contains("[0, 8)"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> trainer.trainBatch(new int[0]));
            assertEquals(0, trainer.step());
        }
    }

    @Test
    void aceOnSymmetricTaskEndsEquivariantAndProjectionBarelyChangesOutputs() {
        InMemoryData data = Fixtures.teacherData(BACKEND, 32, 16, 0.0);
        Metrics.Result result = train(data, config(Method.ACE, 40));
        Metrics.Epoch last = result.epochs().getLast();
        last.test().deviation().forEach((type, d) -> assertTrue(d < 1e-5, type + " deviation before project " + d));
        assertTrue(result.projectionChange().orElseThrow() < 1e-5, "project() changed outputs by "
                + result.projectionChange());
        result.finalEvaluation().deviation().forEach((type, d) -> assertTrue(d < 1e-10, type + " after project " + d));
        assertTrue(last.test().loss() < result.epochs().getFirst().test().loss(), "test loss did not improve");
    }

    @Test
    void resilientAceKeepsRelaxationWhenTheTaskBreaksRotation() {
        InMemoryData data = Fixtures.teacherData(BACKEND, 32, 16, 0.5);
        Metrics.Result result = train(data, config(Method.ACE_RESILIENT, 30));
        Metrics.Epoch last = result.epochs().getLast();
        assertTrue(last.relaxation().get("lift") > 0.05, "γ collapsed: " + last.relaxation());
        SymmetryLevels levels = result.symmetryLevels();
        SymmetryLevels.Level rotation = levels.level("rotation");
        SymmetryLevels.Level reflection = levels.level("reflection");
        assertTrue(rotation.slack() > reflection.slack(), levels.toString());
        assertTrue(rotation.multiplier() > reflection.multiplier(), levels.toString());
        assertTrue(result.projectionChange().isEmpty());
    }

    @Test
    void deviationIsMeasuredOnTheFirstProbeSamplesOfTheBatch() {
        InMemoryData data = Fixtures.teacherData(BACKEND, 32, 16, 0.5);
        TrainerConfig config = config(Method.ACE_RESILIENT, 1).withProbeSamples(4);
        double recorded = train(data, config).steps().getFirst().terms().get("output.rotation").value();
        int[] batch = Arrays.copyOf(Trainer.shuffled(32, config.seed(), 0), config.batchSize());
        assertEquals(recorded, initialRotationDeviation(data, Arrays.copyOf(batch, 4)), 0.0);
        assertNotEquals(recorded, initialRotationDeviation(data, batch), 1e-6 * recorded);
    }

    /** The untrained model's rotation deviation in training mode on the given training samples. */
    private static double initialRotationDeviation(InMemoryData data, int[] indices) {
        float[] x = new float[indices.length * data.inputShape().size()];
        data.fill(Split.TRAIN, indices, x, new float[indices.length * data.targetSize()]);
        try (Sequential model = Fixtures.model(BACKEND, 1, RelaxationSpec.additive(0.1f));
             DeviationProbe probe = new DeviationProbe(BACKEND, model, Fixtures.D4_GROUP, FeatureRep.IMAGE,
                     FeatureRep.IMAGE);
             Tensor input = BACKEND.upload(x, Shape.of(indices.length, 1, Fixtures.SIZE, Fixtures.SIZE))) {
            probe.setBatch(input);
            probe.ensureMeasured(true);
            return probe.relativeMean(SymmetryType.ROTATION);
        }
    }

    /**
     * A batch near {@link Integer#MAX_VALUE} ("the whole split") is one step of all samples each epoch, the run a batch
     * of the split's size takes: counting the batches must not overflow into none.
     */
    @Test
    void aBatchNearIntMaxIsOneStepOfTheWholeSplitPerEpoch() {
        InMemoryData data = Fixtures.teacherData(BACKEND, 32, 16, 0.5);
        TrainerConfig whole = config(Method.ACE, 2).withBatchSize(32);
        Metrics.Result expected = train(data, whole);
        assertEquals(2, expected.steps().size());
        for (int batch : new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE - 31}) {
            TrainerConfig config = whole.withBatchSize(batch);
            assertEquals(2, Trainer.totalSteps(config, 32), "batch " + batch);
            Metrics.Result result = train(data, config);
            assertEquals(expected.steps(), result.steps(), "batch " + batch);
            assertEquals(expected.epochs(), result.epochs(), "batch " + batch);
            assertEquals(expected.finalEvaluation(), result.finalEvaluation(), "batch " + batch);
        }
    }

    @Test
    void sameSeedGivesBitwiseIdenticalMetrics() {
        InMemoryData data = Fixtures.teacherData(BACKEND, 32, 16, 0.5);
        TrainerConfig config = config(Method.ACE_RESILIENT, 3);
        Metrics.Result a = train(data, config);
        Metrics.Result b = train(data, config);
        assertEquals(a.steps(), b.steps());
        assertEquals(a.epochs(), b.epochs());
        assertEquals(a.finalEvaluation(), b.finalEvaluation());
        Metrics.Result other = train(data, config.withSeed(8));
        assertTrue(!a.steps().equals(other.steps()), "another seed should shuffle differently");
    }

    @Test
    void discardedStepRecordsStillReachTheListenerAndChangeNothingElse() {
        InMemoryData data = Fixtures.teacherData(BACKEND, 32, 16, 0.5);
        TrainerConfig config = config(Method.ACE_RESILIENT, 2);
        Metrics.Result kept = train(data, config);
        List<Metrics.Step> told = new ArrayList<>();
        Metrics.Result discarded;
        try (Sequential model = Fixtures.model(BACKEND, 1, RelaxationSpec.additive(0.1f));
             Trainer trainer = new Trainer(BACKEND, model, Fixtures.SYMMETRY, data, config, recording(told))) {
            discarded = trainer.discardStepRecords().run();
        }
        assertEquals(List.of(), discarded.steps());
        assertEquals(kept.steps(), told);
        assertEquals(4, told.size());
        assertEquals(kept.epochs(), discarded.epochs());
        assertEquals(kept.finalEvaluation(), discarded.finalEvaluation());
        assertEquals(kept.symmetryLevels(), discarded.symmetryLevels());
    }

    /**
     * A horizon shorter than the run times the constraint schedules only: ε reaches 0 at the horizon's last step and
     * is held there, while the learning rate's schedule runs over the whole run, so the steps after the horizon still
     * move the weights and let c settle.
     */
    @Test
    void aShorterHorizonTimesTheConstraintSchedulesButNotTheLearningRate() {
        InMemoryData data = Fixtures.teacherData(BACKEND, 32, 16, 0.0);
        Schedule.Cosine epsilon = new Schedule.Cosine(0.05, 0.0);
        TrainerConfig config = config(Method.ACE, 4).withHorizonFraction(0.5)
                .withSettings(MethodSettings.defaults().withEpsilon(epsilon));
        List<Metrics.Step> steps = train(data, config).steps();
        assertEquals(8, steps.size(), "32 samples in batches of 16, 4 epochs");
        for (Metrics.Step s : steps) {
            assertEquals(0.03 * new Schedule.Cosine(1.0, 0.0).value(s.step(), 8), s.lr(), "lr at step " + s.step());
            for (ConstraintState term : s.terms().values()) {
                assertEquals(epsilon.value(s.step(), 4), term.epsilon(), "ε at step " + s.step());
            }
        }
        assertEquals(0.0, steps.get(3).terms().values().iterator().next().epsilon(), "ε is 0 from step 3 on");
        assertTrue(steps.get(6).lr() > 0, "step 6, past the horizon, still trains: " + steps.get(6).lr());
    }

    @Test
    void nanLossStopsWithTheStep() {
        InMemoryData data = Fixtures.teacherData(BACKEND, 32, 16, 0.0);
        TrainerConfig config = config(Method.UNCONSTRAINED, 3)
                .withOptimizer(new OptimizerSpec.Sgd(1e30, 0.0, 0.0));
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> train(data, config));
        assertTrue(e.getMessage().contains("at step " + e.step()), e.getMessage());
        assertTrue(e.getMessage().contains("no checkpoint"), e.getMessage());
        assertTrue(e.step() >= 1, "the first step has a finite loss");
    }

    /** The advice names what sets how hard the method's terms push: a dual step size only where there is one. */
    @ParameterizedTest
    @EnumSource(Method.class)
    void divergenceAdviceNamesWhatTheMethodLetsLower(Method method) {
        InMemoryData data = Fixtures.teacherData(BACKEND, 32, 16, 0.0);
        TrainerConfig config = config(method, 3).withOptimizer(new OptimizerSpec.Sgd(1e30, 0.0, 0.0));
        String advice = switch (method) {
            case ACE, ACE_RESILIENT -> "Lower the learning rate or the dual step size.";
            case PENALTY, SCHEDULED, RPP -> "Lower the learning rate or the penalty weights.";
            case STRICT, UNCONSTRAINED, SOFTREG -> "Lower the learning rate.";
        };
        String message = assertThrows(TrainingDivergedException.class, () -> train(data, config)).getMessage();
        assertTrue(message.endsWith("no checkpoint was written. " + advice), message);
    }

    /**
     * A first step whose loss is not finite ran before any update: the advice is the data's scale, not a step size, nor
     * the penalty weights (the loss checked is the task's, from the forward pass before the terms weigh anything).
     */
    @ParameterizedTest
    @EnumSource(value = Method.class, names = {"UNCONSTRAINED", "ACE", "PENALTY"})
    void aFirstStepThatOverflowsPointsAtTheData(Method method) {
        InMemoryData data = Fixtures.teacherData(BACKEND, 32, 16, 0.0);
        float[] huge = data.trainTargets().clone();
        for (int i = 0; i < huge.length; i++) {
            huge[i] = 1e30f;
        }
        InMemoryData overflowing = new InMemoryData(data.inputShape(), data.targetSize(), data.trainInputs(), huge,
                data.testInputs(), data.testTargets());
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> train(overflowing, config(method, 2)));
        assertEquals(0, e.step());
        assertTrue(e.getMessage().endsWith("no checkpoint was written. Step 0's loss comes before any update, so no"
                + " step size is the cause: the starting model's loss on this data is not finite in float32 (a value"
                + " past about 1.8e19 overflows when squared); check the data's scale."), e.getMessage());
    }

    /**
     * The loss is read after the step's update (so the device never waits mid-step): the exception comes from the
     * diverged step with its update applied, while the step counter, records and constraint state stay as before it.
     */
    @Test
    void divergenceIsReportedAfterTheStepsUpdate() {
        InMemoryData data = Fixtures.teacherData(BACKEND, 32, 16, 0.0);
        TrainerConfig config = config(Method.ACE, 3).withOptimizer(new OptimizerSpec.Sgd(1e30, 0.0, 0.0));
        List<Metrics.Step> records = new ArrayList<>();
        try (Sequential model = Fixtures.model(BACKEND, 1, RelaxationSpec.additive(0.1f));
             Trainer trainer = new Trainer(BACKEND, model, Fixtures.SYMMETRY, data, config, recording(records))) {
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class, trainer::run);
            assertEquals(e.step(), trainer.step(), "the step counter stays at the diverged step");
            assertEquals(e.step(), records.size(), "the diverged step has no record");
            assertEquals(e.step() + 1, trainer.optimizer().steps(), "the diverged step's update has been applied");
            assertTrue(e.step() >= 1, "the first step has a finite loss");
            assertEquals(records.getLast().terms(), trainer.loop().states(),
                    "the constraint state is the one after the last good step");
        }
    }

    /**
     * The listener is told of the divergence once, just before the exception, with the diverged step; one that fails
     * then (a full disk under metrics.jsonl) does not hide the divergence.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void theListenerIsToldOfTheDivergenceOnce(boolean overlapped) {
        InMemoryData data = Fixtures.teacherData(BACKEND, 32, 16, 0.0);
        TrainerConfig config = config(Method.ACE, 3).withBatchSize(4)
                .withOptimizer(new OptimizerSpec.Sgd(1e30, 0.0, 0.0));
        Recorded listener = new Recorded(true);
        List<Metrics.Diverged> told = listener.told();
        List<Metrics.Step> steps = listener.steps();
        try (Sequential model = Fixtures.model(BACKEND, 1, RelaxationSpec.additive(0.1f));
             Trainer trainer = new Trainer(BACKEND, model, Fixtures.SYMMETRY, data, config, listener)) {
            if (overlapped) {
                trainer.overlapSteps();
            }
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class, trainer::run);
            assertEquals(1, told.size());
            Metrics.Diverged d = told.getFirst();
            assertEquals(e.step(), d.step());
            assertEquals(e.step() / 8, d.epoch(), "32 samples in batches of 4: 8 steps per epoch");
            assertEquals(e.step(), steps.size(), "the diverged step has no step record");
            assertEquals(Optional.empty(), d.tensor(), "the loss diverged");
            assertFalse(Double.isFinite(d.value()));
            assertSame(d, e.diverged());
            assertTrue(e.getMessage().contains("loss is " + d.value() + " at step " + d.step() + " (in epoch "
                    + (d.epoch() + 1) + "/3)"), e.getMessage());
            assertEquals(List.of("No space left on device"), Arrays.stream(e.getSuppressed())
                    .map(t -> t.getCause().getMessage()).toList());
        }
    }

    /** Records the steps and divergences it is told of; {@code diskFull} makes it fail when told of a divergence. */
    private record Recorded(boolean diskFull, List<Metrics.Step> steps, List<Metrics.Diverged> told)
            implements Metrics.Listener {
        Recorded(boolean diskFull) {
            this(diskFull, new ArrayList<>(), new ArrayList<>());
        }

        @Override
        public void onStep(Metrics.Step step) {
            steps.add(step);
        }

        @Override
        public void onDiverged(Metrics.Diverged diverged) {
            told.add(diverged);
            if (diskFull) {
                throw new UncheckedIOException(new IOException("No space left on device"));
            }
        }
    }

    /**
     * A divergence leaves no step in flight, overlapped or not: the step enqueued after the diverged one is dropped
     * with it, so a later evaluation reads no further step (the listener is told once), and the checkpoint the
     * exception names as the last good one restores, from which training takes the same first step again.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aDivergenceLeavesTheLastGoodCheckpointRestorable(boolean overlapped, @TempDir Path dir) throws IOException {
        InMemoryData data = Fixtures.teacherData(BACKEND, 32, 16, 0.0);
        TrainerConfig config = config(Method.ACE, 3).withBatchSize(4)
                .withOptimizer(new OptimizerSpec.Sgd(1e30, 0.0, 0.0));
        Recorded listener = new Recorded(false);
        List<Metrics.Diverged> told = listener.told();
        List<Metrics.Step> steps = listener.steps();
        try (Sequential model = Fixtures.model(BACKEND, 1, RelaxationSpec.additive(0.1f));
             Trainer trainer = new Trainer(BACKEND, model, Fixtures.SYMMETRY, data, config, listener)) {
            if (overlapped) {
                trainer.overlapSteps();
            }
            trainer.saveCheckpoint(dir);
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class, trainer::run);
            assertEquals(Optional.of(dir), e.lastCheckpoint());
            trainer.evaluate(Split.TEST);
            assertEquals(List.of(e.diverged()), told, "told once, of the diverged step");

            trainer.restoreCheckpoint(dir);
            assertEquals(0, trainer.step());
            Metrics.Step again = trainer.trainBatch(Arrays.copyOf(Trainer.shuffled(32, 7, 0), 4));
            assertEquals(steps.getFirst(), again, "the first step of the run, taken again");
            assertEquals(again.terms(), trainer.loop().states());
        }
    }

    /** Overlapped steps notice the divergence one step later: the next step has been enqueued and updated too. */
    @Test
    void overlappedStepsReportTheDivergedStepOneStepLater() {
        InMemoryData data = Fixtures.teacherData(BACKEND, 32, 16, 0.0);
        // Batches of 4: 8 steps per epoch, so the step after the diverged one is in the same epoch.
        TrainerConfig config = config(Method.ACE, 3).withBatchSize(4)
                .withOptimizer(new OptimizerSpec.Sgd(1e30, 0.0, 0.0));
        List<Metrics.Step> records = new ArrayList<>();
        try (Sequential model = Fixtures.model(BACKEND, 1, RelaxationSpec.additive(0.1f));
             Trainer trainer = new Trainer(BACKEND, model, Fixtures.SYMMETRY, data, config, recording(records))
                     .overlapSteps()) {
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class, trainer::run);
            assertTrue(e.step() >= 1 && e.step() < 6, "the first step has a finite loss: " + e.step());
            assertEquals(e.step(), records.size(), "the diverged step has no record");
            assertEquals(e.step() + 2, trainer.step(), "the step after the diverged one was enqueued");
            assertEquals(e.step() + 2, trainer.optimizer().steps(), "and its update applied");
            assertEquals(records.getLast().terms(), trainer.loop().states(),
                    "the constraint state is the one after the last good step");
        }
    }
}
