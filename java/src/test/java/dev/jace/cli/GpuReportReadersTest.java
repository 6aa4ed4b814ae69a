package dev.jace.cli;

import dev.jace.cli.DeviceCeilings.Ceiling;
import dev.jace.io.FileFormatException;
import dev.jace.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The readers of {@code jace gpu-report}: bench, JMH and PyTorch JSON, the ceilings' conversions, clean errors. */
class GpuReportReadersTest {

    private static DeviceCeilings ceilings(Path dir, GpuReportFixture.Jmh jmh) throws IOException {
        return DeviceCeilings.from(JmhScore.readAll(jmh.write(dir)));
    }

    @Test
    void gemmScoreInMillisecondsGivesTwoNCubedOverTheScore(@TempDir Path dir) throws IOException {
        double ms = 2.75;
        Ceiling tf32 = ceilings(dir, new GpuReportFixture.Jmh().gemm("TF32", 8192, ms)).gemm().get("TF32");
        assertEquals(2.0 * 8192 * 8192 * 8192 / (ms * 1e-3) / 1e12, tf32.value(), 1e-9);
        assertEquals("TFLOP/s", tf32.unit());
        assertEquals("cuBLAS GEMM TF32, n = 8192", tf32.what());
    }

    @Test
    void theLargestGemmSizeIsTheCeiling(@TempDir Path dir) throws IOException {
        DeviceCeilings c = ceilings(dir, new GpuReportFixture.Jmh().gemm("BF16", 8192, 1.6).gemm("BF16", 4096, 0.1)
                .gemm("FP32", 4096, 3.0));
        assertEquals(2.0 * 8192 * 8192 * 8192 / 1.6e-3 / 1e12, c.gemm().get("BF16").value(), 1e-9);
        assertEquals("cuBLAS GEMM FP32, n = 4096", c.gemm().get("FP32").what());
        assertEquals(2, c.gemm().size());
    }

    @Test
    void copyScoreGivesBytesReadAndWrittenPerSecond(@TempDir Path dir) throws IOException {
        // 256 MiB read + 256 MiB written = 536870912 bytes in 134.217728 µs = 4000 GB/s; the 16 MiB copy (L2) and the
        // CPU copy do not count.
        DeviceCeilings c = ceilings(dir, new GpuReportFixture.Jmh().copy(16, 1.0).copy(256, 134.217728)
                .add("dev.jace.bench.DeviceCopyBench.copy", java.util.Map.of("backend", "cpu", "mebibytes", "1024"),
                        1.0, "us/op"));
        assertEquals(4000, c.copy().orElseThrow().value(), 1e-9);
        assertEquals("device copy, 256 MiB (read + write)", c.copy().orElseThrow().what());
    }

    @Test
    void launchScoresBecomeMicroseconds(@TempDir Path dir) throws IOException {
        DeviceCeilings c = ceilings(dir, new GpuReportFixture.Jmh().ffm("noopLaunch", 2300).ffm("version", 6.1)
                .add("dev.jace.bench.FfmOverheadBench.noopLaunchSync", null, 0.125, "ops/us"));
        assertEquals(2.3, c.launch().orElseThrow().value(), 1e-12);
        assertEquals(0.0061, c.downcall().orElseThrow().value(), 1e-12);
        assertEquals(8.0, c.launchAndSync().orElseThrow().value(), 1e-12);
        assertTrue(c.launchBurst().isEmpty(), "noopLaunch is not noopLaunchBurst");
        assertTrue(c.copy().isEmpty());
        assertTrue(c.gemm().isEmpty());

        c = ceilings(dir, new GpuReportFixture.Jmh().ffm("noopLaunchBurst", 1750));
        assertEquals(1.75, c.launchBurst().orElseThrow().value(), 1e-12);
        assertEquals("no-op kernel launch through FFM (bursts of 32 between drains)", c.launchBurst().get().what());
        assertTrue(c.launch().isEmpty(), "noopLaunchBurst is not noopLaunch");
    }

    @Test
    void aJmhLogGivesTheResultsOfTheBenchmarksItFinished(@TempDir Path dir) throws IOException {
        // JMH 1.37's console output (parts of a real run), ending in a fork stopped at the step's limit; a score of 0
        // (no JMH score) and a result cut off before its score are no results.
        Path log = Files.writeString(dir.resolve("14-jmh-ceilings.log"), String.join("\n",
                "# JMH version: 1.37",
                "# Benchmark: dev.jace.bench.DeviceCopyBench.copy",
                "# Parameters: (backend = cuda, mebibytes = 256)",
                "",
                "# Fork: 1 of 1",
                "# Warmup Iteration   1: workload: 536.871 MB per call (cuda:0)",
                "Iteration   1: 134.200 us/op",
                "",
                "Result \"dev.jace.bench.DeviceCopyBench.copy\":",
                "  134.206 ±(99.9%) 1.342 us/op [Average]",
                "  (min, avg, max) = (133.1, 134.2, 135.0), stdev = 0.5",
                "",
                "# Benchmark: dev.jace.bench.FfmOverheadBench.version",
                "",
                "Result \"dev.jace.bench.FfmOverheadBench.version\":",
                "  6,100 ns/op",
                "",
                "# Benchmark: dev.jace.bench.FfmOverheadBench.noopLaunch",
                "Result \"dev.jace.bench.FfmOverheadBench.noopLaunch\":",
                "  0.000 ns/op",
                "# Benchmark: dev.jace.bench.CublasGemmBench.gemm",
                "# Parameters: (precision = TF32, size = 8192)",
                "# Warmup Iteration   1: workload: 1099.51 GFLOP per call",
                "2026-12-02 18:36:28",
                "Full thread dump OpenJDK 64-Bit Server VM (25.0.3+9-LTS mixed mode):",
                "Result \"dev.jace.bench.CublasGemmBench.gemm\":"));
        List<JmhScore> scores = JmhScore.readLog(log);
        assertEquals(List.of(
                new JmhScore("dev.jace.bench.DeviceCopyBench.copy", Map.of("backend", "cuda", "mebibytes", "256"),
                        134.206, 1.342, "us/op"),
                new JmhScore("dev.jace.bench.FfmOverheadBench.version", Map.of(), 6.1, null, "ns/op")), scores);
        DeviceCeilings c = DeviceCeilings.from(scores);
        assertEquals(2 * 256.0 * 1024 * 1024 / 134.206e-6 / 1e9, c.copy().orElseThrow().value(), 1e-9);
        assertTrue(c.gemm().isEmpty());
    }

    @Test
    void jmhScoresKeepTheirParamsErrorAndUnit(@TempDir Path dir) throws IOException {
        List<JmhScore> scores = JmhScore.readAll(GpuReportFixture.Jmh.full().write(dir));
        assertEquals(8, scores.size());
        JmhScore gemm = scores.getFirst();
        assertTrue(gemm.is("CublasGemmBench.gemm"));
        assertEquals("FP32", gemm.param("precision"));
        assertEquals("8192", gemm.param("size"));
        assertEquals("ms/op", gemm.unit());
        assertEquals(0.01 * 21.99023255552, gemm.error(), 1e-15);
        assertNull(scores.get(1).error(), "JMH's \"NaN\" error reads as none");
        assertEquals("CublasGemmBench.gemm: 3 ms/op", "CublasGemmBench.gemm: " + scores.get(1).shown());
    }

    @Test
    void benchJsonReadsBackTheRowsItWasWrittenFrom(@TempDir Path dir) throws IOException {
        GpuReportFixture.Bench bench = new GpuReportFixture.Bench("TF32");
        BenchResults read = BenchResults.read(bench.write(dir));
        assertEquals(GpuReportFixture.MACHINE, read.machine());
        assertEquals("default", read.config());
        assertEquals(bench.rows(), read.rows());
        assertEquals(read.rows(), read.rows("cuda"));
        assertTrue(read.rows("cpu").isEmpty());
    }

    @Test
    void pytorchJsonReadsTheMedian(@TempDir Path dir) throws IOException {
        PytorchThroughput t = PytorchThroughput.read(GpuReportFixture.pytorch(dir, "bf16", 25000), "bf16");
        assertEquals(25000, t.medianImagesPerSecond());
        assertEquals("bf16", t.precision());
        assertEquals("c4", t.group());
        assertEquals(64, t.batch());
        assertEquals(8, t.probeSamples());
        assertEquals("cuda", t.device());
        assertEquals("2.5.1+cu124", t.torch());
    }

    @Test
    void pytorchJsonWithoutProbeSamplesReadsNone(@TempDir Path dir) throws IOException {
        Path file = GpuReportFixture.pytorch(dir, "fp32", 16000);
        Files.writeString(file, Files.readString(file).replace("\"probe_samples\": 8,", ""));
        assertNull(PytorchThroughput.read(file, "fp32").probeSamples());
    }

    /** The file of one precision's slot holding another's run, or a batch that is no count of images. */
    @Test
    void pytorchJsonOfAnotherPrecisionThanItsSlotOrAFractionalBatchIsRefused(@TempDir Path dir) throws IOException {
        String bf16 = Files.readString(GpuReportFixture.pytorch(dir, "bf16", 25000));
        Files.delete(dir.resolve("pytorch-c4-bf16.json"));
        Path fp32Slot = dir.resolve("pytorch-c4-fp32.json");
        Reader readFp32 = file -> PytorchThroughput.read(file, "fp32");
        assertEquals("precision is bf16, but pytorch-c4-fp32.json is the fp32 run's file: write it with p4cnn.py "
                + "throughput --precision fp32, or name it pytorch-c4-bf16.json", failure(fp32Slot, bf16, readFp32));
        FileFormatException e = assertThrows(FileFormatException.class, () -> GpuResults.read(dir));
        assertEquals(fp32Slot, e.file());
        // gpu-report reads no tf32 file, so renaming one would only hide it
        assertEquals("precision is tf32, but pytorch-c4-fp32.json is the fp32 run's file: write it with p4cnn.py "
                + "throughput --precision fp32 (gpu-report compares PyTorch's fp32 and bf16 runs only)",
                failure(fp32Slot, bf16.replace("\"precision\": \"bf16\"", "\"precision\": \"tf32\""), readFp32));

        String fp32 = bf16.replace("\"precision\": \"bf16\"", "\"precision\": \"fp32\"");
        assertEquals("batch should be a whole number >= 1, found 64.9",
                failure(fp32Slot, fp32.replace("\"batch\": 64", "\"batch\": 64.9"), readFp32));
        assertEquals("batch should be a whole number >= 1, found -64",
                failure(fp32Slot, fp32.replace("\"batch\": 64", "\"batch\": -64"), readFp32));
        assertEquals("batch should be a whole number >= 1, found 0",
                failure(fp32Slot, fp32.replace("\"batch\": 64", "\"batch\": 0"), readFp32));
        assertEquals("probe_samples should be a whole number >= 1, found 8.5",
                failure(fp32Slot, fp32.replace("\"probe_samples\": 8", "\"probe_samples\": 8.5"), readFp32));
        Files.writeString(fp32Slot, fp32.replace("\"batch\": 64", "\"batch\": 1"));
        assertEquals(1, PytorchThroughput.read(fp32Slot, "fp32").batch(), "a batch of one is a count");
    }

    private static String failure(Path file, String content, Reader reader) throws IOException {
        Files.writeString(file, content);
        FileFormatException e = assertThrows(FileFormatException.class, () -> reader.read(file));
        assertEquals(file, e.file());
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        return e.getMessage().substring(file.toString().length() + 2);
    }

    @Test
    void benchJsonReadsMachinesWithAndWithoutTheRunsDateAndCpuDetails(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bench-FP32.json");
        String old = "{\"machine\": {\"cpu\": \"AMD EPYC\", \"cores\": 2, \"jvm\": \"j\", \"gpu\": \"g\"}, "
                + "\"config\": \"default\", \"rows\": []}";
        Files.writeString(file, old);
        assertEquals(new MachineInfo("AMD EPYC", 2, "j", "g"), BenchResults.read(file).machine(), "a file from before");

        for (MachineInfo machine : List.of(GpuReportFixture.DETAILED_MACHINE, new MachineInfo(new CpuInfo("aarch64",
                null, null, null, null, null, null), 4, "j", "g", "0.1.0", "2026-12-01T00:00:00Z"))) {
            Files.writeString(file, Json.writePretty(Map.of("machine", machine.toJson(), "config", "default",
                    "rows", List.of())));
            assertEquals(machine, BenchResults.read(file).machine());
        }
        Files.writeString(file, old.replace("\"cores\": 2", "\"logicalCpus\": 2, \"simd\": {\"avx2\": 1}"));
        assertEquals("machine.simd: field 'avx2' should be true or false, found a number",
                failure(file, Files.readString(file), BenchResults::read));
    }

    interface Reader {
        void read(Path file) throws IOException;
    }

    @Test
    void malformedFilesAreErrorsNamingTheFileAndTheProblem(@TempDir Path dir) throws IOException {
        Path bench = dir.resolve("bench-FP32.json");
        Reader readBench = BenchResults::read;
        assertTrue(failure(bench, "{\"machine\": {", readBench).startsWith("malformed JSON: JSON parse error at line 1"));
        assertEquals("the top level should be a JSON object, found an array", failure(bench, "[]", readBench));
        assertEquals("field 'machine' is missing", failure(bench, "{\"rows\": []}", readBench));
        String machine = "{\"cpu\": \"x\", \"cores\": 2, \"jvm\": \"j\", \"gpu\": \"g\"}";
        assertEquals("rows should be a JSON array, found an object", failure(bench,
                "{\"machine\": " + machine + ", \"config\": \"default\", \"rows\": {}}", readBench));
        String row = "{\"backend\": \"cuda\", \"op\": \"copy\", \"group\": \"-\", \"shape\": \"1\", \"precision\": "
                + "\"FP32\", \"algorithm\": \"-\", \"minMs\": 1, \"work\": 8, \"unit\": \"GB/s\", \"ratio\": null";
        String doc = "{\"machine\": " + machine + ", \"config\": \"default\", \"rows\": [" + row
                + ", \"medianMs\": 1}, " + row + "}]}";
        assertEquals("rows[1]: field 'medianMs' is missing", failure(bench, doc, readBench));
        assertEquals("rows[0]: field 'medianMs' should be a number, found the string \"fast\"", failure(bench,
                doc.replace("\"medianMs\": 1", "\"medianMs\": \"fast\""), readBench));
        String forty = "x".repeat(40);
        assertEquals("rows[0]: field 'medianMs' should be a number, found the string \"" + forty + "\"",
                failure(bench, doc.replace("\"medianMs\": 1", "\"medianMs\": \"" + forty + "\""), readBench));
        assertEquals("rows[0]: field 'medianMs' should be a number, found the string \"" + forty + "…\"",
                failure(bench, doc.replace("\"medianMs\": 1", "\"medianMs\": \"" + forty + "y\""), readBench),
                "a longer string is cut after 40 characters");
        assertEquals("rows[0]: medianMs and work should be positive, found 0.0 and 8.0", failure(bench,
                doc.replace("\"medianMs\": 1", "\"medianMs\": 0"), readBench));
        String noted = "{\"machine\": " + machine + ", \"config\": \"default\", \"rows\": [], \"notes\": [\"a\", 7]}";
        assertTrue(failure(bench, noted, readBench).startsWith("notes should hold strings, found 7"),
                failure(bench, noted, readBench));
        assertEquals("rows[0]: medianMs and work should be positive, found 1.0 and 0.0", failure(bench,
                doc.replace("\"work\": 8, \"unit\": \"GB/s\", \"ratio\": null, \"medianMs\": 1",
                        "\"work\": 0, \"unit\": \"GB/s\", \"ratio\": null, \"medianMs\": 1"), readBench));

        Path jmh = dir.resolve("jmh-ceilings.json");
        Reader readJmh = JmhScore::readAll;
        assertEquals("the top level should be a JSON array, found an object", failure(jmh, "{}", readJmh));
        assertEquals("[0]: field 'primaryMetric' is missing", failure(jmh, "[{\"benchmark\": \"a.B.c\"}]", readJmh));
        assertEquals("[0].primaryMetric: scoreUnit \"furlongs\" is not a JMH time unit (s, ms, us, ns) per op or ops "
                + "per time unit", failure(jmh, "[{\"benchmark\": \"a.B.c\", \"primaryMetric\": {\"score\": 1, "
                + "\"scoreUnit\": \"furlongs\"}}]", readJmh));
        assertEquals("[0].primaryMetric: score should be positive, found -1.0", failure(jmh, "[{\"benchmark\": "
                + "\"a.B.c\", \"primaryMetric\": {\"score\": -1, \"scoreUnit\": \"ms/op\"}}]", readJmh));
        assertEquals("[0].primaryMetric: score should be positive, found 0.0", failure(jmh, "[{\"benchmark\": "
                + "\"a.B.c\", \"primaryMetric\": {\"score\": 0, \"scoreUnit\": \"ms/op\"}}]", readJmh));

        Path torch = dir.resolve("pytorch-c4-fp32.json");
        Reader readTorch = file -> PytorchThroughput.read(file, "fp32");
        assertEquals("field 'median_images_per_s' is missing", failure(torch, "{\"device\": \"cuda\"}", readTorch));
        assertEquals("median_images_per_s should be positive, found 0.0", failure(torch,
                "{\"median_images_per_s\": 0}", readTorch));

        Files.write(bench, new byte[] {'{', (byte) 0xff, '}'});
        FileFormatException notText = assertThrows(FileFormatException.class, () -> BenchResults.read(bench));
        assertEquals(bench + ": not UTF-8 text", notText.getMessage());
    }

    @Test
    void aSizeParameterThatIsNoNumberIsAnError(@TempDir Path dir) throws IOException {
        GpuReportFixture.Jmh jmh = new GpuReportFixture.Jmh().add("dev.jace.bench.CublasGemmBench.gemm",
                java.util.Map.of("precision", "TF32", "size", "big"), 1.0, "ms/op");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ceilings(dir, jmh));
        assertEquals("CublasGemmBench.gemm: parameter size = \"big\" is not a positive whole number", e.getMessage());
        GpuReportFixture.Jmh zero = new GpuReportFixture.Jmh().add("dev.jace.bench.CublasGemmBench.gemm",
                java.util.Map.of("precision", "TF32", "size", "0"), 1.0, "ms/op");
        assertEquals("CublasGemmBench.gemm: parameter size = \"0\" is not a positive whole number",
                assertThrows(IllegalArgumentException.class, () -> ceilings(dir, zero)).getMessage());
    }

    private static Map<String, String> groupConv(String backend, String precision, String algorithm) {
        return Map.of("backend", backend, "precision", precision, "algorithm", algorithm, "group", "D4", "shape",
                "32x8x8x64x3");
    }

    /**
     * The ratio's cases are GroupConvBench's CUDA scores alone (not the CPU's, not another suite's), and a case's
     * ratio is EXPANDED's time over DIRECT's: 3 ms over 2.
     */
    @Test
    void groupConvRunsKeepCudaGroupConvBenchScoresAndDivideExpandedByDirect() throws IOException {
        String forward = "dev.jace.bench.GroupConvBench.forward";
        GroupConvRuns runs = GroupConvRuns.of("jmh-groupconv.json", List.of(
                new JmhScore(forward, groupConv("cuda", "TF32", "DIRECT"), 2.0, null, "ms/op"),
                new JmhScore(forward, groupConv("cuda", "TF32", "EXPANDED"), 3000, null, "us/op"),
                new JmhScore(forward, groupConv("cpu", "FP32", "DIRECT"), 50.0, null, "ms/op"),
                new JmhScore("dev.jace.bench.LiftingConvBench.forward", groupConv("cuda", "BF16", "DIRECT"), 1.0, null,
                        "ms/op")), Optional.empty());
        assertEquals(List.of("TF32"), runs.precisions());
        assertEquals(List.of(new GroupConvRuns.Row("TF32", "D4", "32x8x8x64x3", "forward", 2.0, 3.0)),
                runs.rows("TF32"));
        assertEquals(1.5, runs.rows("TF32").getFirst().ratio(), 1e-12);
    }

    @Test
    void figuresRoundToSignificantDigitsWithoutExponents() {
        assertEquals("366.5", Figures.significant(366.503875925, 4));
        assertEquals("4000", Figures.significant(4000.2, 4));
        assertEquals("0.0061", Figures.significant(0.0061, 3));
        assertEquals("2.3", Figures.significant(2.2999999999, 3));
        assertEquals("1200000", Figures.significant(1.2e6, 4));
        assertEquals("0.970", Figures.fixed(0.97, 3));
        assertEquals("77.5%", Figures.percent(0.775));
    }

    /** A figure near a threshold keeps the digits that show its side: below, on or above it. */
    @Test
    void figuresBesideAThresholdShowWhichSideTheyAreOn() {
        assertEquals("0.9996", Figures.fixedBeside(0.9996, 3, 1.0));
        assertEquals("1.000", Figures.fixedBeside(1.0, 3, 1.0));
        assertEquals("1.0004", Figures.fixedBeside(1.0004, 3, 1.0));
        assertEquals("1.200", Figures.fixedBeside(1.2, 3, 1.0));
        // 0.79998 is 79.998%: 80.0% would read as met; 0.002 points short, not 0.0.
        assertEquals("79.998%", Figures.percentBeside(0.79998, 0.8));
        assertEquals("0.002", Figures.pointsShort(0.79998, 0.8));
        assertEquals("75.0%", Figures.percentBeside(0.75, 0.8));
        assertEquals("5.0", Figures.pointsShort(0.75, 0.8));
        // 240 / 400 is 0.6 exactly: on the threshold, shown on it.
        assertEquals("60.0%", Figures.percentBeside(240.0 / 400, 0.6));
        // A margin of 0.0001 is above 0 and below 5%; 0.04999 below 5%, not 5.0%.
        assertEquals("0.01%", Figures.percentBeside(0.0001, 0, 0.05));
        assertEquals("4.999%", Figures.percentBeside(0.04999, 0, 0.05));
        assertEquals("0.0%", Figures.percentBeside(0, 0, 0.05));
        assertEquals("1.001", Figures.significantBeside(1.001, 1.0, 3));
        assertEquals("1.0001", Figures.significantBeside(1.0001, 1.0, 3), "two digits more, one at a time");
        assertEquals("79.9998%", Figures.percentBeside(0.799998, 0.8), "three decimals more, one at a time");
        assertEquals("0.8", Figures.significantBeside(0.8, 1.0, 3));
        assertEquals("NaN", Figures.percentBeside(Double.NaN, 0.8));
    }
}
