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

    private BenchSession session;
    private GroupMaps work;
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
        session = BenchSession.open(backend, Precision.FP32, Algorithm.DIRECT);
        work = GroupMaps.parse(group, rep, maps);
        int count = work.elements().length;
        fx = session.random(work.sample(), 1);
        fgx = session.random(work.perElement(), 2);
        deviation = session.allocate(Shape.of(count, work.n()));
        norm = session.allocate(Shape.of(work.n()));
        dDeviation = session.random(Shape.of(count, work.n()), 3);
        dNorm = session.random(Shape.of(work.n()), 4);
        dFgx = session.allocate(work.perElement());
        dFx = session.allocate(work.sample());
        System.out.printf(Locale.ROOT, "workload: forward %.6g MB, backward %.6g MB per call (%s)%n",
                Workloads.deviationBytes(count, fx.size()) / 1e6,
                Workloads.deviationBackwardBytes(count, fx.size()) / 1e6, session.backend().name());
    }

    @TearDown
    public void tearDown() {
        session.close();
    }

    @Benchmark
    public Tensor forward() {
        session.backend().equivarianceDeviation(fgx, fx, work.table(), work.elements(), work.rep(), deviation, norm);
        session.backend().synchronize();
        return deviation;
    }

    @Benchmark
    public Tensor backward() {
        session.backend().equivarianceDeviationBackward(fgx, fx, work.table(), work.elements(), work.rep(), dDeviation,
                dNorm, dFgx, dFx);
        session.backend().synchronize();
        return dFgx;
    }
}
