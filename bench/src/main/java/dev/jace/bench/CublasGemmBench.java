package dev.jace.bench;

import dev.jace.backend.Backend;
import dev.jace.backend.Precision;
import dev.jace.backend.cuda.CudaBackend;
import dev.jace.cli.BenchBackend;
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
 * Compute ceiling: a large square {@code CudaBackend.matmul} through cuBLAS ({@code cublasGemmEx}, float32 storage,
 * compute type by precision: FP32, TF32 or BF16 tensor cores), then {@code synchronize()}. GFLOP/s =
 * {@code Workloads.gemmFlops} ({@code 2n³}, printed at setup) over the score; the convolutions are judged against it.
 * CUDA only: setup fails with the reason when the CUDA backend or cuBLAS is unavailable.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class CublasGemmBench {

    @Param({"FP32", "TF32", "BF16"})
    public String precision;

    @Param({"4096", "8192"})
    public int size;

    private BenchBackend bench;
    private Tensor a;
    private Tensor b;
    private Tensor c;

    @Setup
    public void setUp() {
        bench = BenchBackend.open("cuda", Precision.valueOf(precision), Algorithm.DIRECT);
        Backend backend = bench.backend();
        if (!(backend instanceof CudaBackend cuda && cuda.multipliesWithCublas())) {
            String name = backend.name();
            bench.close();
            throw new IllegalStateException("cuBLAS is not in use, so this is no cuBLAS ceiling: " + name);
        }
        a = bench.random(Shape.of(size, size), 1);
        b = bench.random(Shape.of(size, size), 2);
        c = backend.allocate(Shape.of(size, size));
        System.out.printf(Locale.ROOT, "workload: %.6g GFLOP per call (%s)%n",
                Workloads.gemmFlops(size, size, size) / 1e9, backend.name());
    }

    @TearDown
    public void tearDown() {
        for (Tensor t : new Tensor[] {a, b, c}) {
            if (t != null) {
                t.close();
            }
        }
        bench.close();
    }

    @Benchmark
    public Tensor gemm() {
        bench.backend().matmul(a, false, b, false, c);
        bench.backend().synchronize();
        return c;
    }
}
