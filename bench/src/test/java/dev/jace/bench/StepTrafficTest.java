package dev.jace.bench;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** StepTraffic, whose listings bench/RESULTS.md quotes, runs on the CPU and reports what a warm step asks for. */
class StepTrafficTest {

    private static final Pattern OP_LINE = Pattern.compile("(?m)^ +[0-9.]+ +[0-9.]+ ms  (\\w+)$");

    @Test
    void aStepReplayedWithTheDualUpdateOnTheDeviceOnlyCopiesInItsBatchAndQueuesItsReads() {
        String report = report("cpu", "c4", "2", "overlapped");
        assertTrue(report.startsWith("backend calls per warm ace step (cpu"), report);
        assertEquals(List.of("copyIn", "readLater"), ops(report), report);
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

    private static List<String> ops(String report) {
        Matcher m = OP_LINE.matcher(report);
        return m.results().map(r -> r.group(1)).toList();
    }
}
