package dev.jace.train;

import dev.jace.backend.Backend;
import dev.jace.backend.cpu.CpuBackend;
import dev.jace.constraint.Method;
import dev.jace.data.TaskKind;
import dev.jace.group.C4;
import dev.jace.group.D4;
import dev.jace.nn.Sequential;
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

    @Test
    void aModelThatReadsToTheHostInItsBackwardIsRefusedWithAClearError() {
        TrainerConfig config = TrainerTest.config(Method.ACE, 1).withBatchSize(4);
        try (Sequential model = Fixtures.relaxedGroupConvModel(CPU);
             Trainer trainer = new Trainer(CPU, model, Fixtures.SYMMETRY, Fixtures.teacherData(CPU, 12, 4, 0.1),
                     config, new Metrics.Listener() { }).captureSteps()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, trainer::run);
            assertTrue(e.getMessage().contains("cannot be captured") && e.getMessage().contains("download"),
                    e.getMessage());
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
