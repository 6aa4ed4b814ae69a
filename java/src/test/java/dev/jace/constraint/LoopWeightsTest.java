package dev.jace.constraint;

import dev.jace.backend.DeviceScalar;
import dev.jace.backend.DeviceScalars;
import dev.jace.backend.cpu.CpuBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the loop hands the device: each term's weight in its own slot, and which terms' gradients run. */
class LoopWeightsTest {

    private static CpuBackend cpu;

    @BeforeAll
    static void setUp() {
        cpu = new CpuBackend();
    }

    @AfterAll
    static void tearDown() {
        cpu.close();
    }

    /** A quantity c = value that records, in {@code events}, the device slot of each gradient and each completion. */
    private record Recording(String name, double c, List<String> events) implements ConstraintQuantity {

        @Override
        public String symmetryType() {
            return name;
        }

        @Override
        public QuantityKind kind() {
            return QuantityKind.EQUIVARIANCE_DEVIATION;
        }

        @Override
        public double value() {
            return c;
        }

        @Override
        public void accumulateGradient(double weight, DeviceScalar deviceWeight) {
            events.add(name + " gradient " + weight + " from slot " + deviceWeight.index());
        }

        @Override
        public void completeGradient() {
            events.add(name + " complete");
        }
    }

    /** A penalty of weight 2, then 0 from step 3 on; a constraint whose multiplier starts at 0.5. */
    private static PrimalDualLoop loop(List<String> events) {
        Term penalty = new Term.Penalty("p", new Recording("p", 1.0, events),
                new Schedule.Step(List.of(2.0, 0.0), List.of(0L, 3L)));
        Constraint constraint = new Constraint("c", new Recording("c", 1.0, events), ConstraintKind.INEQUALITY,
                new Schedule.Constant(0.0));
        return new PrimalDualLoop(new LagrangianPlan("test", List.of(penalty, constraint)),
                new DualAscent(0.5, 0, 1), 10);
    }

    @Test
    void publishWritesEachTermsWeightToItsOwnSlotAndMakesItVisible() {
        List<String> events = new ArrayList<>();
        PrimalDualLoop loop = loop(events);
        try (DeviceScalars weights = cpu.scalars(3)) {
            PrimalDualLoop.StepWeights step = loop.begin(0);
            loop.publish(step, weights);
            assertArrayEquals(new double[] {2.0, 0.0, 0.0}, weights.read(), 0.0);
            loop.finish(step, loop.enqueue(step, weights));
            // The constraint's multiplier after step 0: 0.5 · (c − ε) = 0.5.
            PrimalDualLoop.StepWeights next = loop.begin(1);
            assertEquals(1, next.step());
            loop.publish(next, weights);
            assertArrayEquals(new double[] {2.0, 0.5, 0.0}, weights.read(), 0.0);
        }
    }

    @Test
    void enqueueAddsTheAppliedTermsGradientsReadingTheirSlotsThenCompletesEveryTerm() {
        List<String> events = new ArrayList<>();
        PrimalDualLoop loop = loop(events);
        for (long t = 0; t < 4; t++) {
            LoopSteps.step(loop, t, () -> { });
        }
        // Step 0: the constraint's multiplier is 0, so only the penalty applies; step 3: the penalty's weight is 0.
        assertEquals(List.of(
                "p gradient 2.0 from slot 0", "p complete", "c complete",
                "p gradient 2.0 from slot 0", "c gradient 0.5 from slot 1", "p complete", "c complete",
                "p gradient 2.0 from slot 0", "c gradient 1.0 from slot 1", "p complete", "c complete",
                "c gradient 1.5 from slot 1", "p complete", "c complete"), events);
    }

    @Test
    void aTermWhoseWeightIsZeroIsNotAppliedWhateverTheDualStep() {
        PrimalDualLoop loop = loop(new ArrayList<>());
        PrimalDualLoop.StepWeights first = loop.begin(0);
        assertTrue(first.dualStep());
        assertTrue(first.applies(0), "the penalty's weight 2");
        assertFalse(first.applies(1), "the constraint's multiplier 0");
        assertEquals(List.of(true, false), first.applied());
        PrimalDualLoop.StepWeights late = loop.begin(5);
        assertFalse(late.applies(0), "the penalty's weight 0 from step 3");
        assertEquals(0.0, late.weight(0), 0.0);
    }

    @Test
    void aBlockWithFewerSlotsThanTermsIsRefusedBeforeAnythingIsWritten() {
        List<String> events = new ArrayList<>();
        PrimalDualLoop loop = loop(events);
        try (DeviceScalars weights = cpu.scalars(1)) {
            PrimalDualLoop.StepWeights step = loop.begin(0);
            String expected = "primal-dual loop: 2 terms need a block of at least 2 device weights, got 1";
            assertEquals(expected, assertThrows(IllegalArgumentException.class,
                    () -> loop.publish(step, weights)).getMessage());
            assertArrayEquals(new double[] {0.0}, weights.read(), 0.0);
            assertEquals(expected, assertThrows(IllegalArgumentException.class,
                    () -> loop.enqueue(step, weights)).getMessage());
            assertEquals(List.of(), events);
        }
    }

    @Test
    void aHorizonOfOneStepIsTheShortest() {
        LagrangianPlan plan = new LagrangianPlan("test", List.of());
        assertDoesNotThrow(() -> new PrimalDualLoop(plan, new DualAscent(1, 0, 1), 1));
        assertEquals("schedule horizon must be >= 1 step, got 0", assertThrows(IllegalArgumentException.class,
                () -> new PrimalDualLoop(plan, new DualAscent(1, 0, 1), 0)).getMessage());
    }

    @Test
    void anEqualitysTargetMustBeZeroAtTheHorizonsLastStep() {
        Constraint c = new Constraint("c", ToyQuantity.constant("c", 1.0), ConstraintKind.EQUALITY,
                new Schedule.Step(List.of(0.1, 0.0), List.of(0L, 10L)));
        LagrangianPlan plan = new LagrangianPlan("test", List.of(c));
        assertDoesNotThrow(() -> new PrimalDualLoop(plan, new DualAscent(1, 0, 1), 11));
        PrimalDualLoop.TargetNotZeroInTime late = assertThrows(PrimalDualLoop.TargetNotZeroInTime.class,
                () -> new PrimalDualLoop(plan, new DualAscent(1, 0, 1), 10));
        assertTrue(late.getMessage().contains("is still 0.1 at step 9, the last of the schedules' 10 steps"),
                late.getMessage());
    }
}
