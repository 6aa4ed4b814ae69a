package dev.jace.backend.cuda;

import dev.jace.backend.Backend;
import dev.jace.backend.DeviceScalars;
import dev.jace.backend.DualUpdate;
import dev.jace.backend.cpu.CpuBackend;
import dev.jace.testing.DualUpdatePlans;
import dev.jace.testing.DualUpdateSteps;
import dev.jace.testing.Numerics;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link CudaBackend#dualUpdate}: bitwise the CPU backend (and so {@link DualUpdate#apply}) over steps of random plans,
 * eagerly and replayed from a CUDA graph with the plans published before each replay, on special values, and its
 * argument errors.
 */
@Tag("gpu")
class CudaDualUpdateTest {

    @BeforeEach
    void requireGpu() {
        GpuAssumptions.assumeCuda();
    }

    private static float[] measure(Random random, int terms) {
        float[] values = new float[terms];
        for (int t = 0; t < terms; t++) {
            values[t] = DualUpdatePlans.value(random);
        }
        return values;
    }

    /** Steps on both backends (the GPU's eager or replayed), each compared with the host and with the CPU. */
    private static void assertStepsMatchTheCpu(boolean captured, int terms, int steps) {
        Random random = new Random(40 + terms);
        double[] expected = DualUpdatePlans.state(random, terms);
        try (CudaBackend cuda = new CudaBackend(); CpuBackend cpu = new CpuBackend();
             DualUpdateSteps gpuSteps = new DualUpdateSteps(cuda, terms, expected);
             DualUpdateSteps cpuSteps = new DualUpdateSteps(cpu, terms, expected)) {
            if (captured) {
                gpuSteps.capture();
            }
            for (int step = 0; step < steps; step++) {
                double[] plan = DualUpdatePlans.plan(random, terms, step % 4 != 3);
                float[] measured = measure(random, terms);
                DualUpdateSteps.hostStep(plan, expected, measured);
                double[] onCpu = cpuSteps.step(plan, measured);
                double[] onGpu = gpuSteps.step(plan, measured);
                String what = terms + " terms" + (captured ? " replayed" : "") + ", step " + step;
                Numerics.assertBitwise(what + ", cpu vs host", expected, onCpu);
                Numerics.assertBitwise(what + ", gpu vs cpu", onCpu, onGpu);
            }
        }
    }

    @Test
    void stepsOfRandomPlansEqualTheCpuBitForBit() {
        for (int terms : new int[] {0, 1, 5, 23}) {
            assertStepsMatchTheCpu(false, terms, 60);
        }
        assertStepsMatchTheCpu(false, DualUpdate.MAX_TERMS, 4);
    }

    @Test
    void aGraphReplaysWithThePlansPublishedBeforeEachReplayBitwiseAsTheCpu() {
        assertStepsMatchTheCpu(true, 23, 60);
    }

    @Test
    void nonFiniteAndSignedZeroValuesGiveTheCpuBitsBitForBit() {
        Random random = new Random(41);
        int terms = 200;
        try (CudaBackend cuda = new CudaBackend(); CpuBackend cpu = new CpuBackend()) {
            for (boolean dualStep : new boolean[] {true, false}) {
                double[] plan = DualUpdatePlans.plan(random, terms, dualStep);
                double[] state = DualUpdatePlans.specialState(random, terms);
                double[] onCpu = update(cpu, plan, state, terms);
                double[] onGpu = update(cuda, plan, state, terms);
                Numerics.assertBitwise("dual step " + dualStep, onCpu, onGpu);
            }
        }
    }

    /** One update of published blocks; the state as read back. */
    private static double[] update(Backend backend, double[] plan, double[] state, int terms) {
        try (DeviceScalars planBlock = backend.scalars(plan.length);
             DeviceScalars stateBlock = backend.scalars(state.length)) {
            stage(planBlock, plan);
            stage(stateBlock, state);
            backend.dualUpdate(planBlock, stateBlock, terms);
            return stateBlock.read();
        }
    }

    private static void stage(DeviceScalars block, double[] values) {
        for (int i = 0; i < values.length; i++) {
            block.set(i, values[i]);
        }
        block.publish();
    }

    @Test
    void foreignClosedOrSharedBlocksAreRejectedBeforeAnyNativeCall() {
        try (CudaBackend cuda = new CudaBackend(); CpuBackend cpu = new CpuBackend();
             DeviceScalars plan = cuda.scalars(DualUpdate.planSize(2));
             DeviceScalars state = cuda.scalars(DualUpdate.stateSize(2));
             DeviceScalars cpuState = cpu.scalars(DualUpdate.stateSize(2))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> cuda.dualUpdate(plan, cpuState, 2));
            assertTrue(e.getMessage().contains("dualUpdate: state is a device scalar of another backend"),
                    e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> cuda.dualUpdate(plan, state, 3));
            assertTrue(e.getMessage().contains("3 terms need a plan of at least 46"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> cuda.dualUpdate(state, state, 0));
            DeviceScalars closed = cuda.scalars(DualUpdate.stateSize(2));
            closed.close();
            assertThrows(IllegalStateException.class, () -> cuda.dualUpdate(plan, closed, 2));
            cuda.dualUpdate(plan, state, 2);
            Numerics.assertBitwise("an update of zeros", new double[DualUpdate.stateSize(2)], state.read());
        }
    }
}
