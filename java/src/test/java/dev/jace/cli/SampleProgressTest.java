package dev.jace.cli;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SampleProgressTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void etaIsThePassesOwnPaceSinceItStarted() {
        SampleProgress progress = new SampleProgress("evaluating test", 3000, 5 * SECOND);
        assertEquals(Optional.empty(), progress.eta(0, 5 * SECOND));
        // 500 samples in 2 s: the 2500 left take 10 s.
        assertEquals(Optional.of("0:10"), progress.eta(500, 7 * SECOND));
        // 1000 in 50 s: 2000 left take 100 s.
        assertEquals(Optional.of("1:40"), progress.eta(1000, 55 * SECOND));
        assertEquals(Optional.of("0:00"), progress.eta(3000, 60 * SECOND));
    }

    @Test
    void etaIsMinutesAndTwoDigitSeconds() {
        assertEquals("0:00", SampleProgress.eta(0));
        assertEquals("0:09", SampleProgress.eta(9));
        assertEquals("1:00", SampleProgress.eta(60));
        assertEquals("125:05", SampleProgress.eta(7505));
    }
}
