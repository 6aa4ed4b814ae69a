package dev.jace.train;

import dev.jace.backend.Backend;
import dev.jace.constraint.DualAscent;
import dev.jace.constraint.Method;
import dev.jace.nn.ParameterRegistry;
import dev.jace.nn.Sequential;
import dev.jace.tensor.Shape;
import dev.jace.testing.RecordingBackend;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Small training runs that tests compare with each other: the same model, data and config trained in two ways (steps
 * captured or not, overlapped or not) must give bitwise the same run. Backend calls are counted on the way.
 */
final class TrainingRuns {

    static final Shape IMAGE = Shape.of(1, 8, 8);
    /** 36 samples in batches of 8: four full batches (direct, captured, replayed, replayed) and one of 4 per epoch. */
    static final int SAMPLES = 36;
    static final int BATCH = 8;
    static final int EPOCHS = 2;

    private TrainingRuns() {
    }

    /** A finished run: its result, its parameters by name, and how often each backend op was called. */
    record Run(Metrics.Result result, Map<String, float[]> parameters, Map<String, Integer> calls) {
    }

    /** {@link #EPOCHS} epochs in batches of {@link #BATCH}, with a dual step of 1. */
    static TrainerConfig config(Method method, Task task) {
        // A dual step of 1 turns the multipliers positive after the first step, so later steps add every term.
        return TrainerConfig.defaults(method, task).withEpochs(EPOCHS).withBatchSize(BATCH).withProbeSamples(BATCH / 2)
                .withSeed(3).withDual(new DualAscent(1.0, 1.0, 1));
    }

    /** Trains {@code spec} on {@link #SAMPLES} random samples, with {@code option} applied to the trainer. */
    static Run train(Backend backend, ModelSpec spec, Task task, TrainerConfig config,
                     Function<Trainer, Trainer> option) {
        Map<String, Integer> calls = new HashMap<>();
        Backend counted = RecordingBackend.of(backend, call -> calls.merge(call, 1, Integer::sum));
        try (Sequential model = spec.build(counted, 5);
             Trainer trainer = option.apply(new Trainer(counted, model, spec.symmetry(),
                     Fixtures.randomData(spec, task, SAMPLES), config, new Metrics.Listener() { }))) {
            return new Run(trainer.run(), parameters(backend, model), calls);
        }
    }

    /**
     * Trains {@link Fixtures#relaxedGroupConvModel} (a group conv relaxed by a basis, whose spread is constrained) on
     * {@link Fixtures#teacherData}, with {@code option} applied to the trainer.
     */
    static Run trainBasisRelaxed(Backend backend, TrainerConfig config, Function<Trainer, Trainer> option) {
        Map<String, Integer> calls = new HashMap<>();
        Backend counted = RecordingBackend.of(backend, call -> calls.merge(call, 1, Integer::sum));
        try (Sequential model = Fixtures.relaxedGroupConvModel(counted);
             Trainer trainer = option.apply(
                     Fixtures.silentTrainer(counted, model, Fixtures.teacherData(backend, 12, 4, 0.1), config))) {
            return new Run(trainer.run(), parameters(backend, model), calls);
        }
    }

    private static Map<String, float[]> parameters(Backend backend, Sequential model) {
        Map<String, float[]> parameters = new HashMap<>();
        for (ParameterRegistry.Entry e : model.parameters()) {
            parameters.put(e.name(), backend.download(e.parameter().value()));
        }
        return parameters;
    }

    /** Bitwise the same step and epoch records, evaluations, projection change, symmetry levels and parameters. */
    static void assertSameRun(Run expected, Run actual) {
        assertEquals(expected.result().steps().size(), actual.result().steps().size());
        for (int i = 0; i < expected.result().steps().size(); i++) {
            assertEquals(expected.result().steps().get(i), actual.result().steps().get(i), "step " + i);
        }
        assertEquals(expected.result().epochs(), actual.result().epochs());
        assertEquals(expected.result().finalEvaluation(), actual.result().finalEvaluation());
        assertEquals(expected.result().projectionChange(), actual.result().projectionChange());
        assertEquals(expected.result().symmetryLevels(), actual.result().symmetryLevels());
        assertEquals(expected.parameters().keySet(), actual.parameters().keySet());
        expected.parameters().forEach((name, values) -> assertArrayEquals(values, actual.parameters().get(name), name));
    }
}
