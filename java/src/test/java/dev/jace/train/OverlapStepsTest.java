package dev.jace.train;

import dev.jace.backend.Backend;
import dev.jace.backend.DualUpdate;
import dev.jace.backend.cpu.CpuBackend;
import dev.jace.constraint.ConstraintState;
import dev.jace.constraint.DualAscent;
import dev.jace.constraint.Method;
import dev.jace.constraint.MethodSettings;
import dev.jace.constraint.Schedule;
import dev.jace.data.TaskKind;
import dev.jace.group.C4;
import dev.jace.group.D4;
import dev.jace.group.Group;
import dev.jace.nn.RelaxationSpec;
import dev.jace.nn.Sequential;
import dev.jace.testing.RecordingBackend;
import dev.jace.train.TrainingRuns.Run;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import static dev.jace.train.TrainingRuns.BATCH;
import static dev.jace.train.TrainingRuns.IMAGE;
import static dev.jace.train.TrainingRuns.SAMPLES;
import static dev.jace.train.TrainingRuns.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Trainer#overlapSteps()}: with the measurements and the dual update on the device and every record read one
 * step later, a run gives bitwise the records, evaluations and parameters of an ordinary run, for every kind of term
 * (equality and resilient constraints, step-scheduled and adaptive targets, penalties, softreg, the free-branch L2),
 * with and without captured steps. The steps reach the backend only through calls that do not wait for the device.
 */
class OverlapStepsTest {

    private static final Backend CPU = new CpuBackend();

    @AfterAll
    static void close() {
        CPU.close();
    }

    @Test
    void c4AceClassificationOverlappedEqualsOrdinary() {
        assertOverlappedEqualsOrdinary(classification(new C4(), Method.ACE), config(Method.ACE, classification()),
                Trainer::overlapSteps);
    }

    @Test
    void c4AceCapturedAndOverlappedEqualsOrdinary() {
        assertOverlappedEqualsOrdinary(classification(new C4(), Method.ACE), config(Method.ACE, classification()),
                t -> t.captureSteps().overlapSteps());
    }

    /**
     * Both paths record each step's c with the target it was measured against: the start value at step 0, then the
     * one the previous step's dual update left (from its multiplier, as recorded after that update).
     */
    @Test
    void d4AceRegressionWithAdaptiveTargetsOverlappedEqualsOrdinary() {
        ModelSpec spec = ModelSpec.forTraining(TaskKind.REGRESSION, new D4(), IMAGE, Method.ACE, 0);
        Schedule.Adaptive target = new Schedule.Adaptive(0.5, 0.0, 0.01, 10.0); // 0 within 6 of the 9 dual steps
        TrainerConfig config = config(Method.ACE, new Task.Regression())
                .withSettings(MethodSettings.defaults().withEpsilon(target))
                .withOptimizer(new OptimizerSpec.Sgd(0.05, 0.9, 1e-4));
        List<Metrics.Step> steps = assertOverlappedEqualsOrdinary(spec, config, t -> t.captureSteps().overlapSteps())
                .result().steps();
        steps.getFirst().terms().forEach((name, s) -> assertEquals(target.from(), s.epsilon(), 0.0, name));
        for (int i = 1; i < steps.size(); i++) {
            for (var term : steps.get(i).terms().entrySet()) {
                ConstraintState before = steps.get(i - 1).terms().get(term.getKey());
                assertEquals(DualUpdate.adaptiveTarget(before.epsilon(), before.multiplier(), target.from(),
                        target.to(), target.decay(), target.threshold()), term.getValue().epsilon(), 0.0,
                        term.getKey() + " at step " + i);
            }
        }
    }

    @Test
    void d4ResilientWithADualPeriodOverlappedEqualsOrdinary() {
        TrainerConfig config = config(Method.ACE_RESILIENT, classification()).withDual(new DualAscent(1.0, 0.5, 2));
        assertOverlappedEqualsOrdinary(classification(new D4(), Method.ACE_RESILIENT), config, Trainer::overlapSteps);
    }

    @Test
    void softregOverlappedEqualsOrdinary() {
        assertOverlappedEqualsOrdinary(classification(new D4(), Method.SOFTREG), config(Method.SOFTREG, classification()),
                Trainer::overlapSteps);
    }

    @Test
    void scheduledPenaltyOverlappedEqualsOrdinary() {
        TrainerConfig config = config(Method.SCHEDULED, classification())
                .withSettings(MethodSettings.defaults().withPenaltySchedule("linear:0->2"));
        assertOverlappedEqualsOrdinary(classification(new C4(), Method.SCHEDULED), config,
                t -> t.captureSteps().overlapSteps());
    }

    @Test
    void rppOverlappedEqualsOrdinary() {
        assertOverlappedEqualsOrdinary(classification(new C4(), Method.RPP), config(Method.RPP, classification()),
                Trainer::overlapSteps);
    }

    @Test
    void startBatchHandsOutEachRecordOneStepLateAndWaitsForNothing() {
        ModelSpec spec = classification(new C4(), Method.ACE);
        TrainerConfig config = config(Method.ACE, classification()).withEpochs(100);
        List<String> calls = new ArrayList<>();
        Backend recorded = RecordingBackend.of(CPU, calls::add);
        try (Sequential model = spec.build(recorded, 5);
             Trainer trainer = new Trainer(recorded, model, spec.symmetry(),
                     Fixtures.randomData(spec, classification(), SAMPLES), config, new Metrics.Listener() { })
                     .captureSteps().overlapSteps()) {
            int[] batch = range(0, BATCH);
            assertEquals(Optional.empty(), trainer.startBatch(batch));
            // Warm: step 1 adds the constraint gradients for the first time (their buffers are allocated then),
            // step 2 is captured; later steps replay.
            for (long s = 0; s < 8; s++) {
                calls.clear();
                Metrics.Step previous = trainer.startBatch(batch).orElseThrow();
                assertEquals(s, previous.step());
                if (s < 3) {
                    continue;
                }
                List<String> waits = calls.stream().filter(c -> c.equals("download") || c.equals("upload")
                        || c.equals("synchronize")).toList();
                assertTrue(waits.isEmpty(), "an overlapped step should not wait for the device: " + calls);
                assertFalse(calls.contains("allocate"), "a warm step should allocate nothing: " + calls);
            }
            assertEquals(8, trainer.finishBatches().orElseThrow().step());
            assertEquals(Optional.empty(), trainer.finishBatches());
            assertEquals(9, trainer.trainBatch(batch).step());
        }
    }

    /**
     * A call that has to finish the step {@link Trainer#startBatch} left running (an evaluation, a checkpoint's save or
     * restore, an epoch, a trainBatch) keeps its record for the next startBatch or finishBatches: every started step's
     * record is handed out once.
     */
    @Test
    void aStartedStepsRecordOutlivesTheCallsThatFinishIt(@TempDir Path dir) throws IOException {
        InMemoryData data = Fixtures.teacherData(CPU, 16, 4, 0.5);
        TrainerConfig config = TrainerTest.config(Method.ACE, 3).withBatchSize(8);
        int[] batch = range(0, 4);
        try (Sequential model = Fixtures.model(CPU, 1, RelaxationSpec.additive(0.1f));
             Trainer trainer = Fixtures.silentTrainer(CPU, model, data, config).overlapSteps()) {
            assertEquals(Optional.empty(), trainer.startBatch(batch));
            assertEquals(0, trainer.startBatch(batch).orElseThrow().step());
            trainer.evaluate(Split.TEST);
            assertEquals(1, trainer.finishBatches().orElseThrow().step());
            assertEquals(Optional.empty(), trainer.finishBatches());

            assertEquals(Optional.empty(), trainer.startBatch(batch));
            trainer.saveCheckpoint(dir);
            assertEquals(2, trainer.startBatch(batch).orElseThrow().step());
            assertEquals(4, trainer.trainBatch(batch).step());
            assertEquals(3, trainer.finishBatches().orElseThrow().step());

            assertEquals(Optional.empty(), trainer.startBatch(batch));
            Metrics.Epoch epoch = trainer.runEpoch();
            assertEquals(8, epoch.steps(), "steps 0 to 5, then the epoch's two");
            assertEquals(5, trainer.finishBatches().orElseThrow().step());

            assertEquals(Optional.empty(), trainer.startBatch(batch));
            trainer.restoreCheckpoint(dir);
            assertEquals(8, trainer.finishBatches().orElseThrow().step(), "the step started before the restore");
            assertEquals(3, trainer.step(), "restored to the checkpoint's, saved after steps 0 to 2");
            assertEquals(Optional.empty(), trainer.finishBatches());
        }
    }

    /** The basis-relaxed group conv's spread is measured on the device too, so it overlaps like the others. */
    @Test
    void basisRelaxedGroupConvCapturedAndOverlappedEqualsOrdinary() {
        TrainerConfig config = TrainerTest.config(Method.ACE, 2).withBatchSize(4);
        Run ordinary = TrainingRuns.trainBasisRelaxed(CPU, config, Function.identity());
        Run other = TrainingRuns.trainBasisRelaxed(CPU, config, t -> t.captureSteps().overlapSteps());
        TrainingRuns.assertSameRun(ordinary, other);
        assertTrue(other.calls().getOrDefault("dualUpdate", 0) >= 1, "no dual update ran on the device: " + other.calls());
        assertTrue(ordinary.result().steps().getLast().terms().get("gconv.relaxation").multiplier() != 0.0,
                "the spread's multiplier should have moved: " + ordinary.result().steps().getLast());
    }

    private static Task classification() {
        return new Task.Classification();
    }

    private static ModelSpec classification(Group group, Method method) {
        return ModelSpec.forTraining(TaskKind.CLASSIFICATION, group, IMAGE, method, 3);
    }

    private static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }

    /** Returns the ordinary run. */
    private static Run assertOverlappedEqualsOrdinary(ModelSpec spec, TrainerConfig config,
                                                      Function<Trainer, Trainer> overlapped) {
        Task task = config.task();
        Run ordinary = TrainingRuns.train(CPU, spec, task, config, Function.identity());
        Run other = TrainingRuns.train(CPU, spec, task, config, overlapped);
        TrainingRuns.assertSameRun(ordinary, other);
        assertTrue(other.calls().getOrDefault("dualUpdate", 0) >= 1, "no dual update ran on the device: " + other.calls());
        assertEquals(0, ordinary.calls().getOrDefault("dualUpdate", 0));
        boolean multipliersMoved = ordinary.result().steps().getLast().terms().values().stream()
                .mapToDouble(ConstraintState::multiplier).anyMatch(m -> m != 0.0);
        assertTrue(multipliersMoved, "the run should exercise non-zero weights: " + ordinary.result().steps().getLast());
        return ordinary;
    }
}
