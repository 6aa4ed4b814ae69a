package dev.jace.backend.cpu;

import dev.jace.backend.CapturedWork;
import dev.jace.backend.DeviceScalars;
import dev.jace.backend.DualUpdate;
import dev.jace.testing.DualUpdatePlans;
import dev.jace.testing.DualUpdateSteps;
import dev.jace.testing.Numerics;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link CpuBackend#dualUpdate}: bitwise {@link DualUpdate#apply} on the values the blocks hold when it runs, eagerly
 * and replayed from captured work, and its argument errors.
 */
class CpuDualUpdateTest {

    private static final int STEPS = 60;

    private final CpuBackend cpu = new CpuBackend();

    private static void stage(DeviceScalars block, double[] values) {
        for (int i = 0; i < values.length; i++) {
            block.set(i, values[i]);
        }
        block.publish();
    }

    private static float[] measure(Random random, int terms) {
        float[] values = new float[terms];
        for (int t = 0; t < terms; t++) {
            values[t] = DualUpdatePlans.value(random);
        }
        return values;
    }

    /** Steps of random plans, dual and not, eagerly or replayed, each compared with the host's update. */
    private void assertStepsMatchTheHost(boolean captured) {
        Random random = new Random(captured ? 21 : 20);
        for (int terms : new int[] {0, 1, 5, 23}) {
            double[] expected = DualUpdatePlans.state(random, terms);
            try (DualUpdateSteps steps = new DualUpdateSteps(cpu, terms, expected)) {
                if (captured) {
                    steps.capture();
                }
                for (int step = 0; step < STEPS; step++) {
                    double[] plan = DualUpdatePlans.plan(random, terms, step % 4 != 3);
                    float[] measured = measure(random, terms);
                    DualUpdateSteps.hostStep(plan, expected, measured);
                    Numerics.assertBitwise(terms + " terms, step " + step, expected, steps.step(plan, measured));
                }
            }
        }
    }

    @Test
    void stepsOfRandomPlansEqualTheHostUpdateBitForBit() {
        assertStepsMatchTheHost(false);
    }

    @Test
    void replaysReadThePlanPublishedBeforeEachAndTheStateThePreviousOneLeft() {
        assertStepsMatchTheHost(true);
    }

    @Test
    void nonFiniteAndSignedZeroValuesGiveTheHostUpdateBitForBit() {
        Random random = new Random(22);
        int terms = 40;
        for (boolean dualStep : new boolean[] {true, false}) {
            double[] plan = DualUpdatePlans.plan(random, terms, dualStep);
            double[] expected = DualUpdatePlans.specialState(random, terms);
            try (DeviceScalars planBlock = cpu.scalars(plan.length);
                 DeviceScalars state = cpu.scalars(expected.length)) {
                stage(planBlock, plan);
                stage(state, expected);
                cpu.dualUpdate(planBlock, state, terms);
                DualUpdate.apply(plan, expected, terms);
                Numerics.assertBitwise("dual step " + dualStep, expected, state.read());
            }
        }
    }

    @Test
    void theStateKeepsWhatTheUpdateWroteUntilPublishOverwritesIt() {
        int terms = 2;
        double[] plan = DualUpdatePlans.plan(new Random(23), terms, true);
        double[] initial = DualUpdatePlans.state(new Random(24), terms);
        try (DeviceScalars planBlock = cpu.scalars(plan.length);
             DeviceScalars state = cpu.scalars(DualUpdate.stateSize(terms) + 3)) {
            stage(planBlock, plan);
            stage(state, initial);
            cpu.dualUpdate(planBlock, state, terms);
            double[] expected = Arrays.copyOf(initial, state.size());
            DualUpdate.apply(plan, expected, terms);
            Numerics.assertBitwise("after the update", expected, state.read());
            cpu.dualUpdate(planBlock, state, terms);
            DualUpdate.apply(plan, expected, terms);
            Numerics.assertBitwise("after a second update", expected, state.read());
            state.publish();
            Numerics.assertBitwise("after publish", Arrays.copyOf(initial, state.size()), state.read());
        }
    }

    @Test
    void sizesDistinctOpenBlocksOfThisBackendAreRequired() {
        try (DeviceScalars plan = cpu.scalars(DualUpdate.planSize(3));
             DeviceScalars state = cpu.scalars(DualUpdate.stateSize(3))) {
            IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                    () -> cpu.dualUpdate(plan, state, 4));
            assertTrue(small.getMessage().startsWith("dualUpdate: 4 terms need a plan of at least 61 values and a "
                    + "state of at least 17, got 46 and 13"), small.getMessage());
            IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                    () -> cpu.dualUpdate(plan, state, -1));
            assertTrue(negative.getMessage().contains("terms must be in [0, 1024], got -1"), negative.getMessage());
            IllegalArgumentException same = assertThrows(IllegalArgumentException.class,
                    () -> cpu.dualUpdate(plan, plan, 1));
            assertTrue(same.getMessage().contains("plan and state must be different blocks"), same.getMessage());
            try (CpuBackend other = new CpuBackend(); DeviceScalars foreign = other.scalars(DualUpdate.stateSize(3))) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> cpu.dualUpdate(plan, foreign, 3));
                assertTrue(e.getMessage().contains("dualUpdate: state is a device scalar of another backend"),
                        e.getMessage());
            }
            DeviceScalars closed = cpu.scalars(DualUpdate.planSize(3));
            closed.close();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> cpu.dualUpdate(closed, state, 3));
            assertTrue(e.getMessage().contains("after close"), e.getMessage());
        }
    }

    @Test
    void aReplayAfterTheStateWasClosedIsRefused() {
        DeviceScalars plan = cpu.scalars(DualUpdate.planSize(1));
        DeviceScalars state = cpu.scalars(DualUpdate.stateSize(1));
        try (CapturedWork work = cpu.capture(() -> cpu.dualUpdate(plan, state, 1))) {
            state.close();
            IllegalStateException e = assertThrows(IllegalStateException.class, work::replay);
            assertTrue(e.getMessage().contains("device scalars closed since capture"), e.getMessage());
        }
        assertEquals(0.0, plan.read()[0]);
        plan.close();
    }
}
