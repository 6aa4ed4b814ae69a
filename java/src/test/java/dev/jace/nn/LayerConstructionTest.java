package dev.jace.nn;

import dev.jace.backend.Backend;
import dev.jace.backend.GroupTable;
import dev.jace.backend.Padding;
import dev.jace.backend.cpu.CpuBackend;
import dev.jace.group.Groups;
import dev.jace.testing.FailingAllocations;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static dev.jace.testing.FailingAllocations.checkEveryFailureClosesWhatWasMade;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A layer whose construction fails part way (an allocation fails) closes what it had allocated before the failure
 * reaches the caller, and checks its arguments before allocating anything.
 */
class LayerConstructionTest {

    private static final Backend BACKEND = new CpuBackend();
    private static final GroupTable GROUP = Groups.byName("d4").table();

    @AfterAll
    static void close() {
        BACKEND.close();
    }

    private static Random random() {
        return new Random(1);
    }

    @Test
    void plainLayersCloseWhatTheyMadeWhenAnAllocationFails() {
        assertEquals(4, checkEveryFailureClosesWhatWasMade(BACKEND, b -> new LinearLayer(b, 3, 2, random())));
        assertEquals(4, checkEveryFailureClosesWhatWasMade(BACKEND,
                b -> new Conv2dLayer(b, 2, 3, 3, Padding.SAME, true, random())));
        assertEquals(8, checkEveryFailureClosesWhatWasMade(BACKEND, b -> new BatchNorm2d(b, 3)));
        assertEquals(8, checkEveryFailureClosesWhatWasMade(BACKEND, b -> new GroupBatchNorm(b, 3)));
    }

    @Test
    void equivariantConvsCloseWhatTheyMadeWhenAnAllocationFails() {
        assertEquals(4, checkEveryFailureClosesWhatWasMade(BACKEND,
                b -> new LiftingConvLayer(b, GROUP, 1, 2, 3, Padding.SAME, random())));
        assertEquals(4, checkEveryFailureClosesWhatWasMade(BACKEND,
                b -> new GroupConvLayer(b, GROUP, 2, 2, 3, Padding.SAME, random())));
    }

    /** The wrapped layer is the relaxation's from the call on, so a failed relaxation closes it too. */
    @Test
    void relaxationsCloseWhatTheyMadeWhenAnAllocationFails() {
        assertEquals(4 + 10, checkEveryFailureClosesWhatWasMade(BACKEND, b -> new AdditiveRelaxation(b,
                new GroupConvLayer(b, GROUP, 2, 2, 3, Padding.SAME, random()), 0.5f, random())));
        // Per basis a parameter, its expansion and mask; coefficients, bias, 3 filter banks, 2 sums; the maps; γ's copy.
        assertEquals(2 * 4 + 2 + 2 + 3 + 2 + 10 + 1, checkEveryFailureClosesWhatWasMade(BACKEND,
                b -> new RelaxedGroupConvLayer(b, GROUP, 2, 2, 3, Padding.SAME, 2, 0.1f, random())));
        assertEquals(2 * 2 + 1 + 1 + 4, checkEveryFailureClosesWhatWasMade(BACKEND,
                b -> new BasisCoefficients(b, 2, GROUP.order(), 2 * GROUP.order(), 2 * GROUP.order() * 9)));
    }

    @Test
    void filtersOfEvenSizeAndANullLayerAreRefusedBeforeAllocating() {
        FailingAllocations allocations = FailingAllocations.failingAt(BACKEND, 0);
        assertEquals("GroupConvLayer: needs square filters of odd size, got [3, 2, 8, 4, 4]", assertThrows(
                IllegalArgumentException.class, () -> new GroupConvLayer(allocations.backend(), GROUP, 2, 3, 4,
                        Padding.SAME, random())).getMessage());
        assertEquals("LiftingConvLayer: needs square filters of odd size, got [3, 1, 2, 2]", assertThrows(
                IllegalArgumentException.class, () -> new LiftingConvLayer(allocations.backend(), GROUP, 1, 3, 2,
                        Padding.SAME, random())).getMessage());
        assertEquals(List.of(), allocations.made());
        assertEquals("AdditiveRelaxation: equivariant is null", assertThrows(NullPointerException.class,
                () -> new AdditiveRelaxation(allocations.backend(), null, 0.5f, random())).getMessage());
        assertEquals(List.of(), allocations.made());
    }
}
