package dev.jace.train;

import dev.jace.backend.Backend;
import dev.jace.backend.FeatureRep;
import dev.jace.backend.Padding;
import dev.jace.backend.PoolMode;
import dev.jace.backend.cpu.CpuBackend;
import dev.jace.constraint.ConstraintState;
import dev.jace.constraint.DualAscent;
import dev.jace.constraint.Method;
import dev.jace.constraint.MethodSettings;
import dev.jace.constraint.Schedule;
import dev.jace.group.C4;
import dev.jace.group.Group;
import dev.jace.io.FileFormatException;
import dev.jace.io.Json;
import dev.jace.io.NamedTensor;
import dev.jace.io.Safetensors;
import dev.jace.nn.Parameter;
import dev.jace.nn.ParameterRegistry;
import dev.jace.nn.RelaxationSpec;
import dev.jace.nn.Sequential;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checkpoint files and bitwise resume. */
class CheckpointTest {

    private static final Backend BACKEND = new CpuBackend();

    @AfterAll
    static void close() {
        BACKEND.close();
    }

    private static class Recorder implements Metrics.Listener {
        final List<Metrics.Step> steps = new ArrayList<>();
        final List<Metrics.Epoch> epochs = new ArrayList<>();

        @Override
        public void onStep(Metrics.Step step) {
            steps.add(step);
        }

        @Override
        public void onEpoch(Metrics.Epoch epoch) {
            epochs.add(epoch);
        }
    }

    @Test
    void resumeEqualsUninterruptedRunBitwise(@TempDir Path dir) throws IOException {
        InMemoryData data = Fixtures.teacherData(BACKEND, 32, 16, 0.5);
        TrainerConfig config = TrainerTest.config(Method.ACE_RESILIENT, 4);
        Metrics.Result full = uninterrupted(data, config);
        Path checkpoint = dir.resolve("ckpt");
        try (Sequential model = Fixtures.model(BACKEND, 1, RelaxationSpec.additive(0.1f));
             Trainer trainer = Fixtures.silentTrainer(BACKEND, model, data, config)) {
            trainer.checkpointEachEpoch(checkpoint);
            trainer.runEpoch();
            trainer.runEpoch();
        }
        assertTrue(Files.exists(checkpoint.resolve(Checkpoint.STATE)));
        // The second save wrote the other pair of files and deleted the first.
        Checkpoint.TensorFiles second = Checkpoint.TensorFiles.B;
        assertTrue(Safetensors.read(checkpoint.resolve(second.model())).tensors().containsKey("lift.gamma"));
        assertTrue(Safetensors.read(checkpoint.resolve(second.optimizer())).tensors().containsKey("lift.gamma.m"));
        assertFalse(Files.exists(checkpoint.resolve(Checkpoint.TensorFiles.A.model())));
        assertFalse(Files.exists(checkpoint.resolve(Checkpoint.TensorFiles.A.optimizer())));
        Recorder recorder = new Recorder();
        Metrics.Result resumed;
        try (Sequential model = Fixtures.model(BACKEND, 2, RelaxationSpec.additive(0.3f));
             Trainer trainer = new Trainer(BACKEND, model, Fixtures.SYMMETRY, data, config, recorder)) {
            trainer.restoreCheckpoint(checkpoint);
            assertEquals(2, trainer.epoch());
            resumed = trainer.run();
        }
        int done = full.steps().size() / 2;
        assertEquals(full.steps().subList(done, full.steps().size()), recorder.steps);
        assertEquals(full.epochs().subList(2, 4), recorder.epochs);
        assertEquals(full.finalEvaluation(), resumed.finalEvaluation());
        assertEquals(full.symmetryLevels(), resumed.symmetryLevels());
    }

    /**
     * An adaptive target is state: it moves with its multiplier, so a resume that rebuilt it from its schedule would
     * start the second half of the run from the first target and not from where the saved run had moved it.
     */
    @ParameterizedTest
    @EnumSource(value = Method.class, names = {"ACE", "ACE_RESILIENT"})
    void resumeRestoresAnAdaptiveTargetBitwise(Method method, @TempDir Path dir) throws IOException {
        InMemoryData data = Fixtures.teacherData(BACKEND, 32, 16, 0.5);
        // ace's equality constraints need a target that can reach 0 within the run's 2 dual steps (0.2, 2e-7, 0); a
        // resilient one may stay above it.
        Schedule.Adaptive target = method == Method.ACE ? new Schedule.Adaptive(0.2, 0, 1e-6, 0.01)
                : new Schedule.Adaptive(0.2, 0.01, 0.5, 0.01);
        TrainerConfig config = TrainerTest.config(method, 4).withDual(new DualAscent(0.5, 0.5, 3))
                .withSettings(MethodSettings.defaults().withEpsilon(target));
        Metrics.Result full = uninterrupted(data, config);
        int done = full.steps().size() / 2;
        Map<String, ConstraintState> saved = full.epochs().get(1).terms();
        assertTrue(saved.values().stream().anyMatch(s -> s.epsilon() != target.from()),
                "the target moved before the save: " + saved);
        try (Sequential model = Fixtures.model(BACKEND, 1, RelaxationSpec.additive(0.1f));
             Trainer trainer = Fixtures.silentTrainer(BACKEND, model, data, config)) {
            trainer.checkpointEachEpoch(dir);
            trainer.runEpoch();
            trainer.runEpoch();
        }
        Recorder recorder = new Recorder();
        try (Sequential model = Fixtures.model(BACKEND, 2, RelaxationSpec.additive(0.3f));
             Trainer trainer = new Trainer(BACKEND, model, Fixtures.SYMMETRY, data, config, recorder)) {
            trainer.restoreCheckpoint(dir);
            assertEquals(saved, trainer.loop().states());
            Metrics.Result resumed = trainer.run();
            assertEquals(full.steps().subList(done, full.steps().size()), recorder.steps);
            assertEquals(full.epochs().subList(2, 4), recorder.epochs);
            assertEquals(full.symmetryLevels(), resumed.symmetryLevels());
        }
    }

    /**
     * A save cut short after the model file (here the optimiser file's name is taken by a folder; SIGTERM or a full
     * disk do the same) leaves the previous checkpoint whole: resuming from it gives the uninterrupted run.
     */
    @Test
    void saveCutShortBetweenFilesLeavesThePreviousCheckpoint(@TempDir Path dir) throws IOException {
        InMemoryData data = Fixtures.teacherData(BACKEND, 32, 16, 0.5);
        TrainerConfig config = TrainerTest.config(Method.ACE, 3);
        Metrics.Result full = uninterrupted(data, config);
        try (Sequential model = Fixtures.model(BACKEND, 1, RelaxationSpec.additive(0.1f));
             Trainer trainer = Fixtures.silentTrainer(BACKEND, model, data, config)) {
            trainer.checkpointEachEpoch(dir).runEpoch();
            String firstState = Files.readString(dir.resolve(Checkpoint.STATE));
            Files.createDirectories(dir.resolve(Checkpoint.TensorFiles.B.optimizer()));
            UncheckedIOException e = assertThrows(UncheckedIOException.class, trainer::runEpoch);
            assertTrue(e.getMessage().startsWith("cannot write checkpoint to " + dir), e.getMessage());
            assertFalse(Files.exists(dir.resolve(Checkpoint.TensorFiles.B.model())), "the cut came after the model,"
                    + " which is removed: no state.json names it");
            assertTrue(Files.isDirectory(dir.resolve(Checkpoint.TensorFiles.B.optimizer())), "not jace's file");
            assertTrue(Files.exists(dir.resolve(Checkpoint.TensorFiles.A.model())));
            assertEquals(firstState, Files.readString(dir.resolve(Checkpoint.STATE)));
        }
        Recorder recorder = new Recorder();
        try (Sequential model = Fixtures.model(BACKEND, 2, RelaxationSpec.additive(0.3f));
             Trainer trainer = new Trainer(BACKEND, model, Fixtures.SYMMETRY, data, config, recorder)) {
            trainer.restoreCheckpoint(dir);
            assertEquals(1, trainer.epoch());
            Metrics.Result resumed = trainer.run();
            assertEquals(full.epochs().subList(1, 3), recorder.epochs);
            assertEquals(full.finalEvaluation(), resumed.finalEvaluation());
        }
    }

    /**
     * The first save of a run is written beside its folder and moved in whole: one cut short (here the optimiser state
     * cannot be read after the model file is written) leaves no checkpoint folder, which would otherwise hold tensor
     * files without a state.json and read as a run whose state was lost; the next first save replaces the leftover.
     */
    @Test
    void aFirstSaveCutShortLeavesNoCheckpointFolder(@TempDir Path run) throws IOException {
        Path dir = run.resolve("checkpoint");
        Checkpoint.State state = new Checkpoint.State("ace", 0, 8, 32, 1, 4, 4, 0.5, Map.of());
        try (Parameter p = Parameter.of(BACKEND, "w", new float[] {1f, -2f}, Shape.of(2))) {
            List<NamedTensor> weights = List.of(ModelWeights.named(BACKEND, "w", p.value()));
            Optimizer closed = new Optimizer(BACKEND, OptimizerSpec.Adam.withLr(0.01), ParameterRegistry.of(p));
            closed.close();
            assertThrows(IllegalStateException.class, () -> Checkpoint.save(dir, "d4", weights, BACKEND, closed, state));
            assertFalse(Files.exists(dir), "a first save cut short left " + dir);
            try (Optimizer live = new Optimizer(BACKEND, OptimizerSpec.Adam.withLr(0.01), ParameterRegistry.of(p))) {
                Checkpoint.save(dir, "d4", weights, BACKEND, live, state);
            }
        }
        assertTrue(Files.isRegularFile(dir.resolve(Checkpoint.STATE)));
        try (var left = Files.list(run)) {
            assertEquals(List.of(dir), left.toList(), "nothing beside the checkpoint folder");
        }
    }

    /** A staging folder holding a file no save writes is not jace's: refused, not emptied. */
    @Test
    void aStagingFolderHoldingOtherFilesIsRefusedAndKept(@TempDir Path run) throws IOException {
        Path dir = run.resolve("checkpoint");
        Path staging = Files.createDirectories(Checkpoint.staging(dir));
        Files.writeString(staging.resolve("model-a.safetensors"), "cut short");
        Files.writeString(staging.resolve(".state.json.123.tmp"), "cut short");
        Files.writeString(staging.resolve("notes.txt"), "mine");
        Checkpoint.State state = new Checkpoint.State("ace", 0, 8, 32, 1, 4, 4, 0.5, Map.of());
        try (Parameter p = Parameter.of(BACKEND, "w", new float[] {1f, -2f}, Shape.of(2));
             Optimizer optimizer = new Optimizer(BACKEND, OptimizerSpec.Adam.withLr(0.01), ParameterRegistry.of(p))) {
            List<NamedTensor> weights = List.of(ModelWeights.named(BACKEND, "w", p.value()));
            IOException e = assertThrows(IOException.class,
                    () -> Checkpoint.save(dir, "d4", weights, BACKEND, optimizer, state));
            assertEquals(staging + " holds notes.txt, which no checkpoint save writes; that folder is where the first"
                    + " checkpoint of " + dir + " is written: move it away", e.getMessage());
            assertEquals("mine", Files.readString(staging.resolve("notes.txt")));
            assertTrue(Files.exists(staging.resolve("model-a.safetensors")), "nothing deleted");
            Files.delete(staging.resolve("notes.txt"));
            Checkpoint.save(dir, "d4", weights, BACKEND, optimizer, state);
        }
        assertFalse(Files.exists(staging), "jace's own leftovers are replaced");
        assertTrue(Files.isRegularFile(dir.resolve(Checkpoint.STATE)));
    }

    /**
     * A checkpoint written before state.json named its tensor files (and recorded the batch size, the training samples
     * and the time) still loads; the next save replaces its files and removes what a save stopped mid-write left.
     */
    @Test
    void loadsACheckpointWithUnnamedTensorFiles(@TempDir Path dir) throws IOException {
        InMemoryData data = Fixtures.teacherData(BACKEND, 32, 16, 0.5);
        TrainerConfig config = TrainerTest.config(Method.ACE, 2);
        float[] saved;
        try (Sequential model = Fixtures.model(BACKEND, 1, RelaxationSpec.additive(0.1f));
             Trainer trainer = Fixtures.silentTrainer(BACKEND, model, data, config)) {
            trainer.checkpointEachEpoch(dir).runEpoch();
            saved = BACKEND.download(model.parameters().get("lift.free.weight").value());
        }
        Checkpoint.TensorFiles written = Checkpoint.TensorFiles.A;
        Checkpoint.TensorFiles unnamed = Checkpoint.TensorFiles.UNNAMED;
        Files.move(dir.resolve(written.model()), dir.resolve(unnamed.model()));
        Files.move(dir.resolve(written.optimizer()), dir.resolve(unnamed.optimizer()));
        Path state = dir.resolve(Checkpoint.STATE);
        Map<String, Object> json = Json.parseObject(Files.readString(state));
        for (String field : List.of("modelFile", "optimizerFile", "batchSize", "trainSamples", "elapsedSeconds")) {
            assertTrue(json.remove(field) != null, field);
        }
        Files.writeString(state, Json.writePretty(json));
        Files.writeString(dir.resolve("." + written.model() + ".123.tmp"), "left by a save stopped mid-write");
        try (Sequential model = Fixtures.model(BACKEND, 2, RelaxationSpec.additive(0.3f));
             Trainer trainer = Fixtures.silentTrainer(BACKEND, model, data, config)) {
            trainer.restoreCheckpoint(dir);
            assertArrayEquals(saved, BACKEND.download(model.parameters().get("lift.free.weight").value()));
            trainer.saveCheckpoint(dir);
        }
        try (var files = Files.list(dir)) {
            assertEquals(List.of(written.model(), written.optimizer(), Checkpoint.STATE),
                    files.map(f -> f.getFileName().toString()).sorted().toList());
        }
    }

    /** state.json may name only the files jace writes, not a path elsewhere. */
    @Test
    void refusesTensorFilesJaceDoesNotWrite(@TempDir Path dir) throws IOException {
        InMemoryData data = Fixtures.teacherData(BACKEND, 32, 16, 0.5);
        TrainerConfig config = TrainerTest.config(Method.ACE, 2);
        try (Sequential model = Fixtures.model(BACKEND, 1, RelaxationSpec.additive(0.1f));
             Trainer trainer = Fixtures.silentTrainer(BACKEND, model, data, config)) {
            trainer.saveCheckpoint(dir);
            Path state = dir.resolve(Checkpoint.STATE);
            Files.writeString(state, Files.readString(state).replace("\"model-a.safetensors\"",
                    "\"../model-a.safetensors\""));
            FileFormatException e = assertThrows(FileFormatException.class, () -> trainer.restoreCheckpoint(dir));
            assertTrue(e.getMessage().contains("names tensor files modelFile=../model-a.safetensors, optimizerFile="
                    + "optimizer-a.safetensors; jace writes model-a.safetensors with optimizer-a.safetensors, or"
                    + " model-b.safetensors with optimizer-b.safetensors"), e.getMessage());
        }
    }

    @Test
    void noCheckpointOnceRunHasProjectedTheModel(@TempDir Path dir) throws IOException {
        InMemoryData data = Fixtures.teacherData(BACKEND, 8, 4, 0.5);
        try (Sequential model = Fixtures.model(BACKEND, 1, RelaxationSpec.additive(0.1f));
             Trainer trainer = Fixtures.silentTrainer(BACKEND, model, data, TrainerTest.config(Method.ACE, 1))) {
            trainer.run();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> trainer.saveCheckpoint(dir));
            assertTrue(e.getMessage().startsWith("trainer: run() has projected the model (ace ends equivariant)"),
                    e.getMessage());
            assertFalse(Files.exists(dir.resolve(Checkpoint.STATE)));
        }
        try (Sequential model = Fixtures.model(BACKEND, 1, RelaxationSpec.additive(0.1f));
             Trainer trainer = Fixtures.silentTrainer(BACKEND, model, data, TrainerTest.config(Method.STRICT, 1))) {
            trainer.run();
            trainer.saveCheckpoint(dir); // strict's model is projected from the start, in a new trainer's too
        }
        try (Sequential model = Fixtures.model(BACKEND, 1, RelaxationSpec.additive(0.1f));
             Trainer trainer = Fixtures.silentTrainer(BACKEND, model, data, TrainerTest.config(Method.STRICT, 1))) {
            trainer.restoreCheckpoint(dir);
            assertEquals(1, trainer.epoch());
        }
    }

    @Test
    void divergenceNamesTheLastCheckpoint(@TempDir Path dir) {
        InMemoryData data = Fixtures.teacherData(BACKEND, 32, 16, 0.0);
        TrainerConfig config = TrainerTest.config(Method.UNCONSTRAINED, 3);
        try (Sequential model = Fixtures.model(BACKEND, 1, RelaxationSpec.additive(0.1f));
             Trainer good = Fixtures.silentTrainer(BACKEND, model, data, config)) {
            good.checkpointEachEpoch(dir).runEpoch();
        }
        TrainerConfig exploding = config.withOptimizer(OptimizerSpec.Adam.withLr(1e30));
        try (Sequential model = Fixtures.model(BACKEND, 1, RelaxationSpec.additive(0.1f));
             Trainer trainer = Fixtures.silentTrainer(BACKEND, model, data, exploding)) {
            trainer.restoreCheckpoint(dir);
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class, trainer::run);
            assertTrue(e.getMessage().contains("last good checkpoint: " + dir), e.getMessage());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * A model tensor that holds an infinity at the end of an epoch is a divergence though every step's loss was finite:
     * a BatchNorm running variance overflows that way, as the steps normalise with their batch's statistics (at
     * fashion-mnist --lr 1e5, which wrote a model its own eval refused). Caught before the epoch's checkpoint, so the
     * last checkpoint is the one before, and it loads.
     */
    @Test
    void aModelTensorOverflowingUnderAFiniteLossDivergesBeforeTheEpochsCheckpoint(@TempDir Path dir)
            throws IOException {
        InMemoryData data = Fixtures.teacherData(BACKEND, 32, 16, 0.5);
        TrainerConfig config = TrainerTest.config(Method.UNCONSTRAINED, 3).withBatchSize(8);
        List<Metrics.Diverged> told = new ArrayList<>();
        Recorder recorder = new Recorder() {
            @Override
            public void onDiverged(Metrics.Diverged diverged) {
                told.add(diverged);
            }
        };
        try (Sequential model = batchNormModel();
             Trainer trainer = new Trainer(BACKEND, model, Fixtures.SYMMETRY, data, config, recorder)) {
            trainer.checkpointEachEpoch(dir).runEpoch();
            Tensor runningVar = model.buffers().get("bn.running_var");
            float[] infinite = new float[runningVar.shape().size()];
            Arrays.fill(infinite, Float.POSITIVE_INFINITY);
            SavedTensors.upload(BACKEND, new NamedTensor("bn.running_var", runningVar.shape(), infinite), runningVar);

            TrainingDivergedException e = assertThrows(TrainingDivergedException.class, trainer::run);
            assertEquals(List.of(new Metrics.Diverged(7, 1, Optional.of("bn.running_var"), Double.POSITIVE_INFINITY)),
                    told, "32 samples in batches of 8: the second epoch's last step is step 7");
            assertEquals(8, recorder.steps.size());
            assertTrue(recorder.steps.stream().allMatch(s -> Double.isFinite(s.loss())), "the losses stayed finite");
            assertEquals(1, recorder.epochs.size(), "the epoch that diverged has no record");
            assertTrue(e.getMessage().startsWith("training diverged: tensor 'bn.running_var' holds Infinity after step"
                    + " 7 (in epoch 2/3); last good checkpoint: " + dir + ". Lower the learning rate."),
                    e.getMessage());
        }
        try (Sequential model = batchNormModel();
             Trainer trainer = Fixtures.silentTrainer(BACKEND, model, data, config)) {
            trainer.restoreCheckpoint(dir);
            assertEquals(1, trainer.epoch());
        }
    }

    /**
     * Steps run with trainBatch are outside the epochs' check; a saveCheckpoint after one left a model tensor infinite
     * is a divergence naming it, and the folder keeps the checkpoint before, which loads (the new one would not).
     */
    @Test
    void saveCheckpointOfANonFiniteModelDivergesAndKeepsThePreviousCheckpoint(@TempDir Path dir) throws IOException {
        InMemoryData data = Fixtures.teacherData(BACKEND, 32, 16, 0.5);
        TrainerConfig config = TrainerTest.config(Method.UNCONSTRAINED, 3).withBatchSize(8);
        try (Sequential model = batchNormModel();
             Trainer trainer = Fixtures.silentTrainer(BACKEND, model, data, config)) {
            trainer.checkpointEachEpoch(dir).runEpoch();
            trainer.trainBatch(new int[] {0, 1, 2});
            Tensor runningVar = model.buffers().get("bn.running_var");
            float[] values = BACKEND.download(runningVar);
            values[1] = Float.NEGATIVE_INFINITY;
            SavedTensors.upload(BACKEND, new NamedTensor("bn.running_var", runningVar.shape(), values), runningVar);

            TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                    () -> trainer.saveCheckpoint(dir));
            assertEquals(new Metrics.Diverged(4, 1, Optional.of("bn.running_var"), Double.NEGATIVE_INFINITY),
                    e.diverged(), "4 steps in epoch 1, then the trainBatch step 4");
            assertEquals(Optional.of(dir), e.lastCheckpoint());
        }
        try (Sequential model = batchNormModel();
             Trainer trainer = Fixtures.silentTrainer(BACKEND, model, data, config)) {
            trainer.restoreCheckpoint(dir);
            assertEquals(1, trainer.epoch());
            assertEquals(4, trainer.step());
        }
    }

    /** Lifting conv → group batch norm ("bn") → relu → group conv → group average pool. */
    private static Sequential batchNormModel() {
        return Sequential.builder(BACKEND, Fixtures.D4_GROUP.table(), Fixtures.SAMPLE, 1)
                .liftingConv(2, 3, Padding.SAME, RelaxationSpec.none())
                .groupBatchNorm().name("bn")
                .relu()
                .groupConv(1, 3, Padding.SAME, RelaxationSpec.none())
                .groupPool(PoolMode.MEAN)
                .build();
    }

    /**
     * An optimiser moment may hold an infinity (it overflowed, and training went on with it), so the checkpoint loads
     * with it; a NaN, which training never leaves there, is refused naming the tensor.
     */
    @Test
    void optimiserStateMayHoldInfinityButNotNaN(@TempDir Path dir) throws IOException {
        InMemoryData data = Fixtures.teacherData(BACKEND, 32, 16, 0.5);
        TrainerConfig config = TrainerTest.config(Method.ACE, 2);
        try (Sequential model = Fixtures.model(BACKEND, 1, RelaxationSpec.additive(0.1f));
             Trainer trainer = Fixtures.silentTrainer(BACKEND, model, data, config)) {
            trainer.checkpointEachEpoch(dir).runEpoch();
        }
        Path optimizer = dir.resolve(Checkpoint.TensorFiles.A.optimizer());
        List<NamedTensor> moments = List.copyOf(Safetensors.read(optimizer).tensors().values());
        NamedTensor v = moments.stream().filter(t -> t.name().endsWith(".v")).findFirst().orElseThrow();

        v.values()[1] = Float.POSITIVE_INFINITY;
        Safetensors.write(optimizer, moments, Map.of());
        try (Sequential model = Fixtures.model(BACKEND, 1, RelaxationSpec.additive(0.1f));
             Trainer trainer = Fixtures.silentTrainer(BACKEND, model, data, config)) {
            trainer.restoreCheckpoint(dir);
        }

        v.values()[1] = Float.NaN;
        Safetensors.write(optimizer, moments, Map.of());
        try (Sequential model = Fixtures.model(BACKEND, 1, RelaxationSpec.additive(0.1f));
             Trainer trainer = Fixtures.silentTrainer(BACKEND, model, data, config)) {
            FileFormatException e = assertThrows(FileFormatException.class, () -> trainer.restoreCheckpoint(dir));
            assertEquals(optimizer + ": tensor '" + v.name() + "' holds NaN at " + Arrays.toString(
                    v.shape().coordinates(1)) + "; training never leaves one in the optimiser's state (a diverged or"
                    + " damaged file)", e.getMessage());
        }
    }

    @Test
    void missingTensorIsAFormatErrorNamingIt(@TempDir Path dir) throws IOException {
        InMemoryData data = Fixtures.teacherData(BACKEND, 32, 16, 0.0);
        TrainerConfig config = TrainerTest.config(Method.ACE, 1).withQuantities(true, false);
        try (Sequential model = Fixtures.model(BACKEND, 1, RelaxationSpec.none());
             Trainer trainer = Fixtures.silentTrainer(BACKEND, model, data, config)) {
            trainer.saveCheckpoint(dir);
        }
        try (Sequential model = Fixtures.model(BACKEND, 1, RelaxationSpec.additive(0.1f));
             Trainer trainer = Fixtures.silentTrainer(BACKEND, model, data, config)) {
            FileFormatException e = assertThrows(FileFormatException.class, () -> trainer.restoreCheckpoint(dir));
            assertTrue(e.getMessage().contains("lift.free.weight") && e.getMessage().contains(Checkpoint.TensorFiles.A.model()),
                    e.getMessage());
        }
    }

    /**
     * A strict lifting model's weights have the same shape for every group, so the model file of a checkpoint names its
     * group, and a trainer of another group's model refuses it before anything changes.
     */
    @Test
    void aCheckpointOfAnotherGroupsModelIsRefused(@TempDir Path dir) throws IOException {
        InMemoryData data = Fixtures.teacherData(BACKEND, 16, 8, 0.0);
        TrainerConfig config = TrainerTest.config(Method.UNCONSTRAINED, 1);
        Symmetry c4 = new Symmetry(new C4(), FeatureRep.IMAGE, FeatureRep.IMAGE);
        try (Sequential model = liftAndPool(c4.group());
             Trainer trainer = new Trainer(BACKEND, model, c4, data, config, new Metrics.Listener() { })) {
            trainer.saveCheckpoint(dir);
        }
        try (Sequential model = liftAndPool(Fixtures.D4_GROUP);
             Trainer trainer = Fixtures.silentTrainer(BACKEND, model, data, config)) {
            float[] before = BACKEND.download(model.parameters().get("lift.weight").value());
            FileFormatException e = assertThrows(FileFormatException.class, () -> trainer.restoreCheckpoint(dir));
            assertEquals(dir.resolve(Checkpoint.TensorFiles.A.model()) + ": holds the weights of a model of group c4,"
                    + " not of this model's group d4: build the model on c4", e.getMessage());
            assertArrayEquals(before, BACKEND.download(model.parameters().get("lift.weight").value()));
        }
    }

    private static Sequential liftAndPool(Group group) {
        return Sequential.builder(BACKEND, group.table(), Fixtures.SAMPLE, 1)
                .liftingConv(1, 3, Padding.SAME, RelaxationSpec.none()).name("lift")
                .groupPool(PoolMode.MEAN)
                .build();
    }

    /** Another run's checkpoint, or one with a bad state file, is refused before the weights change. */
    @Test
    void refusesAnotherRunsCheckpointWithoutChangingTheModel(@TempDir Path dir) throws IOException {
        InMemoryData data = Fixtures.teacherData(BACKEND, 32, 16, 0.5);
        TrainerConfig penalty = TrainerTest.config(Method.PENALTY, 2);
        try (Sequential model = Fixtures.model(BACKEND, 1, RelaxationSpec.additive(0.1f));
             Trainer trainer = Fixtures.silentTrainer(BACKEND, model, data, penalty)) {
            trainer.checkpointEachEpoch(dir).run();
        }
        InMemoryData fewer = Fixtures.teacherData(BACKEND, 16, 16, 0.5);
        try (Sequential model = Fixtures.model(BACKEND, 2, RelaxationSpec.additive(0.3f))) {
            float[] before = BACKEND.download(model.parameters().get("lift.free.weight").value());
            String other = refusal(model, data, TrainerTest.config(Method.SOFTREG, 2), dir);
            assertTrue(other.contains("is of another run: method penalty (this trainer: softreg)"), other);
            String batch = refusal(model, fewer, penalty.withBatchSize(8), dir);
            assertTrue(batch.contains("batch size 16 (this trainer: 8), 32 training samples (this trainer: 16)"),
                    batch);
            String epochs = refusal(model, data, penalty.withEpochs(1), dir);
            assertTrue(epochs.contains("2 epochs done (this trainer runs 1)"), epochs);
            String state = Files.readString(dir.resolve(Checkpoint.STATE));
            Files.writeString(dir.resolve(Checkpoint.STATE),
                    state.replaceFirst("\"epoch\"\\s*:\\s*2", "\"epoch\": -3"));
            try (Trainer trainer = Fixtures.silentTrainer(BACKEND, model, data, penalty)) {
                FileFormatException e = assertThrows(FileFormatException.class, () -> trainer.restoreCheckpoint(dir));
                assertTrue(e.getMessage().contains("has a negative count or time (epoch -3"), e.getMessage());
            }
            // Counts are not narrowed: 1.5 epochs had read as 1, 2^31 optimiser steps as -2^31.
            String[][] cases = {
                {"\"epoch\"\\s*:\\s*2", "\"epoch\": 1.5", "field 'epoch' is 1.5, not a whole number up to 2147483647"},
                {"\"optimizerSteps\"\\s*:\\s*\\d+", "\"optimizerSteps\": 2147483648",
                    "field 'optimizerSteps' is 2147483648, not a whole number up to 2147483647"},
                // An optional field is one an older jace did not write; one that is there is not read as 0.
                {"\"batchSize\"\\s*:\\s*\\d+", "\"batchSize\": \"8\"", "field 'batchSize' is \"8\", not a number"},
                {"\"trainSamples\"\\s*:\\s*\\d+", "\"trainSamples\": true",
                    "field 'trainSamples' is true, not a number"},
                {"\"elapsedSeconds\"\\s*:\\s*[\\d.eE+-]+", "\"elapsedSeconds\": \"1.5\"",
                    "field 'elapsedSeconds' is \"1.5\", not a number"}};
            for (String[] bad : cases) {
                Files.writeString(dir.resolve(Checkpoint.STATE), state.replaceFirst(bad[0], bad[1]));
                try (Trainer trainer = Fixtures.silentTrainer(BACKEND, model, data, penalty)) {
                    FileFormatException e = assertThrows(FileFormatException.class,
                            () -> trainer.restoreCheckpoint(dir));
                    assertTrue(e.getMessage().endsWith(bad[2] + "; not a jace checkpoint state"), e.getMessage());
                }
            }

            Files.writeString(dir.resolve(Checkpoint.STATE), state.replace("\"constraints\"", "\"renamed\""));
            try (Trainer trainer = Fixtures.silentTrainer(BACKEND, model, data, penalty)) {
                FileFormatException e = assertThrows(FileFormatException.class, () -> trainer.restoreCheckpoint(dir));
                assertTrue(e.getMessage().contains("has no 'constraints' object"), e.getMessage());
            }
            assertArrayEquals(before, BACKEND.download(model.parameters().get("lift.free.weight").value()));
        }
    }

    /** The result of {@code config} run through from the start, on the model every test here starts from. */
    private static Metrics.Result uninterrupted(InMemoryData data, TrainerConfig config) {
        try (Sequential model = Fixtures.model(BACKEND, 1, RelaxationSpec.additive(0.1f));
             Trainer trainer = Fixtures.silentTrainer(BACKEND, model, data, config)) {
            return trainer.run();
        }
    }

    private static String refusal(Sequential model, InMemoryData data, TrainerConfig config, Path dir) {
        try (Trainer trainer = Fixtures.silentTrainer(BACKEND, model, data, config)) {
            return assertThrows(IllegalArgumentException.class, () -> trainer.restoreCheckpoint(dir)).getMessage();
        }
    }
}
