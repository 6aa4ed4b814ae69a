package dev.jace.cli;

import dev.jace.bench.StepTraffic;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * gpu-report's reader of the device check's StepTraffic logs reads what StepTraffic really prints: the two live in
 * separate modules, and a heading changed in one alone would leave the training-step target silently unmeasured.
 */
class StepTrafficLogOfStepTrafficTest {

    @ParameterizedTest
    @ValueSource(strings = {"overlapped", "graph", "eager"})
    void readsEveryTableOfARealLog(String mode, @TempDir Path dir) throws IOException {
        Path log = Files.writeString(dir.resolve("14-step-traffic-" + mode + ".log"), stepTraffic("cpu", "c4", "2",
                mode));
        StepTrafficLog read = StepTrafficLog.read(log);

        assertTrue(read.complete(), read.toString());
        assertTrue(read.backend().startsWith("cpu"), read.backend());
        assertFalse(read.predatesWaits(), read.toString());
        assertTrue(read.perStep("copyIn") > 0, read.toString());
        StepTrafficLog.Waits waits = read.waits().orElseThrow(() -> new AssertionError("no waits read: " + read));
        if (mode.equals("overlapped")) {
            assertEquals(new StepTrafficLog.Waits(0, 5), waits);
            assertEquals(1.0, read.perStep("replay"));
        } else {
            assertTrue(waits.roundTrips() > 0 && waits.overlapped() == 0, waits.toString());
        }
    }

    /** StepTraffic's own output, as the device check logs it. */
    private static String stepTraffic(String... args) {
        PrintStream out = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            StepTraffic.main(args);
        } finally {
            System.setOut(out);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
