package dev.jace.train;

import dev.jace.backend.Backend;
import dev.jace.backend.cpu.CpuBackend;
import dev.jace.constraint.Method;
import dev.jace.nn.RelaxationSpec;
import dev.jace.nn.Sequential;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A call that fails part-way through a step or an epoch (a listener on a full disk, a data set's fill, the device)
 * leaves the trainer refusing further use, naming that failure and the way on, rather than half-advanced: a retried
 * run() trained the failed epoch again and checkpointed a state no run reaches.
 */
class TrainerFailureTest {

    private static final Backend BACKEND = new CpuBackend();
    /** 32 samples in batches of 8: 4 steps an epoch, 12 in all. */
    private static final TrainerConfig CONFIG = TrainerTest.config(Method.ACE_RESILIENT, 3).withBatchSize(8);
    private static final InMemoryData DATA = Fixtures.teacherData(BACKEND, 32, 8, 0.5);

    @AfterAll
    static void close() {
        BACKEND.close();
    }

    /** Fails with a full disk when told of epoch {@code epoch}'s record or step {@code step}'s; records the rest. */
    private static final class FullDisk implements Metrics.Listener {
        final int epoch;
        final long step;
        final RuntimeException failure = new UncheckedIOException(new IOException("metrics.jsonl: No space left"));
        final List<Metrics.Epoch> epochs = new ArrayList<>();

        FullDisk(int epoch, long step) {
            this.epoch = epoch;
            this.step = step;
        }

        @Override
        public void onStep(Metrics.Step s) {
            if (s.step() == step) {
                throw failure;
            }
        }

        @Override
        public void onEpoch(Metrics.Epoch e) {
            if (e.epoch() == epoch) {
                throw failure;
            }
            epochs.add(e);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aListenerFailingAtAnEpochsEndLeavesTheTrainerRefusingAndTheLastCheckpointToGoOnFrom(boolean overlapped,
            @TempDir Path dir) throws IOException {
        Metrics.Result uninterrupted;
        try (Sequential model = Fixtures.model(BACKEND, 1, RelaxationSpec.additive(0.1f));
             Trainer trainer = Fixtures.silentTrainer(BACKEND, model, DATA, CONFIG)) {
            uninterrupted = trainer.run();
        }
        try (Sequential model = Fixtures.model(BACKEND, 1, RelaxationSpec.additive(0.1f))) {
            FullDisk listener = new FullDisk(1, -1);
            try (Trainer trainer = new Trainer(BACKEND, model, Fixtures.SYMMETRY, DATA, CONFIG, listener)) {
                if (overlapped) {
                    trainer.overlapSteps();
                }
                trainer.checkpointEachEpoch(dir);
                assertSame(listener.failure, assertThrows(UncheckedIOException.class, trainer::run));
                String expected = "trainer: a call failed part-way through a step or epoch (" + listener.failure
                        + "), leaving the model, step counter, records and constraint state out of step with each"
                        + " other, so this trainer refuses further use; make a new Trainer and restoreCheckpoint("
                        + dir + ") into it (it loads every model tensor, so this model will do)";
                assertRefused(expected, listener.failure, trainer::run);
                assertRefused(expected, listener.failure, trainer::runEpoch);
                assertRefused(expected, listener.failure, () -> trainer.trainBatch(new int[] {0}));
                assertRefused(expected, listener.failure, () -> trainer.startBatch(new int[] {0}));
                assertRefused(expected, listener.failure, trainer::finishBatches);
                assertRefused(expected, listener.failure, () -> trainer.evaluate(Split.TEST));
                assertRefused(expected, listener.failure, () -> trainer.saveCheckpoint(dir));
                assertRefused(expected, listener.failure, () -> trainer.restoreCheckpoint(dir));
                assertEquals(List.of(0), listener.epochs.stream().map(Metrics.Epoch::epoch).toList());
            }
            try (Trainer resumed = Fixtures.silentTrainer(BACKEND, model, DATA, CONFIG)) {
                resumed.restoreCheckpoint(dir);
                assertEquals(1, resumed.epoch(), "the checkpoint is epoch 0's: epoch 1's record was not written");
                assertEquals(4, resumed.step());
                Metrics.Result rest = resumed.run();
                assertEquals(12, resumed.step());
                assertEquals(uninterrupted.epochs().subList(1, 3), rest.epochs());
                assertEquals(uninterrupted.finalEvaluation(), rest.finalEvaluation());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aListenerFailingMidEpochLeavesNoCheckpointAndNoRetry(boolean overlapped, @TempDir Path dir) {
        try (Sequential model = Fixtures.model(BACKEND, 1, RelaxationSpec.additive(0.1f))) {
            FullDisk listener = new FullDisk(-1, 1);
            Trainer trainer = new Trainer(BACKEND, model, Fixtures.SYMMETRY, DATA, CONFIG, listener);
            if (overlapped) {
                trainer.overlapSteps();
            }
            trainer.checkpointEachEpoch(dir);
            assertSame(listener.failure, assertThrows(UncheckedIOException.class, trainer::runEpoch));
            assertRefused("trainer: a call failed part-way through a step or epoch (" + listener.failure + "),"
                    + " leaving the model, step counter, records and constraint state out of step with each other, so"
                    + " this trainer refuses further use; no checkpoint was written, so build the model anew and make"
                    + " a new Trainer", listener.failure, trainer::run);
            assertFalse(Files.exists(dir.resolve(Checkpoint.STATE)));
            trainer.close();
            assertThrows(IllegalStateException.class, trainer::run);
        }
    }

    /** The epoch is whole when its checkpoint is written: a write that fails leaves the next epoch to train. */
    @Test
    void aCheckpointWriteFailingLeavesTheTrainerAtTheEpochsEnd(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "not a folder");
        try (Sequential model = Fixtures.model(BACKEND, 1, RelaxationSpec.additive(0.1f));
             Trainer trainer = Fixtures.silentTrainer(BACKEND, model, DATA, CONFIG)) {
            trainer.checkpointEachEpoch(file);
            UncheckedIOException e = assertThrows(UncheckedIOException.class, trainer::runEpoch);
            assertEquals("cannot write checkpoint to " + file, e.getMessage().split(": ")[0]);
            assertEquals(1, trainer.epoch());
            assertEquals(4, trainer.step());
            trainer.checkpointEachEpoch(dir.resolve("checkpoint"));
            assertEquals(1, trainer.runEpoch().epoch());
            assertEquals(8, trainer.step());
            assertTrue(Files.exists(dir.resolve("checkpoint").resolve(Checkpoint.STATE)));
        }
    }

    /**
     * A refusal that changes nothing (a bad argument, every epoch run), or a listener failing in an evaluation outside
     * training, leaves the trainer usable.
     */
    @Test
    void aRefusedCallLeavesTheTrainerUsable() {
        RuntimeException failure = new IllegalStateException("progress bar gone");
        Metrics.Listener listener = new Metrics.Listener() {
            @Override
            public void onEvaluating(Metrics.Evaluating progress) {
                if (progress.split() == Split.TRAIN) {
                    throw failure;
                }
            }
        };
        try (Sequential model = Fixtures.model(BACKEND, 1, RelaxationSpec.additive(0.1f));
             Trainer trainer = new Trainer(BACKEND, model, Fixtures.SYMMETRY, DATA, CONFIG.withEpochs(1), listener)) {
            assertThrows(IllegalArgumentException.class, () -> trainer.trainBatch(new int[] {-1}));
            assertThrows(NullPointerException.class, () -> trainer.evaluate(null));
            assertSame(failure, assertThrows(IllegalStateException.class, () -> trainer.evaluate(Split.TRAIN)));
            trainer.run();
            assertThrows(IllegalStateException.class, trainer::runEpoch);
            assertEquals(4, trainer.step());
            trainer.evaluate(Split.TEST);
        }
    }

    private static void assertRefused(String message, Throwable cause, Executable call) {
        IllegalStateException e = assertThrows(IllegalStateException.class, call);
        assertEquals(message, e.getMessage());
        assertSame(cause, e.getCause());
    }
}
