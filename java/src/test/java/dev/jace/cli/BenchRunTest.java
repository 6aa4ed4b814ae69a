package dev.jace.cli;

import dev.jace.backend.Precision;
import dev.jace.backend.cpu.CpuBackend;
import dev.jace.testing.RecordingBackend;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
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
     * With settling the CPU run says how many warm-up calls its ops took; a tolerance of 0 passes no window, so every
     * op is retimed until the retiming ends and reports its fastest window, and the note names them all.
     */
    @Test
    void theCpuRunNotesItsWarmUpsAndTheOpsItRetimed() {
        List<String> notes = notes(new Settling(2 * MS, MS, 20 * MS, 4 * MS, 0));
        try (CpuBackend cpu = new CpuBackend()) {
            assertEquals("cpu FP32: convolutions and gemm on " + cpu.gemmKernel(), notes.get(0));
        }
        Matcher warmUps = Pattern.compile("cpu FP32: warm-ups ran (\\d+)(?:–(\\d+))? calls per op")
                .matcher(notes.get(1));
        assertTrue(warmUps.matches(), notes.get(1));
        assertTrue(Integer.parseInt(warmUps.group(1)) >= 1 && (warmUps.group(2) == null
                || Integer.parseInt(warmUps.group(1)) < Integer.parseInt(warmUps.group(2))), notes.get(1));
        Matcher retimed = Pattern.compile("cpu FP32: (\\d+) of 27 ops had a first window of reps that did not pass, a"
                + " JIT compile running or off the pace before it \\([A-Za-z0-9 -]+ \\d+ windows?(?:, [^()]+)?\\);"
                + " (\\d+) have no window that passed within 0.004 s and report their fastest window \\(the fastest"
                + " without a JIT compile, if any\\): .*").matcher(notes.get(2));
        assertTrue(retimed.matches(), notes.get(2));
        assertEquals(List.of("27", "27"), List.of(retimed.group(1), retimed.group(2)), notes.get(2));
    }

    /** The backend methods that move, hold or wait for data rather than compute an op. */
    private static final Set<String> NOT_AN_OP = Set.of("allocate", "capture", "close", "copyIn", "download", "name",
            "readLater", "scalars", "synchronize", "upload");

    /**
     * Each row times its op: between one row and the next the backend computes at least once per warm-up and timed
     * rep (a row that timed a call reaching no op would compute nothing). Replayed rows are left out: on the CPU a
     * replay runs the recorded calls inside the backend, past the counting view.
     */
    @Test
    void everyRowTimesItsOpOnTheBackend() {
        BenchConfig config = quickWith(Settling.NONE);
        AtomicInteger ops = new AtomicInteger();
        Map<String, Integer> opsByRow = new LinkedHashMap<>();
        int[] before = {0};
        BenchRun run = new BenchRun("cpu", Precision.FP32, config, name -> { }, row -> {
            opsByRow.put(String.join(" ", row.op(), row.group(), row.algorithm(), row.shape()), ops.get() - before[0]);
            before[0] = ops.get();
        }, backend -> RecordingBackend.of(backend, call -> ops.addAndGet(NOT_AN_OP.contains(call) ? 0 : 1)));
        assertEquals(27, run.run().size());
        assertEquals(27, opsByRow.size(), String.valueOf(opsByRow));
        opsByRow.forEach((row, count) -> assertTrue(row.contains(" graph ") || row.contains(" overlapped ")
                || count >= config.warmups() + config.reps(), row + ": " + count + " op calls"));
    }

    @Test
    void withoutSettlingThereIsNoSettlingNote() {
        List<String> notes = notes(Settling.NONE);
        assertTrue(notes.stream().noneMatch(n -> n.contains("warm-ups") || n.contains("did not pass")),
                String.valueOf(notes));
    }

    @Test
    void theNotesCountInTheSingularAndPluralAndGiveOneWarmUpCountOnce() {
        assertEquals("warm-ups ran 12 calls per op", BenchRun.warmUpNote(12, 12));
        assertEquals("warm-ups ran 12–250 calls per op", BenchRun.warmUpNote(12, 250));
        assertEquals("2 of 27 ops had a first window of reps that did not pass, a JIT compile running or off the pace"
                + " before it (gemm 3 windows, ace-step c4 eager 4 windows); 1 has no window that passed within 0.5 s"
                + " and reports its fastest window (the fastest without a JIT compile, if any): ace-step c4 eager",
                BenchRun.retimedNote(27, List.of("gemm 3 windows", "ace-step c4 eager 4 windows"),
                        List.of("ace-step c4 eager"), 500 * MS));
        assertEquals("1 of 27 ops had a first window of reps that did not pass, a JIT compile running or off the pace"
                + " before it (copy 2 windows)", BenchRun.retimedNote(27, List.of("copy 2 windows"), List.of(),
                500 * MS));
        assertTrue(BenchRun.retimedNote(3, List.of("a 1 window", "b 2 windows"), List.of("a", "b"), 500 * MS)
                .endsWith("; 2 have no window that passed within 0.5 s and report their fastest window (the fastest"
                        + " without a JIT compile, if any): a, b"));
    }
}
