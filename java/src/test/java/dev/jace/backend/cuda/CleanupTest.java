package dev.jace.backend.cuda;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CleanupTest {

    @Test
    void everyStepRunsInOrderAndTheFirstFailureIsThrown() {
        List<Integer> ran = new ArrayList<>();
        IllegalStateException first = new IllegalStateException("step 1");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> Cleanup.runAll(List.of(
                () -> ran.add(0),
                () -> {
                    ran.add(1);
                    throw first;
                },
                () -> {
                    ran.add(2);
                    throw new IllegalArgumentException("step 2");
                },
                () -> ran.add(3))));
        assertSame(first, thrown);
        assertEquals(List.of(0, 1, 2, 3), ran);
    }

    @Test
    void stepsThatSucceedThrowNothing() {
        List<Integer> ran = new ArrayList<>();
        Cleanup.runAll(List.of(() -> ran.add(0), () -> ran.add(1)));
        assertEquals(List.of(0, 1), ran);
    }
}
