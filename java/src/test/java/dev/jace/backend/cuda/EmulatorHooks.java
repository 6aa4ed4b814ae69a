package dev.jace.backend.cuda;

import dev.jace.bindings.Downcall;
import dev.jace.bindings.NativeLibraries;
import dev.jace.bindings.NativeLibrary;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Test switches and counters of jace's CPU emulator of CUDA (native/emu) and its libraries: not CUDA functions, so no
 * binding has them. Only where {@link GpuAssumptions#emulated()} holds.
 */
final class EmulatorHooks {

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
    static LiveResources liveResources() throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment counts = arena.allocate(ValueLayout.JAVA_LONG, 5);
            hook(NativeLibraries.system().jace(), "jace_emu_live_resources",
                    FunctionDescriptor.ofVoid(ValueLayout.ADDRESS)).invokeExact(counts);
            long[] c = counts.toArray(ValueLayout.JAVA_LONG);
            return new LiveResources(c[0], c[1], c[2], c[3], c[4]);
        }
    }

    /** Counts of {@link #liveResources()}. */
    record LiveResources(long pinnedHostBytes, long streams, long events, long graphs, long graphExecs) {
    }
}
