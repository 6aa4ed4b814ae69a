package dev.jace.bench;

import dev.jace.backend.Precision;
import dev.jace.cli.Workloads;
import dev.jace.ops.Algorithm;
import dev.jace.tensor.Shape;
import dev.jace.tensor.Tensor;
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
 * Bandwidth ceiling: {@code Backend.copy} of a float32 buffer (device-to-device {@code jace_memcpy_dtod_async} on
 * CUDA, a memory copy on the CPU) then {@code synchronize()}. GB/s = {@code Workloads.copyBytes} (read + write,
 * printed at setup) over the score; the memory-bound JMH suites (DeviationBench, GroupActionBench), which synchronize
 * after every call too, compare with it. A synchronize per copy costs a few % of a 256 MiB copy on an H100/H200, so
 * {@code jace gpu-report} judges {@code jace bench}'s deviation against the copy row of the same bench run instead
 * (both timed back to back before one synchronize) and shows this score beside it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class DeviceCopyBench {

    @Param({"cpu", "cuda"})
    public String backend;

    /** The largest {@link #mebibytes}: a tensor holds at most {@link Shape#MAX_SIZE} floats. */
    static final int MAX_MEBIBYTES = (int) ((long) Shape.MAX_SIZE * Float.BYTES >> 20);

    /** Buffer size in MiB (each of source and destination), 1 to {@link #MAX_MEBIBYTES}. */
    @Param({"16", "256"})
    public int mebibytes;

    private BenchSession session;
    private Tensor src;
    private Tensor dst;

    @Setup
    public void setUp() {
        session = BenchSession.open(backend, Precision.FP32, Algorithm.DIRECT);
        int floats = floats(mebibytes);
        src = session.random(Shape.of(floats), 1);
        dst = session.allocate(Shape.of(floats));
        System.out.printf(Locale.ROOT, "workload: %.6g MB per call (%s)%n", Workloads.copyBytes(floats) / 1e6,
                session.backend().name());
    }

    /** The floats of {@code mebibytes} MiB, computed in long: 2048 MiB overflowed an int. */
    static int floats(int mebibytes) {
        long floats = (long) mebibytes * (1 << 20) / Float.BYTES;
        if (mebibytes < 1 || floats > Shape.MAX_SIZE) {
            throw new IllegalArgumentException("-p mebibytes takes 1 to " + MAX_MEBIBYTES + ": a tensor holds at most"
                    + " 2^31-1 floats, just under " + (MAX_MEBIBYTES + 1) + " MiB, got " + mebibytes);
        }
        return (int) floats;
    }

    @TearDown
    public void tearDown() {
        session.close();
    }

    @Benchmark
    public Tensor copy() {
        session.backend().copy(src, dst);
        session.backend().synchronize();
        return dst;
    }
}
