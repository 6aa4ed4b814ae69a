package dev.jace.bench;

import dev.jace.backend.FeatureRep;
import dev.jace.backend.GroupTable;
import dev.jace.backend.Precision;
import dev.jace.cli.BenchBackend;
import dev.jace.cli.Workloads;
import dev.jace.group.Group;
import dev.jace.group.Groups;
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

    private BenchBackend bench;
    private GroupTable table;
    private int[] elements;
    private FeatureRep featureRep;
    private Tensor x;
    private Tensor out;

    @Setup
    public void setUp() {
        bench = BenchBackend.open(backend, Precision.FP32, Algorithm.DIRECT);
        Group g = Groups.byName(group);
        table = g.table();
        elements = g.allElements();
        featureRep = FeatureRep.valueOf(rep);
        MapShape m = MapShape.parse(maps);
        Shape shape = m.shape(featureRep, g.order());
        x = bench.random(shape, 1);
        out = bench.backend().allocate(shape.withDim0(elements.length * m.n()));
        System.out.printf("workload: %.6g MB per call (%s)%n", Workloads.actionBytes(elements.length, x.size()) / 1e6,
                bench.backend().name());
    }

    @TearDown
    public void tearDown() {
        for (Tensor t : new Tensor[] {x, out}) {
            if (t != null) {
                t.close();
            }
        }
        bench.close();
    }

    @Benchmark
    public Tensor apply() {
        bench.backend().groupAction(x, table, elements, featureRep, out);
        bench.backend().synchronize();
        return out;
    }
}
