package dev.jace.bench;

import dev.jace.backend.Backend;
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
 * Batched equivariance deviation over every group element ({@code Backend.equivarianceDeviation} and its backward)
 * on group feature maps or images, without materialising {@code ρ(g) f(x)}. Memory-bound: GB/s =
 * {@code Workloads.deviationBytes} (forward) or {@code deviationBackwardBytes} (backward), printed at setup, over the
 * score. Each call ends in {@code synchronize()}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class DeviationBench {

    @Param({"cpu", "cuda"})
    public String backend;

    @Param({"C4", "D4"})
    public String group;

    @Param({"GROUP_MAP", "IMAGE"})
    public String rep;

    /** {@code NxCxSIZE} of f(x). */
    @Param({"32x32x28", "128x32x7", "32x8x64"})
    public String maps;

    private BenchBackend bench;
    private GroupTable table;
    private int[] elements;
    private FeatureRep featureRep;
    private Tensor fgx;
    private Tensor fx;
    private Tensor deviation;
    private Tensor norm;
    private Tensor dDeviation;
    private Tensor dNorm;
    private Tensor dFgx;
    private Tensor dFx;

    @Setup
    public void setUp() {
        bench = BenchBackend.open(backend, Precision.FP32, Algorithm.DIRECT);
        Group g = Groups.byName(group);
        table = g.table();
        elements = g.allElements();
        featureRep = FeatureRep.valueOf(rep);
        MapShape m = MapShape.parse(maps);
        Shape perSample = m.shape(featureRep, g.order());
        Shape all = perSample.withDim0(elements.length * m.n());
        Backend b = bench.backend();
        fx = bench.random(perSample, 1);
        fgx = bench.random(all, 2);
        deviation = b.allocate(Shape.of(elements.length, m.n()));
        norm = b.allocate(Shape.of(m.n()));
        dDeviation = bench.random(Shape.of(elements.length, m.n()), 3);
        dNorm = bench.random(Shape.of(m.n()), 4);
        dFgx = b.allocate(all);
        dFx = b.allocate(perSample);
        System.out.printf("workload: forward %.6g MB, backward %.6g MB per call (%s)%n",
                Workloads.deviationBytes(elements.length, fx.size()) / 1e6,
                Workloads.deviationBackwardBytes(elements.length, fx.size()) / 1e6, b.name());
    }

    @TearDown
    public void tearDown() {
        for (Tensor t : new Tensor[] {fgx, fx, deviation, norm, dDeviation, dNorm, dFgx, dFx}) {
            if (t != null) {
                t.close();
            }
        }
        bench.close();
    }

    @Benchmark
    public Tensor forward() {
        bench.backend().equivarianceDeviation(fgx, fx, table, elements, featureRep, deviation, norm);
        bench.backend().synchronize();
        return deviation;
    }

    @Benchmark
    public Tensor backward() {
        bench.backend().equivarianceDeviationBackward(fgx, fx, table, elements, featureRep, dDeviation, dNorm, dFgx,
                dFx);
        bench.backend().synchronize();
        return dFgx;
    }
}
