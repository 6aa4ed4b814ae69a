package dev.jace.backend.cuda;

import dev.jace.bindings.jace.jace_h;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** A CUDA stream (cudaStream_t) created through libjace; destroyed on close. */
final class CudaStream implements AutoCloseable {

    private final MemorySegment handle;
    private boolean closed;

    CudaStream() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            Jace.check("jace_stream_create", jace_h.jace_stream_create(out));
            handle = out.get(ValueLayout.ADDRESS, 0);
        }
    }

    MemorySegment handle() {
        return handle;
    }

    void synchronize() {
        Jace.check("jace_stream_synchronize", jace_h.jace_stream_synchronize(handle));
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Jace.check("jace_stream_destroy", jace_h.jace_stream_destroy(handle));
        }
    }
}
