package dev.jace.bench;

import dev.jace.backend.Backend;
import dev.jace.backend.Precision;
import dev.jace.cli.ConvShape;
import dev.jace.cli.Workloads;
import dev.jace.group.Group;
import dev.jace.group.Groups;
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
 * Forward, backward-data and backward-filter passes of a lifting ({@link LiftingConvBench}) or group
 * ({@link GroupConvBench}) convolution, SAME padding, per backend, precision, algorithm, group and shape. Each call
 * ends in {@link Backend#synchronize()}, so a CUDA score is the wall time of launch + kernel + synchronisation.
 * {@code Workloads.convFlops} gives the FLOPs per call (printed at setup) for GFLOP/s = FLOPs / score.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public abstract class ConvBench {

    /** cpu or cuda; cuda fails this setup (only) with the probe's reason when it cannot run. */
    @Param({"cpu", "cuda"})
    public String backend;

    /** FP32 (the CPU's only one), TF32 or BF16: {@code -p backend=cuda -p precision=FP32,TF32,BF16}. */
    @Param({"FP32"})
    public String precision;

    /** DIRECT (group-conv kernels) or the EXPANDED baseline (expanded filter bank + plain conv). */
    @Param({"DIRECT", "EXPANDED"})
    public String algorithm;

    @Param({"C4", "D4"})
    public String group;

    private BenchSession session;
    private Tensor x;
    private Tensor w;
    private Tensor dy;
    private Tensor out;
    private Tensor dx;
    private Tensor dw;
    private Runnable forward;
    private Runnable backwardData;
    private Runnable backwardFilter;

    /** {@code "NxCINxCOUTxSIZExK"}, see {@link ConvShape#parse}. */
    abstract String shape();

    abstract boolean lifting();

    @Setup
    public void setUp() {
        session = BenchSession.open(backend, Precision.valueOf(precision), Algorithm.valueOf(algorithm));
        Group g = Groups.byName(group);
        ConvShape s = ConvShape.parse(shape());
        int order = g.order();
        Backend b = session.backend();
        x = session.random(s.input(lifting(), order), 1);
        w = session.random(s.weight(lifting(), order), 2);
        dy = session.random(s.output(order), 3);
        out = session.allocate(s.output(order));
        dx = session.allocate(s.input(lifting(), order));
        dw = session.allocate(s.weight(lifting(), order));
        if (lifting()) {
            var op = session.bench().lifting(g);
            forward = () -> op.forward(b, x, w, out);
            backwardData = () -> op.backwardData(b, dy, w, dx);
            backwardFilter = () -> op.backwardFilter(b, x, dy, dw);
        } else {
            var op = session.bench().groupConv(g);
            forward = () -> op.forward(b, x, w, out);
            backwardData = () -> op.backwardData(b, dy, w, dx);
            backwardFilter = () -> op.backwardFilter(b, x, dy, dw);
        }
        System.out.printf(Locale.ROOT, "workload: %.6g GFLOP per call (%s)%n",
                Workloads.convFlops(s, lifting(), order) / 1e9, b.name());
    }

    @TearDown
    public void tearDown() {
        session.close();
    }

    @Benchmark
    public Tensor forward() {
        forward.run();
        session.backend().synchronize();
        return out;
    }

    @Benchmark
    public Tensor backwardData() {
        backwardData.run();
        session.backend().synchronize();
        return dx;
    }

    @Benchmark
    public Tensor backwardFilter() {
        backwardFilter.run();
        session.backend().synchronize();
        return dw;
    }
}
