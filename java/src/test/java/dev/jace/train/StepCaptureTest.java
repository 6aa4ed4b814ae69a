package dev.jace.train;

import dev.jace.backend.Backend;
import dev.jace.backend.Padding;
import dev.jace.backend.PoolMode;
import dev.jace.backend.cpu.CpuBackend;
import dev.jace.constraint.DualAscent;
import dev.jace.constraint.Method;
import dev.jace.data.TaskKind;
import dev.jace.group.C4;
import dev.jace.group.D4;
import dev.jace.nn.ParameterRegistry;
import dev.jace.nn.RelaxationSpec;
import dev.jace.nn.Sequential;
import dev.jace.tensor.Shape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Trainer#captureSteps()}: a run whose steps are captured and replayed gives bitwise the records and parameters
 * of a run whose steps run directly, across batch shapes (the last batch of an epoch is smaller), evaluations, and the
 * multipliers turning positive (which adds terms to the captured work). The CPU backend records captured work and
 * replays the recorded ops without running the host code again, as a CUDA graph does, so a step whose host-side state
 * changed only while it was captured shows up here as a difference. Backend calls go through a counting {@link Proxy}:
 * replayed steps never reach it, which shows that replays happened.
 */
class StepCaptureTest {

    private static final Backend CPU = new CpuBackend();
    private static final Shape IMAGE = Shape.of(1, 8, 8);
    /** 36 samples in batches of 8: four full batches (direct, captured, replayed, replayed) and one of 4 per epoch. */
    private static final int SAMPLES = 36;
    private static final int BATCH = 8;
    private static final int EPOCHS = 2;

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
        try (Sequential model = Sequential.builder(CPU, Fixtures.D4_GROUP.table(), Fixtures.SAMPLE, 1)
                .liftingConv(2, 3, Padding.SAME, RelaxationSpec.none())
                .groupConv(1, 3, Padding.SAME, RelaxationSpec.basis(2, 0.5f)).name("gconv")
                .groupPool(PoolMode.MEAN)
                .build();
             Trainer trainer = new Trainer(CPU, model, Fixtures.SYMMETRY, Fixtures.teacherData(CPU, 12, 4, 0.1),
                     config, new Metrics.Listener() { }).captureSteps()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, trainer::run);
            assertTrue(e.getMessage().contains("cannot be captured") && e.getMessage().contains("download"),
                    e.getMessage());
        }
    }

    private static TrainerConfig config(Method method, Task task) {
        // A dual step of 1 turns the multipliers positive after the first step, so later steps add every term.
        return TrainerConfig.defaults(method, task).withEpochs(EPOCHS).withBatchSize(BATCH).withProbeSamples(BATCH / 2)
                .withSeed(3).withDual(new DualAscent(1.0, 1.0, 1));
    }

    private static void assertCapturedEqualsDirect(ModelSpec spec, Task task, TrainerConfig config) {
        Run direct = train(spec, task, config, Function.identity());
        Run captured = train(spec, task, config, Trainer::captureSteps);
        assertEquals(direct.result().steps().size(), captured.result().steps().size());
        for (int i = 0; i < direct.result().steps().size(); i++) {
            assertEquals(direct.result().steps().get(i), captured.result().steps().get(i), "step " + i);
        }
        assertEquals(direct.result().epochs(), captured.result().epochs());
        assertEquals(direct.result().finalEvaluation(), captured.result().finalEvaluation());
        assertEquals(direct.result().projectionChange(), captured.result().projectionChange());
        assertEquals(direct.parameters().keySet(), captured.parameters().keySet());
        direct.parameters().forEach((name, values) ->
                assertArrayEquals(values, captured.parameters().get(name), name));
        assertTrue(captured.calls().getOrDefault("capture", 0) >= 1, "no step was captured: " + captured.calls());
        assertTrue(captured.calls().get("liftingConv") < direct.calls().get("liftingConv"),
                "replayed steps should not run the model's host code: " + captured.calls().get("liftingConv")
                        + " lifting convs called, " + direct.calls().get("liftingConv") + " without capture");
    }

    private record Run(Metrics.Result result, Map<String, float[]> parameters, Map<String, Integer> calls) {
    }

    private static Run train(ModelSpec spec, Task task, TrainerConfig config, Function<Trainer, Trainer> option) {
        Map<String, Integer> calls = new HashMap<>();
        Backend counted = (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(),
                new Class<?>[] {Backend.class}, (proxy, call, args) -> {
                    calls.merge(call.getName(), 1, Integer::sum);
                    try {
                        return call.invoke(CPU, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        try (Sequential model = spec.build(counted, 5);
             Trainer trainer = option.apply(new Trainer(counted, model, spec.symmetry(),
                     Fixtures.randomData(spec, task, SAMPLES), config, new Metrics.Listener() { }))) {
            Metrics.Result result = trainer.run();
            Map<String, float[]> parameters = new HashMap<>();
            for (ParameterRegistry.Entry e : model.parameters()) {
                parameters.put(e.name(), CPU.download(e.parameter().value()));
            }
            return new Run(result, parameters, calls);
        }
    }
}
