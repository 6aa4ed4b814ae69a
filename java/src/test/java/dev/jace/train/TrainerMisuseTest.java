package dev.jace.train;

import dev.jace.backend.Backend;
import dev.jace.backend.cpu.CpuBackend;
import dev.jace.constraint.Method;
import dev.jace.nn.RelaxationSpec;
import dev.jace.nn.Sequential;
import dev.jace.tensor.FiniteValues;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Calls a library user can get wrong, refused with what is wrong rather than failing deeper in. */
class TrainerMisuseTest {

    private static final Backend BACKEND = new CpuBackend();

    @AfterAll
    static void close() {
        BACKEND.close();
    }

    @Test
    void aNullArgumentIsNamed() {
        InMemoryData data = Fixtures.teacherData(BACKEND, 8, 4, 0.5);
        try (Sequential model = Fixtures.model(BACKEND, 1, RelaxationSpec.additive(0.1f));
             Trainer trainer = Fixtures.silentTrainer(BACKEND, model, data, TrainerTest.config(Method.ACE, 1))) {
            assertEquals("trainer: indices (the training samples of the step)", npe(() -> trainer.trainBatch(null)));
            assertEquals("trainer: indices (the training samples of the step)", npe(() -> trainer.startBatch(null)));
            assertEquals("trainer: dir (the checkpoint folder)", npe(() -> trainer.checkpointEachEpoch(null)));
            assertEquals("trainer: dir (the checkpoint folder)", npe(() -> trainer.saveCheckpoint(null)));
            assertEquals("trainer: dir (the checkpoint folder)", npe(() -> trainer.restoreCheckpoint(null)));
            assertEquals("trainer: split (Split.TRAIN or Split.TEST)", npe(() -> trainer.evaluate(null)));
            assertEquals(0, trainer.step());
        }
    }

    /**
     * A model whose tensors another backend made is refused when the trainer is made, not at its first op; two
     * backends on one device (CUDA's each have their own stream and memory) are told apart by the tensors' issuer.
     */
    @Test
    void aModelOfAnotherBackendIsRefusedWhenTheTrainerIsMade() {
        InMemoryData data = Fixtures.teacherData(BACKEND, 8, 4, 0.5);
        TrainerConfig config = TrainerTest.config(Method.ACE, 1);
        Object other = new Object() {
            @Override
            public String toString() {
                return "OtherBackend #2 on cpu";
            }
        };
        Object issuer;
        try (Tensor t = BACKEND.allocate(Shape.of(1))) {
            issuer = t.issuer();
        }
        String cpu = issuer.toString();
        try (Sequential model = Fixtures.model(BACKEND, 1, RelaxationSpec.additive(0.1f))) {
            assertEquals("trainer: the model was built on " + cpu + " (its parameter 'lift.weight' is there), but the"
                    + " trainer is given fake:1; build the model with the trainer's backend, or give the trainer the"
                    + " model's", refusal(issuing(BACKEND, "fake:1", null), model, data, config));
            assertEquals("trainer: the model was built on " + cpu + " (its parameter 'lift.weight' is there), but the"
                    + " trainer is given OtherBackend #2 on cpu; build the model with the trainer's backend, or give"
                    + " the trainer the model's", refusal(issuing(BACKEND, "cpu", other), model, data, config));
            // A backend passing calls on to the model's (as a recording one does) is the model's.
            new Trainer(issuing(BACKEND, "cpu", issuer), model, Fixtures.SYMMETRY, data, config,
                    new Metrics.Listener() { }).close();
        }
    }

    /** Two CPU backends are told apart as two CUDA backends on one device are: the model's first op would refuse. */
    @Test
    void aModelOfAnotherCpuBackendIsRefusedWhenTheTrainerIsMade() {
        InMemoryData data = Fixtures.teacherData(BACKEND, 8, 4, 0.5);
        TrainerConfig config = TrainerTest.config(Method.ACE, 1);
        try (Backend other = new CpuBackend();
             Sequential model = Fixtures.model(other, 1, RelaxationSpec.additive(0.1f))) {
            assertEquals("trainer: the model was built on " + other + " (its parameter 'lift.weight' is there), but"
                    + " the trainer is given " + BACKEND + "; build the model with the trainer's backend, or give the"
                    + " trainer the model's", refusal(BACKEND, model, data, config));
        }
    }

    private static String refusal(Backend backend, Sequential model, TrainingData data, TrainerConfig config) {
        return assertThrows(IllegalArgumentException.class, () -> new Trainer(backend, model, Fixtures.SYMMETRY, data,
                config, new Metrics.Listener() { })).getMessage();
    }

    /** {@code backend} whose new tensors are on {@code device} and issued by {@code issuer}. */
    private static Backend issuing(Backend backend, String device, Object issuer) {
        return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class},
                (proxy, call, args) -> {
                    Object result;
                    try {
                        result = call.invoke(backend, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    return result instanceof Tensor t && (call.getName().equals("allocate")
                            || call.getName().equals("upload"))
                            ? Tensor.wrap(t.shape(), t.data(), device, issuer, () -> { }) : result;
                });
    }

    /**
     * A NaN or infinity in a data set's own fill (an {@link InMemoryData} checks its arrays when made) is named by
     * split and sample before the batch reaches the backend, not blamed on the learning rate after it spread through
     * the parameters and batch statistics, nor turned into a NaN evaluation.
     */
    @Test
    void aNonFiniteValueFromTheDataIsNamedBeforeItReachesTheModel() {
        InMemoryData data = Fixtures.teacherData(BACKEND, 32, 8, 0.5);
        TrainerConfig config = TrainerTest.config(Method.ACE, 2).withBatchSize(8);
        assertEquals("trainer: train sample 20 holds NaN (input value 5 of its 81) as the data's fill gave it; a NaN or"
                + " infinity would spread through the model's parameters and statistics: replace or drop the sample",
                refusedRun(new Poisoned(data, Split.TRAIN, 20, 5, Float.NaN, true), config));
        assertEquals("trainer: test sample 3 holds -Infinity (target value 80 of its 81) as the data's fill gave it;"
                + " a NaN or infinity would spread through the model's parameters and statistics: replace or drop the"
                + " sample", refusedRun(new Poisoned(data, Split.TEST, 3, 80, Float.NEGATIVE_INFINITY, false), config));
    }

    private static String refusedRun(TrainingData data, TrainerConfig config) {
        try (Sequential model = Fixtures.model(BACKEND, 1, RelaxationSpec.additive(0.1f));
             Trainer trainer = Fixtures.silentTrainer(BACKEND, model, data, config)) {
            String message = assertThrows(IllegalArgumentException.class, trainer::run).getMessage();
            for (var e : model.parameters()) {
                float[] values = BACKEND.download(e.parameter().value());
                assertEquals(-1, FiniteValues.firstNonFinite(values), e.name() + " took the value in");
            }
            return message;
        }
    }

    /** {@code data} with {@code value} at {@code at} of one sample's input or target, as a faulty fill would give. */
    private record Poisoned(InMemoryData data, Split split, int sample, int at, float value, boolean input)
            implements TrainingData {
        @Override
        public int size(Split s) {
            return data.size(s);
        }

        @Override
        public Shape inputShape() {
            return data.inputShape();
        }

        @Override
        public int targetSize() {
            return data.targetSize();
        }

        @Override
        public void fill(Split s, int[] indices, float[] inputs, float[] targets) {
            data.fill(s, indices, inputs, targets);
            for (int i = 0; i < indices.length; i++) {
                if (s == split && indices[i] == sample) {
                    if (input) {
                        inputs[i * inputShape().size() + at] = value;
                    } else {
                        targets[i * targetSize() + at] = value;
                    }
                }
            }
        }
    }

    private static String npe(Executable call) {
        return assertThrows(NullPointerException.class, call).getMessage();
    }
}
