package dev.jace.backend.cuda;

import dev.jace.backend.Padding;
import dev.jace.backend.Precision;
import dev.jace.bindings.jace.jace_h;
import dev.jace.tensor.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs everywhere: the autotuner's choice, run order and cost, with a fake device's times instead of events. */
class GroupConvAutotunerTest {

    private static final GroupConvKey KEY = new GroupConvKey(GroupConvOp.GROUP_FORWARD, Shape.of(2, 3, 4, 5, 5),
            Shape.of(6, 3, 4, 3, 3), 4, Padding.SAME, Precision.FP32);

    /**
     * What a timed run of calls of one algorithm takes on the fake device: {@code idle} once (the device waiting for
     * the host to enqueue, which calls back to back hide after the first), {@code perCall} per call, and the set
     * extra of a call by its number among the algorithm's calls (its one-time costs).
     */
    private record Cost(float idle, float perCall, List<Float> extraByCall) {
        Cost(float idle, float perCall) {
            this(idle, perCall, List.of());
        }

        float extra(int call) {
            return call < extraByCall.size() ? extraByCall.get(call) : 0;
        }
    }

    /**
     * Records which algorithm ran, in order; its timer answers what a body's calls took by their {@link Cost}s, and
     * {@code slowdown} (nth timing, from 0) what a drift of clocks or load multiplies that timing's time by.
     */
    private static final class Device {
        final List<String> order = new ArrayList<>();
        final Runnable direct = () -> order.add("direct");
        final Runnable expanded = () -> order.add("expanded");
        private final Cost directCost;
        private final Cost expandedCost;
        private final List<Float> slowdown;
        private int timings;

        Device(Cost direct, Cost expanded, List<Float> slowdown) {
            this.directCost = direct;
            this.expandedCost = expanded;
            this.slowdown = slowdown;
        }

        Device(Cost direct, Cost expanded) {
            this(direct, expanded, List.of());
        }

        Device(float directMillis, float expandedMillis) {
            this(new Cost(0, directMillis), new Cost(0, expandedMillis));
        }

        GroupConvAutotuner tuner() {
            return new GroupConvAutotuner(body -> {
                int before = order.size();
                body.run();
                List<String> ran = order.subList(before, order.size());
                String algorithm = ran.getFirst();
                assertTrue(ran.stream().allMatch(algorithm::equals), "one algorithm per timing: " + ran);
                Cost cost = algorithm.equals("direct") ? directCost : expandedCost;
                float millis = cost.idle();
                for (int i = before; i < order.size(); i++) {
                    millis += cost.perCall() + cost.extra(Collections.frequency(order.subList(0, i), algorithm));
                }
                int timing = timings++;
                return millis * (timing < slowdown.size() ? slowdown.get(timing) : 1);
            });
        }

        GroupConvAlgorithm firstCall() {
            return tuner().run(KEY, direct, expanded);
        }
    }

    @Test
    void theFasterWinsAndTheFirstCallEndsWithItSoItsOutputHasTheChoicesBits() {
        Device fastDirect = new Device(1f, 2f);
        assertSame(GroupConvAlgorithm.DIRECT, fastDirect.firstCall());
        assertEquals("direct", fastDirect.order.getLast(), "last run of the first call: " + fastDirect.order);

        Device slowDirect = new Device(3f, 2f);
        assertSame(GroupConvAlgorithm.EXPANDED, slowDirect.firstCall());
        assertEquals("expanded", slowDirect.order.getLast(), "last run of the first call: " + slowDirect.order);
    }

    @Test
    void laterCallsRunOnlyTheChoice() {
        Device device = new Device(1f, 2f);
        GroupConvAutotuner tuner = device.tuner();
        assertFalse(tuner.hasChoice(KEY));
        tuner.run(KEY, device.direct, device.expanded);
        assertTrue(tuner.hasChoice(KEY));
        device.order.clear();
        assertSame(GroupConvAlgorithm.DIRECT, tuner.run(KEY, device.direct, device.expanded));
        assertEquals(List.of("direct"), device.order);
        assertEquals(Map.of(KEY, GroupConvAlgorithm.DIRECT), tuner.choices());
    }

    /** Single calls timed alone, as before, kept DIRECT here (0.06 ms against 0.05 + 0.04). */
    @Test
    void anAlgorithmWhoseDeviceIdlesBetweenItsKernelsIsTimedAtItsPaceBackToBack() {
        Device device = new Device(new Cost(0, 0.06f), new Cost(0.05f, 0.04f));
        assertSame(GroupConvAlgorithm.EXPANDED, device.firstCall());
    }

    /**
     * A cuDNN search, a workspace's allocation, module loading over the first three calls: the second and third, timed
     * as the reps once were, made EXPANDED lose; now they are warm-ups, the third sizing the reps only.
     */
    @Test
    void theFirstCallsOneTimeCostsAreNotTimed() {
        Device device = new Device(new Cost(0, 2f), new Cost(0, 1f, List.of(50f, 50f, 50f)));
        assertSame(GroupConvAlgorithm.EXPANDED, device.firstCall());
    }

    /** Two of five reps of the faster slowed threefold, e.g. by other work on the device: the median rep decides. */
    @Test
    void aFewSlowRepsDoNotDecide() {
        List<Float> slowdown = new ArrayList<>(Collections.nCopies(2 + 2 * GroupConvAutotuner.REPS, 1f));
        slowdown.set(2, 3f); // timings: each one's last warm-up, then the reps in turns, direct's at 2, 4, 6, ...
        slowdown.set(6, 3f);
        Device device = new Device(new Cost(0, 1f), new Cost(0, 1.2f), slowdown);
        assertSame(GroupConvAlgorithm.DIRECT, device.firstCall());
    }

    /**
     * The device slows down from the third of the five pairs of reps on: had EXPANDED's reps followed all of DIRECT's,
     * it would lose.
     */
    @Test
    void theRepsTakeTurnsSoADriftFallsOnBoth() {
        int reps = GroupConvAutotuner.REPS;
        List<Float> slowdown = new ArrayList<>(Collections.nCopies(2 + reps - 1, 1f));
        slowdown.addAll(Collections.nCopies(reps + 1, 2f));
        Device device = new Device(new Cost(0, 1.2f), new Cost(0, 1f), slowdown);
        assertSame(GroupConvAlgorithm.EXPANDED, device.firstCall());
    }

    /**
     * Five reps put EXPANDED 3% ahead, within {@link GroupConvAutotuner#NEAR_TIE}; ten more of each put DIRECT 3%
     * ahead in all fifteen's medians, which decide. Both ran 15 reps, in turns.
     */
    @Test
    void aNearTieIsDecidedOnMoreReps() {
        int reps = GroupConvAutotuner.REPS, all = reps + GroupConvAutotuner.TIE_REPS;
        List<Float> slowdown = new ArrayList<>(List.of(1f, 1f)); // each one's last warm-up
        for (int i = 0; i < all; i++) {
            slowdown.add(i < reps ? 1.03f : 0.97f); // direct's rep
            slowdown.add(1f); // expanded's
        }
        Device device = new Device(new Cost(0, 1f), new Cost(0, 1f), slowdown);
        assertSame(GroupConvAlgorithm.DIRECT, device.firstCall());
        int warmUps = GroupConvAutotuner.WARM_UPS;
        assertEquals(warmUps + all + 1, Collections.frequency(device.order, "direct"), "warm-ups, reps, the choice");
        assertEquals(warmUps + all, Collections.frequency(device.order, "expanded"));
    }

    /**
     * Medians 6% apart, or exactly {@link GroupConvAutotuner#NEAR_TIE} of the faster's apart (0.05f × 20 ms rounds to
     * 1 ms in float), are no near tie, which must be closer: five reps each decide.
     */
    @ParameterizedTest
    @CsvSource({"1, 1.06", "20, 21"})
    void mediansNoCloserThanANearTieDecideOnFiveReps(float directMillis, float expandedMillis) {
        assertEquals(1f, GroupConvAutotuner.NEAR_TIE * 20f);
        Device device = new Device(directMillis, expandedMillis);
        assertSame(GroupConvAlgorithm.DIRECT, device.firstCall());
        assertEquals(GroupConvAutotuner.WARM_UPS + GroupConvAutotuner.REPS + 1,
                Collections.frequency(device.order, "direct"));
    }

    /** Equal medians, after the near tie's reps too: DIRECT, which then runs last. */
    @Test
    void anExactTieGoesToDirect() {
        Device device = new Device(1f, 1f);
        assertSame(GroupConvAlgorithm.DIRECT, device.firstCall());
        assertEquals("direct", device.order.getLast());
    }

    /**
     * A rep of several calls counts per call: DIRECT's 0.1 ms calls, ten to a rep, beat EXPANDED's 2 ms call (a rep's
     * 1 ms would lose).
     */
    @Test
    void aRepOfSeveralCallsCountsPerCall() {
        Device device = new Device(0.1f, 2f);
        assertSame(GroupConvAlgorithm.DIRECT, device.firstCall());
        assertEquals(GroupConvAutotuner.WARM_UPS + GroupConvAutotuner.REPS * 10 + 1,
                Collections.frequency(device.order, "direct"));
    }

    /** Calls of a rep's length or more run once per rep: 17 calls; quicker ones fill it, 32 calls at most. */
    @Test
    void theTuningsCostIsBounded() {
        Device slow = new Device(GroupConvAutotuner.REP_MILLIS, 2 * GroupConvAutotuner.REP_MILLIS);
        slow.firstCall();
        List<String> turns = new ArrayList<>(List.of("direct", "expanded", "direct", "direct", "expanded",
                "expanded"));
        for (int i = 0; i < GroupConvAutotuner.REPS; i++) {
            turns.addAll(List.of("direct", "expanded"));
        }
        turns.add("direct");
        assertEquals(turns, slow.order);

        Device quick = new Device(0.25f, 1e-6f);
        quick.firstCall();
        int warmUps = GroupConvAutotuner.WARM_UPS;
        int reps = GroupConvAutotuner.REPS;
        assertEquals(warmUps + reps * 4, Collections.frequency(quick.order, "direct"), "1 ms of 0.25 ms calls");
        assertEquals(warmUps + reps * GroupConvAutotuner.MAX_CALLS_PER_REP,
                Collections.frequency(quick.order, "expanded"), "the choice, which ran last");
    }

    @Test
    void anUnsupportedAlgorithmLosesAndTheOtherRunsLast() {
        Device device = new Device(5f, 1f);
        Runnable unsupportedExpanded = () -> {
            device.order.add("expanded");
            throw new UnsupportedOperationException("no cuDNN");
        };
        assertSame(GroupConvAlgorithm.DIRECT, device.tuner().run(KEY, device.direct, unsupportedExpanded));
        assertEquals("direct", device.order.getLast(), "last run of the first call: " + device.order);

        UnsupportedOperationException shapeNotCovered = new UnsupportedOperationException("shape not covered");
        CudaException noKernel = new CudaException("jace_group_conv_forward", Jace.UNSUPPORTED, "no kernel");
        UnsupportedOperationException thrown = assertThrows(UnsupportedOperationException.class,
                () -> new Device(1f, 1f).tuner().run(KEY, () -> {
                    throw shapeNotCovered;
                }, () -> {
                    throw noKernel;
                }));
        assertSame(shapeNotCovered, thrown, "the first failure");
        assertEquals(List.of(noKernel), List.of(thrown.getSuppressed()), "the other failure");
    }

    /**
     * An algorithm whose libjace call is refused as JACE_ERROR_UNSUPPORTED loses, as an unsupported operation does;
     * any other failure is thrown at once.
     */
    @Test
    void anAlgorithmWithoutAKernelLosesAndOtherCudaFailuresAreThrown() {
        Device device = new Device(1f, 5f);
        Runnable directWithoutKernel = () -> {
            device.order.add("direct");
            throw new CudaException("jace_group_conv_forward", Jace.UNSUPPORTED, "no kernel for this shape");
        };
        assertSame(GroupConvAlgorithm.EXPANDED, device.tuner().run(KEY, directWithoutKernel, device.expanded));
        assertEquals(List.of("direct", "expanded"), device.order, "expanded ran once, last");

        CudaException launchFailed = new CudaException("jace_group_conv_forward", jace_h.JACE_ERROR_CUDA(),
                "launch failed");
        Device failing = new Device(1f, 1f);
        assertSame(launchFailed, assertThrows(CudaException.class, () -> failing.tuner().run(KEY, () -> {
            throw launchFailed;
        }, failing.expanded)));
        assertEquals(List.of(), failing.order, "expanded did not run");
    }
}
