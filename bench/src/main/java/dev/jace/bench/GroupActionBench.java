package dev.jace.bench;

import dev.jace.backend.Precision;
import dev.jace.cli.Workloads;
import dev.jace.ops.Algorithm;
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
 * Batched group action {@code out[s·N + n] = g_s · x[n]} over every element of the group, on images or group
 * feature maps (the gather that builds g·x for the deviation). Memory-bound: GB/s = {@code Workloads.actionBytes}
 * (printed at setup) over the score. Each call ends in {@code synchronize()}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class GroupActionBench {

    @Param({"cpu", "cuda"})
    public String backend;

    @Param({"C4", "D4"})
    public String group;

    @Param({"IMAGE", "GROUP_MAP"})
    public String rep;

    /** {@code NxCxSIZE} of x. */
    @Param({"32x32x28", "128x32x7", "32x8x64"})
    public String maps;

    private BenchSession session;
    private GroupMaps work;
    private Tensor x;
    private Tensor out;

    @Setup
    public void setUp() {
        session = BenchSession.open(backend, Precision.FP32, Algorithm.DIRECT);
        work = GroupMaps.parse(group, rep, maps);
        x = session.random(work.sample(), 1);
        out = session.allocate(work.perElement());
        System.out.printf(Locale.ROOT, "workload: %.6g MB per call (%s)%n",
                Workloads.actionBytes(work.elements().length, x.size()) / 1e6, session.backend().name());
    }

    @TearDown
    public void tearDown() {
        session.close();
    }

    @Benchmark
    public Tensor apply() {
        session.backend().groupAction(x, work.table(), work.elements(), work.rep(), out);
        session.backend().synchronize();
        return out;
    }
}
