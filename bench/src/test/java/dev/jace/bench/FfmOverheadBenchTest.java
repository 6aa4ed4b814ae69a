package dev.jace.bench;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** FfmOverheadBench's bursts and launch_overhead.c's, which jace gpu-report subtracts, are equally long. */
class FfmOverheadBenchTest {

    @Test
    void burstsAreAsLongAsTheLaunchesFromC() throws IOException {
        String source = Files.readString(Path.of("../native/examples/launch_overhead.c"));
        Matcher batch = Pattern.compile("enum \\{ ROUNDS = \\d+, BATCH = (\\d+) \\};").matcher(source);
        assertTrue(batch.find(), "launch_overhead.c's BATCH");
        assertEquals(FfmOverheadBench.BURST, Integer.parseInt(batch.group(1)));
    }
}
