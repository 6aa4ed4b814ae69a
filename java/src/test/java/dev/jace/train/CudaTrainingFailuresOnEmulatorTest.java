package dev.jace.train;

import dev.jace.backend.cuda.CudaBackend;
import dev.jace.backend.cuda.CudaException;
import dev.jace.backend.cuda.CudaOptions;
import dev.jace.backend.cuda.EmulatedFailures;
import dev.jace.backend.cuda.EmulatorHooks;
import dev.jace.backend.cuda.GroupConvAlgorithm;
import dev.jace.constraint.Method;
import dev.jace.train.TrainingRuns.Run;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An ACE training run whose steps are captured and overlapped with the dual update, with one CUDA runtime call failing
 * part way (jace's CPU emulator fails it on request): the run throws the failure, its closed model and trainer keep no
 * device memory and no captured step, the same backend then trains again to bitwise the run without failure, and
 * once closed, the backend has given back everything. The failing call is
 * the first, the last and calls spread between them.
 */
@Tag("gpu")
@ExtendWith(EmulatedFailures.class)
class CudaTrainingFailuresOnEmulatorTest {

    private static final int INVALID_VALUE = 1;
    /** Calls failed in each run: the first, the last and as many spread between them. */
    private static final int FAILURES_PER_FUNCTION = 5;

    @ParameterizedTest
    @ValueSource(strings = {"cudaLaunchKernel", "cudaMemcpyAsync", "cudaGraphLaunch", "cudaStreamEndCapture",
        "cudaEventSynchronize", "cudaMalloc"})
    void aRunThatFailsPartWayThrowsAndTheBackendTrainsOnKeepingNothing(String function) throws Throwable {
        long freeBefore = EmulatorHooks.freeDeviceBytes();
        EmulatorHooks.LiveResources liveBefore = EmulatorHooks.liveResources();
        Run expected;
        long calls;
        try (CudaBackend cuda = fixedAlgorithms()) {
            EmulatorHooks.failCalls(function, Integer.MAX_VALUE, 1, INVALID_VALUE);
            expected = train(cuda);
            calls = EmulatorHooks.callsSeen();
        }
        assertTrue(calls > 0, "the run makes no call of " + function);
        for (int i = 0; i < FAILURES_PER_FUNCTION; i++) {
            int passing = (int) ((calls - 1) * i / (FAILURES_PER_FUNCTION - 1));
            String what = "training with call " + (passing + 1) + " of " + calls + " of " + function + " failing";
            try (CudaBackend cuda = fixedAlgorithms()) {
                long graphsBefore = EmulatorHooks.liveResources().graphExecs();
                EmulatorHooks.failCalls(function, passing, 1, INVALID_VALUE);
                RuntimeException thrown = null;
                try {
                    train(cuda);
                } catch (RuntimeException e) {
                    thrown = e;
                }
                assertEquals(1, EmulatorHooks.stopFailing(), what);
                assertNotNull(thrown, what + ": nothing was thrown");
                assertInstanceOf(CudaException.class, thrown, what);
                assertEquals(0, cuda.allocatorStats().liveBytes(), what + ": device memory the closed model and trainer"
                        + " kept");
                assertEquals(graphsBefore, EmulatorHooks.liveResources().graphExecs(), what + ": captured steps the"
                        + " closed trainer kept");
                TrainingRuns.assertSameRun(expected, train(cuda));
            }
            assertEquals(freeBefore, EmulatorHooks.freeDeviceBytes(), what + ": device bytes kept");
            assertEquals(liveBefore, EmulatorHooks.liveResources(), what + ": kept");
        }
    }

    private static CudaBackend fixedAlgorithms() {
        return new CudaBackend(CudaOptions.defaults().withCudnn(false).withGroupConv(GroupConvAlgorithm.DIRECT));
    }

    private static Run train(CudaBackend cuda) {
        TrainerConfig config = TrainerTest.config(Method.ACE, 1).withBatchSize(4);
        return TrainingRuns.trainBasisRelaxed(cuda, config, t -> t.captureSteps().overlapSteps());
    }
}
