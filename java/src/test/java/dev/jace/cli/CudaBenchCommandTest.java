package dev.jace.cli;

import dev.jace.backend.cuda.GpuAssumptions;
import dev.jace.io.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code jace bench --backend cuda}: every op on every route, timed in reps of back-to-back calls. */
@Tag("gpu")
class CudaBenchCommandTest {

    private static final Pattern CALLS = Pattern.compile("cuda FP32: each timed rep ran its call (\\d+)(?:–(\\d+))?"
            + " times back to back \\(as many as fill 2 ms, at most 1000\\) before one synchronize; times are per call");

    @BeforeEach
    void requireGpu() {
        GpuAssumptions.assumeCuda();
    }

    @Test
    void quickCudaRunTimesEveryOpInRepsOfBackToBackCalls(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("bench.json");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine(new PrintWriter(out), new PrintWriter(err), true);
        int exit = commandLine.execute("bench", "--quick", "--backend", "cuda", "--json", json.toString());
        assertEquals(0, exit, err.toString());

        Map<String, Object> doc = Json.parseObject(Files.readString(json));
        assertEquals(true, doc.get("complete"));
        List<Map<?, ?>> rows = ((List<?>) doc.get("rows")).stream().<Map<?, ?>>map(r -> (Map<?, ?>) r).toList();
        assertEquals(Set.of("lifting-fwd", "lifting-bwd-data", "lifting-bwd-filter", "group-conv-fwd",
                "group-conv-bwd-data", "group-conv-bwd-filter", "deviation", "group-action", "copy", "gemm",
                "p4cnn-fwd-bwd", "ace-step"), rows.stream().map(r -> r.get("op")).collect(Collectors.toSet()));
        for (Map<?, ?> row : rows) {
            assertEquals("cuda", row.get("backend"), row.toString());
            double median = (Double) row.get("medianMs");
            double min = (Double) row.get("minMs");
            assertTrue(median > 0 && min > 0 && min <= median && Double.isFinite(median), row.toString());
        }
        assertEquals(9, rows.stream().filter(r -> String.valueOf(r.get("algorithm")).startsWith("AUTO:")).count(),
                "an autotuned row per convolution: " + rows);

        List<String> calls = ((List<?>) doc.get("notes")).stream().map(String::valueOf)
                .filter(n -> n.contains("back to back")).toList();
        assertEquals(1, calls.size(), doc.get("notes").toString());
        Matcher m = CALLS.matcher(calls.getFirst());
        assertTrue(m.matches(), calls.getFirst());
        int fewest = Integer.parseInt(m.group(1));
        int most = m.group(2) == null ? fewest : Integer.parseInt(m.group(2));
        assertTrue(1 <= fewest && fewest <= most && most <= RepTimer.MAX_CALLS_PER_REP && most > 1, calls.getFirst());
    }
}
