package dev.jace.cli;

import dev.jace.cli.CliRuns.Output;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CpuReportCommandTest {

    @TempDir
    Path dir;

    private static String entry(String benchmark, String params, double score, String unit) {
        return entry(benchmark, params, score, unit, "[[" + score + "]]");
    }

    private static String entry(String benchmark, String params, double score, String unit, String rawData) {
        return "{\"benchmark\": \"dev.jace.bench." + benchmark + "\", \"mode\": \"avgt\", \"threads\": 1, "
                + "\"forks\": 1, \"params\": {" + params + "}, \"primaryMetric\": {\"score\": " + score
                + ", \"scoreError\": \"NaN\", \"scoreUnit\": \"" + unit + "\", \"rawData\": " + rawData + "}, "
                + "\"secondaryMetrics\": {}}";
    }

    private static String conv(String backend, String group, String shape) {
        return "\"backend\": \"" + backend + "\", \"precision\": \"FP32\", \"algorithm\": \"DIRECT\", \"group\": \""
                + group + "\", \"shape\": \"" + shape + "\"";
    }

    /**
     * C4 group conv 1x8x8x28x3: 2·1·8·4·28²·(8·4·9) = 14,450,688 FLOP, in 0.1 ms 144.50688 GFLOP/s; C4 lifting conv
     * 32x8x32x28x3: 2·32·32·4·28²·(8·9) = 462,422,016 FLOP, in 2000 µs 231.211008 GFLOP/s; the peak: its best
     * iteration's 66,000 calls a second (the mean of its three, JMH's score, is 63,000) of 2·12·327,680 FLOP,
     * 519.04512 GFLOP/s. A CUDA score beside them is not the CPU's.
     */
    private Path run(boolean withPeak) throws IOException {
        String peak = withPeak ? ", " + entry("CpuPeakBench.fmaChains", "", 63000, "ops/s",
                "[[58000.0, 66000.0, 65000.0]]") : "";
        // JMH's order, not the report's (suite, pass, algorithm, group, shape).
        return Files.writeString(dir.resolve("jmh.json"), "[" + String.join(", ",
                entry("LiftingConvBench.forward", conv("cpu", "C4", "32x8x32x28x3"), 2000, "us/op"),
                entry("GroupConvBench.backwardFilter", conv("cpu", "C4", "1x8x8x28x3"), 0.1, "ms/op"),
                entry("GroupConvBench.forward", conv("cuda", "D4", "128x128x128x7x3"), 0.5, "ms/op")) + peak + "]");
    }

    @Test
    void eachCpuConvolutionGetsItsShareOfThePeakMeasuredInTheSameRun() throws IOException {
        Output run = CliRuns.inThisJvm("cpu-report", run(true).toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(List.of(
                "CPU FP32 peak: 519.0 GFLOP/s (CpuPeakBench's best iteration in the same run); 30% of it: 155.7 "
                        + "GFLOP/s.",
                "",
                "| suite | pass | algorithm | group | shape | ms | GFLOP/s | % of peak |",
                "| --- | --- | --- | --- | --- | --- | --- | --- |",
                "| GroupConvBench | backwardFilter | DIRECT | C4 | 1x8x8x28x3 | 0.1 | 144.5 | 27.8% |",
                "| LiftingConvBench | forward | DIRECT | C4 | 32x8x32x28x3 | 2 | 231.2 | 44.5% |",
                "",
                "1 of 2 at 30% of the peak or more (27.8–44.5%); below: GroupConvBench backwardFilter DIRECT C4 "
                        + "1x8x8x28x3 27.8%."), run.out().lines().toList());
    }

    /** The report of {@code files} against the peak given, which must succeed, as lines. */
    private static List<String> reportWithPeak(String peak, Path... files) {
        List<String> args = new ArrayList<>(List.of("cpu-report", "--peak", peak));
        Arrays.stream(files).map(Path::toString).forEach(args::add);
        Output run = CliRuns.inThisJvm(args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.err());
        return run.out().lines().toList();
    }

    @Test
    void aGivenPeakReplacesTheMeasuredOne() throws IOException {
        List<String> lines = reportWithPeak("289.01376", run(true));
        assertEquals("CPU FP32 peak: 289.0 GFLOP/s (given with --peak); 30% of it: 86.7 GFLOP/s.", lines.getFirst());
        assertTrue(lines.get(4).endsWith("| 144.5 | 50.0% |"), lines.get(4));
        assertTrue(lines.get(5).endsWith("| 231.2 | 80.0% |"), lines.get(5));
        assertEquals("2 of 2 at 30% of the peak or more (50.0–80.0%).", lines.getLast());
    }

    /** 144.50688 / 482.4 GFLOP/s is 29.956%: below the target, which one decimal would hide as 30.0. */
    @Test
    void aShareJustBelowTheTargetReadsBelowIt() throws IOException {
        List<String> lines = reportWithPeak("482.4", run(true));
        assertTrue(lines.get(4).endsWith("| 144.5 | 29.96% |"), lines.get(4));
        assertTrue(lines.get(5).endsWith("| 231.2 | 47.9% |"), lines.get(5));
        assertEquals("1 of 2 at 30% of the peak or more (29.96–47.9%); below: GroupConvBench backwardFilter DIRECT C4 "
                + "1x8x8x28x3 29.96%.", lines.getLast());
    }

    /**
     * 144.50688 / 481.6896 GFLOP/s is 30% exactly, which meets the target, in one run and in every run of several;
     * 144.50688 / 481.696022613635 is 29.9996%, which takes four decimals to read below it.
     */
    @Test
    void aShareOfThirtyPercentExactlyMeetsTheTarget() throws IOException {
        List<String> lines = reportWithPeak("481.6896", run(true));
        assertTrue(lines.get(4).endsWith("| 144.5 | 30.0% |"), lines.get(4));
        assertEquals("2 of 2 at 30% of the peak or more (30.0–48.0%).", lines.getLast());

        Path again = Files.copy(run(true), dir.resolve("again.json"));
        assertEquals("2 of 2 at 30% of the peak or more in the median of their runs, 2 in every run (30.0–48.0%).",
                reportWithPeak("481.6896", run(true), again).getLast());

        assertEquals("1 of 2 at 30% of the peak or more (29.9996–48.0%); below: GroupConvBench backwardFilter DIRECT "
                + "C4 1x8x8x28x3 29.9996%.", reportWithPeak("481.696022613635", run(true)).getLast());
    }

    @Test
    void withoutAPeakItSaysHowToGetOne() throws IOException {
        Path file = run(false);
        Output run = CliRuns.inThisJvm("cpu-report", file.toString());
        assertEquals(1, run.exitCode());
        assertEquals("jace: no CpuPeakBench.fmaChains in " + file + ": run CpuPeakBench with the suites (it measures "
                + "the FP32 peak in the same run), or give the peak in GFLOP/s with --peak\n", run.err());
    }

    @Test
    void aRunWithoutCpuConvolutionsIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("cuda.json"), "[" + entry("GroupConvBench.forward",
                conv("cuda", "D4", "128x128x128x7x3"), 0.5, "ms/op") + "]");
        Output run = CliRuns.inThisJvm("cpu-report", "--peak", "500", file.toString());
        assertEquals(1, run.exitCode());
        assertEquals("jace: " + file + " holds no GroupConvBench or LiftingConvBench score with backend=cpu: run them "
                + "with -p backend=cpu (bench/README.md)\n", run.err());
    }

    /**
     * A second run, its peak 55,000 calls a second (432.5376 GFLOP/s), the group conv in 0.12 ms (120.4224 GFLOP/s,
     * 27.84% of that peak) and the lifting conv in 1600 µs (289.01376 GFLOP/s, 66.82%); a third with the group conv
     * alone, in 0.08 ms at the first run's peak (180.6336 GFLOP/s, 34.80%). The group conv's median share is 27.84%
     * (the first run's too), its median ms 0.1; the lifting conv's two runs are at 44.55% and 66.82%, median 55.68%,
     * and take 2 and 1.6 ms, median 1.8: 462,422,016 FLOP in 1.8 ms, 256.90112 GFLOP/s.
     */
    @Test
    void severalRunsGiveEachConvolutionTheMedianOfItsSharesOfItsRunsPeaks() throws IOException {
        Path first = run(true);
        Path second = Files.writeString(dir.resolve("second.json"), "[" + String.join(", ",
                entry("GroupConvBench.backwardFilter", conv("cpu", "C4", "1x8x8x28x3"), 0.12, "ms/op"),
                entry("LiftingConvBench.forward", conv("cpu", "C4", "32x8x32x28x3"), 1600, "us/op"),
                entry("CpuPeakBench.fmaChains", "", 55000, "ops/s")) + "]");
        Path third = Files.writeString(dir.resolve("third.json"), "[" + String.join(", ",
                entry("GroupConvBench.backwardFilter", conv("cpu", "C4", "1x8x8x28x3"), 0.08, "ms/op"),
                entry("CpuPeakBench.fmaChains", "", 66000, "ops/s")) + "]");
        Output run = CliRuns.inThisJvm("cpu-report", first.toString(), second.toString(), third.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(List.of(
                "CPU FP32 peaks of 3 runs: 519.0, 432.5, 519.0 GFLOP/s (CpuPeakBench's best iteration in each run); "
                        + "each score is a share of its own run's peak, each row the median of its runs.",
                "",
                "| suite | pass | algorithm | group | shape | runs | ms | GFLOP/s | % of peak | range |",
                "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
                "| GroupConvBench | backwardFilter | DIRECT | C4 | 1x8x8x28x3 | 3 | 0.1 | 144.5 | 27.8% | 27.8–34.8% |",
                "| LiftingConvBench | forward | DIRECT | C4 | 32x8x32x28x3 | 2 | 1.8 | 256.9 | 55.7% | 44.5–66.8% |",
                "",
                "1 of 2 at 30% of the peak or more in the median of their runs, 1 in every run (27.8–55.7%); below: "
                        + "GroupConvBench backwardFilter DIRECT C4 1x8x8x28x3 27.8%."), run.out().lines().toList());
    }

    @Test
    void aGivenPeakServesEveryRun() throws IOException {
        Path first = run(false);
        Path second = Files.copy(first, dir.resolve("again.json"));
        List<String> lines = reportWithPeak("289.01376", first, second);
        assertEquals("CPU FP32 peak of 2 runs: 289.0 GFLOP/s (given with --peak); each score is a share of its own "
                + "run's peak, each row the median of its runs.", lines.getFirst());
        assertTrue(lines.get(4).endsWith("| 2 | 0.1 | 144.5 | 50.0% | 50.0–50.0% |"), lines.get(4));
        assertEquals("2 of 2 at 30% of the peak or more in the median of their runs, 2 in every run (50.0–80.0%).",
                lines.getLast());
    }

    @Test
    void eachRunNeedsItsPeak() throws IOException {
        Path first = run(true);
        Path second = Files.writeString(dir.resolve("nopeak.json"), "[" + entry("GroupConvBench.backwardFilter",
                conv("cpu", "C4", "1x8x8x28x3"), 0.12, "ms/op") + "]");
        Output run = CliRuns.inThisJvm("cpu-report", first.toString(), second.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith("jace: no CpuPeakBench.fmaChains in " + second + ": "), run.err());
    }

    @Test
    void aConvolutionScoredTwiceInOneRunIsRefused() throws IOException {
        String twice = entry("GroupConvBench.backwardFilter", conv("cpu", "C4", "1x8x8x28x3"), 0.1, "ms/op");
        Path file = Files.writeString(dir.resolve("twice.json"), "[" + twice + ", " + twice + "]");
        Output run = CliRuns.inThisJvm("cpu-report", "--peak", "500", file.toString());
        assertEquals(1, run.exitCode());
        assertEquals("jace: GroupConvBench backwardFilter DIRECT C4 1x8x8x28x3 is scored more than once in " + file
                + ": give each run its own file\n", run.err());
    }

    @Test
    void aPeakThatIsNoRateIsBadUsage() throws IOException {
        Output run = CliRuns.inThisJvm("cpu-report", "--peak", "0", run(true).toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("--peak should be a positive number of GFLOP/s, got 0.0"), run.err());
    }
}
