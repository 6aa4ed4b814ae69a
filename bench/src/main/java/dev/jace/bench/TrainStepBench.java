package dev.jace.bench;

import dev.jace.backend.Precision;
import dev.jace.cli.TrainStepWorkload;
import dev.jace.group.Groups;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * One full ace training step of the p4 CNN ({@link TrainStepWorkload}: forward, task-loss backward, deviation probe
 * forward and backward, Adam and dual updates), ending in {@code synchronize()}, on the backend as {@code jace train}
 * opens it (CUDA: autotuned convolutions). Images per second = {@code batch} / score (overlapped: a score covers
 * {@code STEPS} steps, so {@code STEPS · batch} / score); the PyTorch driver in {@code bench/pytorch} times the same
 * step.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class TrainStepBench {

    @Param({"cpu", "cuda"})
    public String backend;

    @Param({"FP32"})
    public String precision;

    @Param({"c4", "d4"})
    public String group;

    @Param({"64", "256"})
    public int batch;

    /**
     * "eager": each step's ops run directly; "graph": its device work is captured once and replayed; "overlapped":
     * captured, with the dual update on the device, and each step's record read while the next one runs (timed as
     * runs of steps without a synchronize in between, which would defeat the overlap).
     */
    @Param({"eager", "graph", "overlapped"})
    public String mode;

    /** Steps per invocation in the overlapped mode. */
    public static final int STEPS = 4;

    private BenchSession session;
    private TrainStepWorkload step;

    @Setup
    public void setUp() {
        session = BenchSession.openDefault(backend, Precision.valueOf(precision));
        step = new TrainStepWorkload(session.backend(), Groups.byName(group), batch, 0,
                TrainStepWorkload.StepMode.valueOf(mode.toUpperCase(Locale.ROOT)));
    }

    @TearDown
    public void tearDown() {
        step.close();
        session.close();
    }

    /** One step; overlapped: {@link #STEPS} steps per invocation, so the score is {@code STEPS} steps' time. */
    @Benchmark
    public Object trainStep() {
        Object records = mode.equals("overlapped") ? step.steps(STEPS) : step.step();
        session.backend().synchronize();
        return records;
    }
}
