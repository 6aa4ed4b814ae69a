package dev.jace.train;

import dev.jace.backend.Backend;
import dev.jace.backend.cpu.CpuBackend;
import dev.jace.constraint.Method;
import dev.jace.data.TaskKind;
import dev.jace.group.C4;
import dev.jace.group.D4;
import dev.jace.nn.RelaxationSpec;
import dev.jace.nn.Sequential;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;
import dev.jace.testing.RecordingBackend;
import dev.jace.train.TrainingRuns.Run;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.function.Function;

import static dev.jace.train.TrainingRuns.IMAGE;
import static dev.jace.train.TrainingRuns.config;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Trainer#captureSteps()}: a run whose steps are captured and replayed gives bitwise the records and parameters
 * of a run whose steps run directly, across batch shapes (the last batch of an epoch is smaller), evaluations, and the
 * multipliers turning positive (which adds terms to the captured work). The CPU backend records captured work and
 * replays the recorded ops without running the host code again, as a CUDA graph does, so a step whose host-side state
 * changed only while it was captured shows up here as a difference. Backend calls are counted
 * ({@link TrainingRuns#train}): replayed steps never reach the backend, which shows that replays happened.
 */
class StepCaptureTest {

    private static final Backend CPU = new CpuBackend();

    @AfterAll
    static void close() {
        CPU.close();
    }

    @Test
    void c4AceClassificationCapturedEqualsDirect() {
        ModelSpec spec = ModelSpec.forTraining(TaskKind.CLASSIFICATION, new C4(), IMAGE, Method.ACE, 3);
        assertCapturedEqualsDirect(spec, new Task.Classification(), config(Method.ACE, new Task.Classification()));
    }

    @Test
    void d4AceRegressionWithSgdCapturedEqualsDirect() {
        ModelSpec spec = ModelSpec.forTraining(TaskKind.REGRESSION, new D4(), IMAGE, Method.ACE, 0);
        assertCapturedEqualsDirect(spec, new Task.Regression(), config(Method.ACE, new Task.Regression())
                .withOptimizer(new OptimizerSpec.Sgd(0.05, 0.9, 1e-4)));
    }

    @Test
    void c4RppCapturedEqualsDirect() {
        ModelSpec spec = ModelSpec.forTraining(TaskKind.CLASSIFICATION, new C4(), IMAGE, Method.RPP, 3);
        assertCapturedEqualsDirect(spec, new Task.Classification(), config(Method.RPP, new Task.Classification()));
    }

    /**
     * A group conv relaxed by a basis: its masks, coefficient gradient, spread and spread gradient are device work, so
     * its ace steps (the spread is a constrained quantity) capture and replay with bitwise the direct run's results.
     */
    @Test
    void basisRelaxedModelCapturedEqualsDirect() {
        TrainerConfig config = TrainerTest.config(Method.ACE, 2).withBatchSize(4);
        Run direct = TrainingRuns.trainBasisRelaxed(CPU, config, Function.identity());
        Run captured = TrainingRuns.trainBasisRelaxed(CPU, config, Trainer::captureSteps);
        TrainingRuns.assertSameRun(direct, captured);
        assertTrue(captured.calls().getOrDefault("capture", 0) >= 1, "no step was captured: " + captured.calls());
        assertTrue(captured.calls().get("conv2d") < direct.calls().get("conv2d"),
                "replayed steps should not run the model's host code: " + captured.calls().get("conv2d")
                        + " convolutions called, " + direct.calls().get("conv2d") + " without capture");
    }

    @Test
    void aModelThatReadsToTheHostInItsBackwardIsRefusedWithAClearError() {
        TrainerConfig config = TrainerTest.config(Method.ACE, 1).withBatchSize(4);
        try (Tensor flag = CPU.allocate(Shape.of(1))) {
            // Every filter gradient first reads a value to the host, as a layer with host-side arithmetic would.
            Backend reading = RecordingBackend.of(CPU, call -> {
                if (call.equals("conv2dBackwardFilter")) {
                    CPU.download(flag);
                }
            });
            try (Sequential model = Fixtures.model(reading, 3, RelaxationSpec.additive(0.5f));
                 Trainer trainer = Fixtures.silentTrainer(reading, model, Fixtures.teacherData(CPU, 12, 4, 0.1), config)
                         .captureSteps()) {
                IllegalStateException e = assertThrows(IllegalStateException.class, trainer::run);
                assertTrue(e.getMessage().contains("cannot be captured") && e.getMessage().contains("download"),
                        e.getMessage());
            }
        }
    }

    private static void assertCapturedEqualsDirect(ModelSpec spec, Task task, TrainerConfig config) {
        Run direct = TrainingRuns.train(CPU, spec, task, config, Function.identity());
        Run captured = TrainingRuns.train(CPU, spec, task, config, Trainer::captureSteps);
        TrainingRuns.assertSameRun(direct, captured);
        assertTrue(captured.calls().getOrDefault("capture", 0) >= 1, "no step was captured: " + captured.calls());
        assertTrue(forwardConvolutions(captured) < forwardConvolutions(direct),
                "replayed steps should not run the model's host code: " + forwardConvolutions(captured)
                        + " forward convolutions called, " + forwardConvolutions(direct) + " without capture");
    }

    /** Forward convolution calls of every kind (a relaxed layer runs a plain one, a strict one its own). */
    private static int forwardConvolutions(Run run) {
        return run.calls().getOrDefault("liftingConv", 0) + run.calls().getOrDefault("groupConv", 0)
                + run.calls().getOrDefault("conv2d", 0);
    }
}
