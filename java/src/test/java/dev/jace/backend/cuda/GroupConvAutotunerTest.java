package dev.jace.backend.cuda;

import dev.jace.backend.Padding;
import dev.jace.backend.Precision;
import dev.jace.tensor.Shape;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Runs everywhere: the autotuner's choice and run order, with a timer that reports set times instead of events. */
class GroupConvAutotunerTest {

    private static final GroupConvKey KEY = new GroupConvKey(GroupConvOp.GROUP_FORWARD, Shape.of(2, 3, 4, 5, 5),
            Shape.of(6, 3, 4, 3, 3), 4, Padding.SAME, Precision.FP32);

    /** Records which algorithm ran, in order; the timer answers each algorithm's set time. */
    private static final class Runs {
        final List<String> order = new ArrayList<>();
        final Runnable direct = () -> order.add("direct");
        final Runnable expanded = () -> order.add("expanded");

        GroupConvAutotuner tuner(float directMillis, float expandedMillis) {
            return new GroupConvAutotuner(body -> {
                body.run();
                return order.getLast().equals("direct") ? directMillis : expandedMillis;
            });
        }
    }

    @Test
    void theFasterWinsAndTheFirstCallEndsWithItSoItsOutputHasTheChoicesBits() {
        Runs runs = new Runs();
        GroupConvAutotuner tuner = runs.tuner(1f, 2f);
        assertSame(GroupConvAlgorithm.DIRECT, tuner.run(KEY, runs.direct, runs.expanded));
        assertEquals("direct", runs.order.getLast(), "last run of the first call: " + runs.order);

        Runs slowDirect = new Runs();
        GroupConvAutotuner other = slowDirect.tuner(3f, 2f);
        assertSame(GroupConvAlgorithm.EXPANDED, other.run(KEY, slowDirect.direct, slowDirect.expanded));
        assertEquals("expanded", slowDirect.order.getLast(), "last run of the first call: " + slowDirect.order);
    }

    @Test
    void laterCallsRunOnlyTheChoice() {
        Runs runs = new Runs();
        GroupConvAutotuner tuner = runs.tuner(1f, 2f);
        tuner.run(KEY, runs.direct, runs.expanded);
        runs.order.clear();
        assertSame(GroupConvAlgorithm.DIRECT, tuner.run(KEY, runs.direct, runs.expanded));
        assertEquals(List.of("direct"), runs.order);
        assertEquals(Map.of(KEY, GroupConvAlgorithm.DIRECT), tuner.choices());
    }

    @Test
    void anUnsupportedAlgorithmLosesAndTheOtherRunsLast() {
        Runs runs = new Runs();
        Runnable unsupportedExpanded = () -> {
            runs.order.add("expanded");
            throw new UnsupportedOperationException("no cuDNN");
        };
        GroupConvAutotuner tuner = runs.tuner(5f, 1f);
        assertSame(GroupConvAlgorithm.DIRECT, tuner.run(KEY, runs.direct, unsupportedExpanded));
        assertEquals("direct", runs.order.getLast(), "last run of the first call: " + runs.order);

        Runnable unsupportedDirect = () -> {
            throw new UnsupportedOperationException("shape not covered");
        };
        assertThrows(UnsupportedOperationException.class,
                () -> new Runs().tuner(1f, 1f).run(KEY, unsupportedDirect, unsupportedDirect));
    }
}
