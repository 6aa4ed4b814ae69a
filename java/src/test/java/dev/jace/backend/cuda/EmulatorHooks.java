package dev.jace.backend.cuda;

import dev.jace.bindings.Downcall;
import dev.jace.bindings.NativeLibraries;
import dev.jace.bindings.NativeLibrary;
import dev.jace.bindings.jace.jace_h;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Test switches and counters of jace's CPU emulator of CUDA (native/emu) and its libraries: not CUDA functions, so no
 * binding has them. Only where {@link GpuAssumptions#emulated()} holds.
 */
public final class EmulatorHooks {

    private EmulatorHooks() {
    }

    /** The hook {@code function} of {@code library}. */
    static MethodHandle hook(NativeLibrary library, String function, FunctionDescriptor descriptor) {
        return Downcall.of(() -> library, function, descriptor).handle();
    }

    /**
     * What is alive now of page-locked host memory (bytes), streams, events, graphs and executable graphs
     * (jace_emu_live_resources, native/emu/emu_runtime.cpp).
     */
    public static LiveResources liveResources() throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment counts = arena.allocate(ValueLayout.JAVA_LONG, 5);
            hook(NativeLibraries.system().jace(), "jace_emu_live_resources",
                    FunctionDescriptor.ofVoid(ValueLayout.ADDRESS)).invokeExact(counts);
            long[] c = counts.toArray(ValueLayout.JAVA_LONG);
            return new LiveResources(c[0], c[1], c[2], c[3], c[4]);
        }
    }

    /**
     * Bytes of device memory free: exact on the emulator, whose free memory moves only with its cudaMalloc and cudaFree
     * (a GPU's moves with the driver's own allocations too).
     */
    public static long freeDeviceBytes() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment free = arena.allocate(ValueLayout.JAVA_LONG);
            Jace.check("jace_mem_get_info", jace_h.jace_mem_get_info(free, arena.allocate(ValueLayout.JAVA_LONG)));
            return free.get(ValueLayout.JAVA_LONG, 0);
        }
    }

    /**
     * After {@code passing} calls that work, the next {@code failing} calls of the emulated runtime's {@code function}
     * (or cudaLaunchKernel: kernel launches) return {@code error}; a null function ends the failures asked for.
     * Returns how many calls failed by the previous request (jace_emu_fail_calls).
     */
    public static long failCalls(String function, int passing, int failing, int error) throws Throwable {
        return EmulatedLibrary.RUNTIME.failCalls(function, passing, failing, error);
    }

    /**
     * How many calls the function named by the last {@link #failCalls} made since, the failed ones included
     * (jace_emu_calls_seen).
     */
    public static long callsSeen() throws Throwable {
        return count(NativeLibraries.system().jace(), "jace_emu_calls_seen");
    }

    /** The count a hook of {@code library} without arguments returns (a long long). */
    static long count(NativeLibrary library, String hook) throws Throwable {
        return (long) hook(library, hook, FunctionDescriptor.of(ValueLayout.JAVA_LONG)).invokeExact();
    }

    /** Ends the failures asked for by {@link #failCalls}; returns how many calls failed by them. */
    public static long stopFailing() throws Throwable {
        return EmulatedLibrary.RUNTIME.stopFailing();
    }

    /** Ends the failures asked of the emulated runtime, and of the emulated cuDNN and cuBLAS where they are loaded. */
    static void stopAllFailures() throws Exception {
        try {
            EmulatedLibrary.RUNTIME.stopFailing();
            if (Boolean.getBoolean(CudaLibrariesOnEmulatorTest.EXPECTED)) {
                EmulatedLibrary.CUDNN.stopFailing();
                EmulatedLibrary.CUBLAS.stopFailing();
            }
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** The emulated CUDA runtime (in libjace), cuDNN and cuBLAS, whose calls fail on request. */
    public enum EmulatedLibrary {
        RUNTIME("jace_emu_fail_calls"),
        CUDNN("jace_emu_cudnn_fail_calls"),
        CUBLAS("jace_emu_cublas_fail_calls");

        private final String failHook;

        EmulatedLibrary(String failHook) {
            this.failHook = failHook;
        }

        /** The loaded library (the emulated cuDNN and cuBLAS only in the cuda-libraries execution). */
        NativeLibrary loaded() {
            return switch (this) {
                case RUNTIME -> NativeLibraries.system().jace();
                case CUDNN -> NativeLibraries.system().cudnn();
                case CUBLAS -> NativeLibraries.system().cublas();
            };
        }

        /**
         * After {@code passing} calls that work, the next {@code failing} calls of {@code function} return
         * {@code error} (the library's own error or status); a null function ends the failures asked for. Returns how
         * many calls failed by the previous request.
         */
        public long failCalls(String function, int passing, int failing, int error) throws Throwable {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment name = function == null ? MemorySegment.NULL : arena.allocateFrom(function);
                return (long) hook(loaded(), failHook, FunctionDescriptor.of(ValueLayout.JAVA_LONG,
                        ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT))
                        .invokeExact(name, passing, failing, error);
            }
        }

        /** Ends the failures asked for; returns how many calls failed by them. */
        public long stopFailing() throws Throwable {
            return failCalls(null, 0, 0, 0);
        }
    }

    /** Counts of {@link #liveResources()}. */
    public record LiveResources(long pinnedHostBytes, long streams, long events, long graphs, long graphExecs) {
    }
}
