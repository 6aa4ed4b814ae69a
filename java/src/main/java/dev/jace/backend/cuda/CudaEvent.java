package dev.jace.backend.cuda;

import dev.jace.bindings.jace.jace_h;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** A CUDA event (cudaEvent_t) created through libjace; destroyed on close. */
final class CudaEvent implements AutoCloseable {

    private final MemorySegment handle;
    private boolean closed;

    CudaEvent() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            Jace.check("jace_event_create", jace_h.jace_event_create(out));
            handle = out.get(ValueLayout.ADDRESS, 0);
        }
    }

    MemorySegment handle() {
        return handle;
    }

    /** Records the event after the work enqueued on {@code stream} so far. */
    void record(CudaStream stream) {
        Jace.check("jace_event_record", jace_h.jace_event_record(handle, stream.handle()));
    }

    /** Waits until the work before the last {@link #record} has finished. */
    void synchronize() {
        Jace.check("jace_event_synchronize", jace_h.jace_event_synchronize(handle));
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Jace.check("jace_event_destroy", jace_h.jace_event_destroy(handle));
        }
    }
}
