package dev.jace.bench;

import dev.jace.cli.FmaPeak;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Compute ceiling of the CPU suites: {@code jace bench}'s FP32 peak probe ({@link FmaPeak#chains}, twelve FMA chains
 * of the JVM's widest vectors in registers) on as many threads as the CPU backend uses (the available processors).
 * Score: calls per second over all threads; GFLOP/s = score · {@link FmaPeak#FLOPS_PER_CALL} / 1e9, the peak that
 * {@code jace cpu-report} takes the CPU convolutions' fractions of. Its fork adds the Vector API's module; a run with
 * {@code -f 0} needs {@code --add-modules=jdk.incubator.vector} on its own JVM.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@Threads(Threads.MAX)
@State(Scope.Thread)
public class CpuPeakBench {

    private float seed;

    @Benchmark
    public float fmaChains() {
        seed = FmaPeak.chains(seed);
        return seed;
    }
}
