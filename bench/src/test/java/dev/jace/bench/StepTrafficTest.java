package dev.jace.bench;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** StepTraffic, whose listings bench/RESULTS.md quotes, runs on the CPU and reports what a warm step asks for. */
class StepTrafficTest {

    private static final Pattern OP_LINE = Pattern.compile("(?m)^ +[0-9.]+ +[0-9.]+ ms  (\\w+)$");

    /** Its batch and targets copied in, its learning rate and constraint weights published, one replay, five reads. */
    @Test
    void aStepReplayedWithTheDualUpdateOnTheDeviceOnlyCopiesInItsBatchAndQueuesItsReads() {
        String report = report("cpu", "c4", "2", "overlapped");
        assertTrue(report.startsWith("backend calls per warm ace step (cpu"), report);
        assertEquals(List.of("copyIn", "publish", "readLater", "replay"), ops(report), report);
        assertTrue(report.contains("\n     1.0  publish @ constraint.DeviceDual.publish:"), report);
        assertTrue(Pattern.compile("(?m)^     5\\.0 +[0-9.]+ ms  readLater$").matcher(report).find(), report);
    }

    /**
     * An overlapped step reads the step before it, whose reads have the step just enqueued queued behind them: five
     * waits per step (loss, logits and labels through {@code Backend.readLater}, the dual state and the relaxation
     * magnitudes through {@code DeviceScalars.readLater}), none of them a round trip.
     */
    @Test
    void anOverlappedStepWaitsOnlyForTheStepBeforeIt() {
        String report = report("cpu", "c4", "2", "overlapped");
        String waits = waits(report);
        assertTrue(waits.contains("\n     0.0     0.000 ms  roundTrip\n"), waits);
        assertTrue(Pattern.compile("(?m)^     5\\.0 +[0-9.]+ ms  overlapped$").matcher(waits).find(), waits);
        assertTrue(waits.contains("host waits, by the jace line that waited\n"), waits);
        assertFalse(waits.contains("roundTrip @"), waits);
    }

    /** Waiting for the step just enqueued, as an eager step reads its own record, is a round trip every time. */
    @Test
    void anEagerStepWaitsForItselfOnly() {
        String waits = waits(report("cpu", "c4", "2", "eager"));
        assertTrue(Pattern.compile("(?m)^ +[1-9][0-9]*\\.[0-9] +[0-9.]+ ms  roundTrip$").matcher(waits).find(), waits);
        assertTrue(waits.contains("\n     0.0     0.000 ms  overlapped\n"), waits);
    }

    @Test
    void anEagerStepReadsToTheHostOnlyAfterItsLastUpdate() {
        String report = report("cpu", "c4", "2", "eager");
        assertTrue(ops(report).containsAll(List.of("adamStep", "conv2d", "equivarianceDeviation")), report);
        String split = report.substring(report.indexOf("host transfers before | after the step's last adamStep"));
        for (String waitsOrAllocates : List.of("allocate", "synchronize", "upload")) {
            assertTrue(split.contains("     0.0 |   0.0  " + waitsOrAllocates + "\n"), split);
        }
        assertTrue(Pattern.compile("(?m)^     0\\.0 \\| +[1-9][0-9]*\\.[0-9]  download$").matcher(split).find(), split);
    }

    private static String report(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StepTraffic.report(args, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The report from its host-wait table on. */
    private static String waits(String report) {
        int from = report.indexOf("host waits per warm step");
        assertTrue(from >= 0, report);
        return report.substring(from);
    }

    /** The ops of the calls table. */
    private static List<String> ops(String report) {
        Matcher m = OP_LINE.matcher(report.substring(0, report.indexOf("host transfers and allocations")));
        return m.results().map(r -> r.group(1)).toList();
    }
}
