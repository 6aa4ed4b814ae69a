package dev.jace.train;

import dev.jace.backend.cuda.CudaBackend;
import dev.jace.backend.cuda.CudaOptions;
import dev.jace.backend.cuda.GpuAssumptions;
import dev.jace.backend.cuda.GroupConvAlgorithm;
import dev.jace.constraint.Method;
import dev.jace.train.TrainingRuns.Run;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The basis-relaxed group conv's steps on CUDA: its masks, coefficient gradient and spread are device work, so its
 * steps capture into a CUDA graph and overlap with the dual update on the device, with bitwise the direct run's
 * results (libjace's convolutions and a fixed group-conv algorithm, so nothing is chosen by timing).
 */
@Tag("gpu")
class CudaStepCaptureTest {

    @BeforeEach
    void requireGpu() {
        GpuAssumptions.assumeCuda();
    }

    private static CudaBackend fixedAlgorithms() {
        return new CudaBackend(CudaOptions.defaults().withCudnn(false).withGroupConv(GroupConvAlgorithm.DIRECT));
    }

    @Test
    void basisRelaxedStepsCapturedAndOverlappedEqualDirectSteps() {
        TrainerConfig config = TrainerTest.config(Method.ACE, 1).withBatchSize(4);
        try (CudaBackend cuda = fixedAlgorithms()) {
            Run direct = TrainingRuns.trainBasisRelaxed(cuda, config, Function.identity());
            Run captured = TrainingRuns.trainBasisRelaxed(cuda, config, Trainer::captureSteps);
            TrainingRuns.assertSameRun(direct, captured);
            assertTrue(captured.calls().getOrDefault("capture", 0) >= 1, "no step was captured: " + captured.calls());
            Run overlapped = TrainingRuns.trainBasisRelaxed(cuda, config, t -> t.captureSteps().overlapSteps());
            TrainingRuns.assertSameRun(direct, overlapped);
            assertTrue(overlapped.calls().getOrDefault("dualUpdate", 0) >= 1,
                    "no dual update ran on the device: " + overlapped.calls());
        }
    }
}
