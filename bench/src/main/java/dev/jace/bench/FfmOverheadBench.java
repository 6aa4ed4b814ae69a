package dev.jace.bench;

import dev.jace.backend.cuda.CudaBackend;
import dev.jace.backend.cuda.CudaProbe;
import dev.jace.bindings.NativeLibraries;
import dev.jace.bindings.NativeLibraryException;
import dev.jace.bindings.jace.jace_h;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.TimeUnit;

/**
 * The fixed cost of calling into libjace through FFM: {@code version} is a trivial downcall ({@code jace_version},
 * needs libjace.so but no GPU); {@code noopLaunchBurst} enqueues {@link #BURST} empty kernels ({@code jace_noop})
 * between two drains of the stream, the drain untimed, so that the launch queue never fills: the host's own cost of a
 * launch; {@code noopLaunch} enqueues without pause, so once the queue is full each launch waits for a free slot and
 * it measures the sustained launch rate, which the GPU may bound rather than the host; {@code noopLaunchSync}
 * launches and waits ({@code jace_stream_synchronize}), the round trip every synchronised benchmark pays once per
 * call. native/examples/launch_overhead.c times the same three launches from C.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FfmOverheadBench {

    /** Launches per burst of {@code noopLaunchBurst}: far below the depth of a stream's launch queue. */
    public static final int BURST = 32;

    /** libjace.so loaded; fails with the loader's reason when it cannot be. */
    @State(Scope.Benchmark)
    public static class Library {
        @Setup
        public void setUp() {
            try {
                NativeLibraries.system().jace();
            } catch (NativeLibraryException e) {
                throw new IllegalStateException("libjace.so cannot be loaded: " + e.getMessage(), e);
            }
        }
    }

    /** A stream on device 0; fails with the CUDA probe's reason when there is no usable GPU. */
    @State(Scope.Benchmark)
    public static class Device {
        MemorySegment stream;

        @Setup
        public void setUp() {
            CudaProbe probe = CudaBackend.probe();
            if (!probe.available()) {
                throw new IllegalStateException("the CUDA backend is unavailable: " + probe.summary());
            }
            check("jace_set_device", jace_h.jace_set_device(0));
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
                check("jace_stream_create", jace_h.jace_stream_create(out));
                stream = out.get(ValueLayout.ADDRESS, 0);
            }
        }

        /** Drains the launches {@code noopLaunch} left queued, so they are not counted in the next iteration. */
        @TearDown(Level.Iteration)
        public void drain() {
            check("jace_stream_synchronize", jace_h.jace_stream_synchronize(stream));
        }

        @TearDown
        public void tearDown() {
            check("jace_stream_destroy", jace_h.jace_stream_destroy(stream));
        }
    }

    /** Drains the stream before each burst of {@code noopLaunchBurst}, outside its timing. */
    @State(Scope.Thread)
    public static class Drained {
        @Setup(Level.Invocation)
        public void drain(Device device) {
            check("jace_stream_synchronize", jace_h.jace_stream_synchronize(device.stream));
        }
    }

    private static int check(String call, int status) {
        if (status != jace_h.JACE_SUCCESS()) {
            throw new IllegalStateException(call + " failed with jace_status " + status);
        }
        return status;
    }

    @Benchmark
    public int version(Library library) {
        return jace_h.jace_version();
    }

    @Benchmark
    @OperationsPerInvocation(BURST)
    public int noopLaunchBurst(Device device, Drained drained) {
        for (int i = 0; i < BURST; i++) {
            check("jace_noop", jace_h.jace_noop(device.stream));
        }
        return BURST;
    }

    @Benchmark
    public int noopLaunch(Device device) {
        return check("jace_noop", jace_h.jace_noop(device.stream));
    }

    @Benchmark
    public int noopLaunchSync(Device device) {
        check("jace_noop", jace_h.jace_noop(device.stream));
        return check("jace_stream_synchronize", jace_h.jace_stream_synchronize(device.stream));
    }
}
