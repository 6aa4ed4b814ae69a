package dev.jace.nn;

import dev.jace.backend.Backend;
import dev.jace.backend.cpu.CpuBackend;
import dev.jace.tensor.Shape;
import dev.jace.testing.FailingAllocations;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.jace.testing.FailingAllocations.checkEveryFailureClosesWhatWasMade;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ParameterTest {

    private static final Backend BACKEND = new CpuBackend();

    @AfterAll
    static void close() {
        BACKEND.close();
    }

    /** A failed allocation of the gradient closes the value made before it. */
    @Test
    void aFailedAllocationLeavesNothingOpen() {
        assertEquals(2, checkEveryFailureClosesWhatWasMade(BACKEND,
                b -> Parameter.of(b, "weight", new float[] {1f, 2f}, Shape.of(2))));
        assertEquals(2, checkEveryFailureClosesWhatWasMade(BACKEND,
                b -> Parameter.filled(b, "bias", Shape.of(3), 0.5f)));
    }

    /** The name is checked before anything is allocated. */
    @Test
    void aBadNameIsRefusedBeforeAllocating() {
        FailingAllocations allocations = FailingAllocations.failingAt(BACKEND, 0);
        assertEquals("parameter name '.w' is empty or starts/ends with a dot", assertThrows(
                IllegalArgumentException.class, () -> Parameter.of(allocations.backend(), ".w", new float[] {1f},
                        Shape.of(1))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Parameter.filled(allocations.backend(), "", Shape.of(1),
                0f));
        assertEquals(List.of(), allocations.made());
    }
}
