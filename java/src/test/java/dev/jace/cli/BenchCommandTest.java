package dev.jace.cli;

import dev.jace.backend.cpu.CpuBackend;
import dev.jace.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchCommandTest {

    private static final Set<String> OPS = Set.of("lifting-fwd", "lifting-bwd-data", "lifting-bwd-filter", "group-conv-fwd", "group-conv-bwd-data",
            "group-conv-bwd-filter", "deviation", "group-action", "copy", "gemm", "p4cnn-fwd-bwd", "ace-step");

    /** Columns: backend op group shape precision algorithm median_ms min_ms rate unit ratio ceiling. */
    private static List<String[]> tableRows(String out) {
        return out.lines().filter(l -> l.startsWith("cpu ")).map(l -> l.trim().split("\\s+")).toList();
    }

    /**
     * --help said that on the CPU each op is warmed up until HotSpot's compiler has gone quiet and retimed, which
     * --quick (on the CPU too) does not do: it runs its one warm-up and one window.
     */
    @Test
    void theHelpSaysThatQuickDoesNotSettleTheCpuOps() {
        assertFalse(BenchConfig.QUICK.cpuSettling().retimes() || BenchConfig.QUICK.cpuSettling().quietNanos() > 0);
        String help = CliRuns.discardingOutput().getSubcommands().get("bench")
                .getUsageMessage(CommandLine.Help.Ansi.OFF).replaceAll("\\s+", " ");
        assertTrue(help.contains("On the CPU (not with --quick) each op is warmed up until HotSpot's compiler has gone"
                + " quiet"), help);
    }

    @Test
    void aJsonPathThatCannotBeWrittenIsRefusedBeforeTimingAnything(@TempDir Path dir) {
        Path json = dir.resolve("missing/bench.json");
        CliRuns.Output refused = CliRuns.inThisJvm("bench", "--quick", "--backend", "cpu", "--json", json.toString());

        assertEquals(2, refused.exitCode(), refused.err());
        assertTrue(refused.err().startsWith("--json " + json + ": no such folder "), refused.err());
        assertEquals("", refused.out());
    }

    @Test
    void aJsonPathHoldingAnotherKindOfFileIsRefusedAndLeftAsItWas(@TempDir Path dir) throws IOException {
        Path notes = Files.writeString(dir.resolve("compare.md"), "| method | test mse |\n");
        Path other = Files.writeString(dir.resolve("other.json"), "{\"rows\": []}");
        for (Path file : List.of(notes, other)) {
            String before = Files.readString(file);
            CliRuns.Output refused = CliRuns.inThisJvm("bench", "--quick", "--backend", "cpu", "--json",
                    file.toString());
            assertEquals(2, refused.exitCode(), refused.err());
            assertTrue(refused.err().startsWith("--json " + file + " exists and is not a jace bench JSON; bench"
                    + " replaces only its own, so give another file or remove it"), refused.err());
            assertEquals("", refused.out());
            assertEquals(before, Files.readString(file));
        }
    }

    @Test
    void quickCpuRunPrintsTheTableAndWritesMatchingJson(@TempDir Path dir) throws Exception {
        Path json = Files.createFile(dir.resolve("bench.json")); // empty: taken as new
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine(new PrintWriter(out), new PrintWriter(err), true);
        int exit = commandLine.execute("bench", "--quick", "--backend", "cpu", "--json", json.toString());
        String text = out.toString();
        assertEquals(0, exit, err.toString());
        assertTrue(text.startsWith("machine: cpu "), text);
        assertTrue(text.contains(" logical CPUs, "), text);
        assertTrue(text.lines().findFirst().orElseThrow().contains("; jace " + VersionInfo.jaceVersion() + "; run 20"),
                text);
        assertTrue(text.lines().anyMatch(l -> l.matches("backend\\s+op\\s+group\\s+shape\\s+precision\\s+algorithm"
                + "\\s+median_ms\\s+min_ms\\s+rate\\s+unit\\s+ratio\\s+ceiling")), text);
        assertTrue(text.contains("\npeak: cpu FP32 not measured (--quick measures none)\n"), text);

        List<String[]> rows = tableRows(text);
        List<String> table = text.lines().filter(l -> l.startsWith("backend ") || l.startsWith("cpu ")).toList();
        assertEquals(1, table.stream().map(String::length).distinct().count(), "aligned, ceiling the last: " + text);
        Set<String> ops = new HashSet<>();
        for (String[] row : rows) {
            assertEquals(12, row.length, String.join(" ", row));
            ops.add(row[1]);
            double median = Double.parseDouble(row[6]);
            double min = Double.parseDouble(row[7]);
            double rate = Double.parseDouble(row[8]);
            for (double v : new double[] {median, min, rate}) {
                assertTrue(Double.isFinite(v) && v > 0, String.join(" ", row));
            }
            assertTrue(min <= median, String.join(" ", row));
        }
        assertEquals(OPS, ops);
        assertEquals(rows.size(), err.toString().lines().filter(l -> l.startsWith("measured cpu ")).count(),
                err.toString());
        assertEquals(List.of("eager", "graph", "overlapped"), rows.stream().filter(r -> r[1].equals("ace-step")).map(r -> r[5])
                .toList());
        String[] step = rows.stream().filter(r -> r[1].equals("ace-step")).findFirst().orElseThrow();
        assertEquals("img/s", step[9]);
        // Per step, though each timed call runs BenchRun.STEPS_PER_CALL steps: one batch of images per median_ms.
        int images = Integer.parseInt(step[3].split(",")[0]);
        // The table prints the median with 5 significant digits and the rate with 4.
        assertEquals(images / (Double.parseDouble(step[6]) * 1e-3), Double.parseDouble(step[8]),
                1e-3 * Double.parseDouble(step[8]), String.join(" ", step));

        Map<String, Object> doc = Json.parseObject(Files.readString(json));
        assertTrue(BenchCommand.isBenchJson(json), "a later bench may replace it");
        assertEquals(true, doc.get("complete"));
        assertEquals(ConvKernelsVariable.of(System.getenv()), doc.get("convKernels"),
                "the JACE_CONV_KERNELS value it ran under");
        assertEquals(Optional.of(doc.get("convKernels")), BenchResults.read(json).convKernels());
        List<?> jsonRows = (List<?>) doc.get("rows");
        assertEquals(rows.size(), jsonRows.size());
        assertEquals("cpu", ((Map<?, ?>) jsonRows.getFirst()).get("backend"));
        Map<?, ?> machine = (Map<?, ?>) doc.get("machine");
        assertTrue(machine.get("cpu") instanceof String);
        assertEquals(VersionInfo.jaceVersion(), machine.get("jace"));
        assertTrue(text.startsWith("machine: ") && text.lines().findFirst().orElseThrow().endsWith(
                "; run " + machine.get("date")), "the line's date is the JSON's: " + machine);
        try (CpuBackend cpu = new CpuBackend()) {
            assertEquals(cpu.name(), ((Map<?, ?>) doc.get("expandedBackends")).get("cpu"),
                    "the backend of the EXPANDED rows");
        }
        Map<?, ?> jsonStep = jsonRows.stream().map(r -> (Map<?, ?>) r).filter(r -> "ace-step".equals(r.get("op")))
                .findFirst().orElseThrow();
        assertEquals((double) images, (Double) jsonStep.get("work"), 0.0, jsonStep.toString());
        int pairs = 0;
        for (Object o : jsonRows) {
            Map<?, ?> row = (Map<?, ?>) o;
            if (!"DIRECT".equals(row.get("algorithm"))) {
                continue;
            }
            Map<?, ?> baseline = jsonRows.stream().map(r -> (Map<?, ?>) r)
                    .filter(r -> "EXPANDED".equals(r.get("algorithm")) && r.get("op").equals(row.get("op"))
                            && r.get("group").equals(row.get("group")) && r.get("shape").equals(row.get("shape")))
                    .findFirst().orElseThrow();
            double expected = (Double) baseline.get("medianMs") / (Double) row.get("medianMs");
            assertEquals(expected, (Double) row.get("ratio"), 1e-12 * expected, row.toString());
            assertEquals(1.0, (Double) baseline.get("ratio"), 0.0);
            pairs++;
        }
        assertEquals(9, pairs);
        // --quick measures no CPU peak, so only the GB/s rows have a ceiling: their backend's copy row.
        assertEquals(Map.of("unmeasured", "--quick measures none"), doc.get("cpuPeak"));
        double copyRate = jsonRows.stream().map(r -> (Map<?, ?>) r).filter(r -> "copy".equals(r.get("op")))
                .map(r -> (Double) r.get("rate")).findFirst().orElseThrow();
        int withCeiling = 0;
        for (Object o : jsonRows) {
            Map<?, ?> row = (Map<?, ?>) o;
            if ("GB/s".equals(row.get("unit")) && !"copy".equals(row.get("op"))) {
                assertEquals((Double) row.get("rate") / copyRate, (Double) row.get("ceiling"), 1e-12, row.toString());
                withCeiling++;
            } else {
                assertTrue(row.containsKey("ceiling") && row.get("ceiling") == null, row.toString());
            }
        }
        assertEquals(2, withCeiling, "the deviation and the group action");
        for (String[] row : rows) {
            if (row[5].equals("DIRECT")) {
                String[] baseline = rows.stream().filter(r -> r[5].equals("EXPANDED") && r[1].equals(row[1])
                        && r[2].equals(row[2]) && r[3].equals(row[3])).findFirst().orElseThrow();
                double expected = Double.parseDouble(baseline[6]) / Double.parseDouble(row[6]);
                // The table prints the ratio with 3 decimals and the medians with 5 significant digits.
                assertEquals(expected, Double.parseDouble(row[10]), 0.0005 + 2e-4 * expected, String.join(" ", row));
            } else if (row[5].equals("-")) {
                assertEquals("-", row[10]);
            }
        }
    }

    /** Each column is as wide as its widest entry, the header's included: AUTO:EXPANDED is wider than "algorithm". */
    @Test
    void theTableSizesEachColumnToItsWidestEntry() {
        List<BenchRow> rows = List.of(
                new BenchRow("cuda", "group-conv-fwd", "d4", "16,16,16,28,3", "TF32", "AUTO:EXPANDED", 0.5, 0.4,
                        1e8, "GFLOP/s", 1.25),
                new BenchRow("cuda", "copy", "-", "16777216", "TF32", "-", 2.0, 1.5, 4e9, "GB/s", null));
        assertEquals(List.of(
                "backend op             group shape         precision algorithm     median_ms  min_ms  rate unit "
                        + "   ratio ceiling",
                "cuda    group-conv-fwd d4    16,16,16,28,3 TF32      AUTO:EXPANDED   0.50000 0.40000 200.0 GFLOP/s "
                        + "1.250       -",
                "cuda    copy           -     16777216      TF32      -                2.0000  1.5000  2000 GB/s    "
                        + "    -       -"),
                BenchCommand.table(rows, BenchCeilings.of(rows, Optional.of(500.0))));
    }

    @Test
    void aRunStoppedPartWayLeavesTheRowsItMeasuredInItsJson(@TempDir Path dir) throws Exception {
        // As a device check stops a step at its limit: killed, with no chance to write anything at the end.
        Path json = dir.resolve("bench.json");
        Path log = dir.resolve("bench.log");
        Process child = CliRuns.startChild(List.of("bench", "--quick", "--backend", "cpu", "--json", json.toString()),
                log);
        long measured;
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            do {
                assertTrue(child.isAlive(), "the bench ended before it was stopped:\n" + Files.readString(log));
                assertTrue(System.nanoTime() < deadline, "no rows in 120 s:\n" + Files.readString(log));
                Thread.sleep(5);
                measured = Files.readString(log).lines().filter(l -> l.startsWith("measured cpu ")).count();
            } while (measured < 3);
        } finally {
            child.destroyForcibly().waitFor();
        }
        measured = Files.readString(log).lines().filter(l -> l.startsWith("measured cpu ")).count();
        Map<String, Object> doc = Json.parseObject(Files.readString(json));
        assertEquals(false, doc.get("complete"));
        int rows = ((List<?>) doc.get("rows")).size();
        // Each row is written just after its line; the kill may fall between the two.
        assertTrue(rows >= measured - 1 && rows <= measured && rows >= 2, rows + " rows, " + measured + " lines");
        assertTrue(BenchCommand.isBenchJson(json), "a later bench may replace it");
        BenchResults read = BenchResults.read(json);
        assertFalse(read.complete());
        assertEquals(rows, read.rows("cpu").size());
    }

    /**
     * --json /dev/stdout, piped or redirected to a file, leaves stdout one JSON document, written at the end, the
     * table going to stderr: the JSON was written after every row between the table's lines, 28 documents, and where
     * stdout was a file it was renamed over, the process writing on to the deleted file and a stray "out (deleted)".
     */
    @Test
    void jsonToStandardOutputIsOneDocumentAndTheTableGoesToStderr(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        Path err = dir.resolve("err");
        for (boolean toFile : List.of(false, true)) {
            ProcessBuilder builder = new ProcessBuilder(CliRuns.javaCommand(List.of("bench", "--quick", "--backend",
                    "cpu", "--json", "/dev/stdout"))).redirectError(err.toFile());
            if (toFile) {
                builder.redirectOutput(out.toFile());
            }
            Process child = builder.start();
            byte[] piped = child.getInputStream().readAllBytes();
            assertTrue(child.waitFor(300, TimeUnit.SECONDS));
            String stderr = Files.readString(err);
            assertEquals(0, child.exitValue(), stderr);
            String stdout = toFile ? Files.readString(out) : new String(piped, StandardCharsets.UTF_8);
            Map<String, Object> doc = Json.parseObject(stdout);
            assertEquals(true, doc.get("complete"), stdout);
            assertEquals(tableRows(stderr).size(), ((List<?>) doc.get("rows")).size(), stderr);
            assertTrue(stderr.lines().anyMatch(l -> l.startsWith("backend ")), stderr);
            assertTrue(stderr.startsWith("machine: cpu "), stderr);
            assertTrue(stderr.endsWith("wrote /dev/stdout" + System.lineSeparator()), stderr);
            try (Stream<Path> files = Files.list(dir)) {
                assertEquals(toFile ? List.of(err, out) : List.of(err), files.sorted().toList());
            }
        }
    }
}
