package dev.jace.cli;

import dev.jace.backend.Precision;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchRunTest {

    private static final long MS = 1_000_000;

    private static BenchConfig quickWith(Settling settling) {
        BenchConfig q = BenchConfig.QUICK;
        return new BenchConfig("quick-settling", q.warmups(), q.reps(), q.lifting(), q.group(), q.maps(),
                q.copyFloats(), q.gemm(), q.stepBatch(), settling);
    }

    private static List<String> notes(Settling settling) {
        BenchRun run = new BenchRun("cpu", Precision.FP32, quickWith(settling), name -> { }, row -> { });
        assertEquals(27, run.run().size());
        return run.notes();
    }

    /**
     * With settling the CPU run says how many warm-up calls its ops took; a tolerance of 0 (no two windows' medians
     * agree to the nanosecond) sets every op's windows aside until the retiming ends, and the note says so.
     */
    @Test
    void theCpuRunNotesItsWarmUpsAndTheOpsItRetimed() {
        List<String> notes = notes(new Settling(2 * MS, MS, 20 * MS, 4 * MS, 0));
        Matcher warmUps = Pattern.compile("cpu FP32: warm-ups ran (\\d+)–(\\d+) calls per op").matcher(notes.get(0));
        assertTrue(warmUps.matches(), notes.get(0));
        assertTrue(Integer.parseInt(warmUps.group(1)) >= 1
                && Integer.parseInt(warmUps.group(1)) <= Integer.parseInt(warmUps.group(2)), notes.get(0));
        Matcher retimed = Pattern.compile("cpu FP32: (\\d+) of 27 ops had their first window of reps set aside, a JIT"
                + " compile running or off the pace before it \\(lifting-fwd d4 DIRECT \\d+ windows?, .*\\); (\\d+) never"
                + " settled within 0.004 s and report their fastest window: .*").matcher(notes.get(1));
        assertTrue(retimed.matches(), notes.get(1));
        assertTrue(Integer.parseInt(retimed.group(1)) >= 20 && Integer.parseInt(retimed.group(2)) >= 20,
                notes.get(1));
    }

    @Test
    void withoutSettlingThereIsNoSettlingNote() {
        assertTrue(notes(Settling.NONE).stream().noneMatch(n -> n.contains("warm-ups") || n.contains("set aside")),
                String.valueOf(notes(Settling.NONE)));
    }
}
