package dev.jace.train;

import dev.jace.backend.Backend;
import dev.jace.backend.cpu.CpuBackend;
import dev.jace.constraint.Method;
import dev.jace.nn.RelaxationSpec;
import dev.jace.nn.Sequential;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

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

    private static String npe(Executable call) {
        return assertThrows(NullPointerException.class, call).getMessage();
    }
}
