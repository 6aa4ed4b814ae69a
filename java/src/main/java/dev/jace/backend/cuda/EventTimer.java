package dev.jace.backend.cuda;

import dev.jace.bindings.jace.jace_h;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Times work enqueued on a stream with a pair of CUDA events; destroyed on close. */
final class EventTimer implements AutoCloseable {

    private final CudaStream stream;
    private final MemorySegment start;
    private final MemorySegment end;
    private boolean closed;

    EventTimer(CudaStream stream) {
        this.stream = stream;
        this.start = create();
        MemorySegment second;
        try {
            second = create();
        } catch (RuntimeException e) {
            jace_h.jace_event_destroy(start);
            throw e;
        }
        this.end = second;
    }

    private static MemorySegment create() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            Jace.check("jace_event_create", jace_h.jace_event_create(out));
            return out.get(ValueLayout.ADDRESS, 0);
        }
    }

    /** Milliseconds the stream spent on the work {@code body} enqueues (waits for it to finish). */
    float millis(Runnable body) {
        Jace.check("jace_event_record", jace_h.jace_event_record(start, stream.handle()));
        body.run();
        Jace.check("jace_event_record", jace_h.jace_event_record(end, stream.handle()));
        Jace.check("jace_event_synchronize", jace_h.jace_event_synchronize(end));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ms = arena.allocate(ValueLayout.JAVA_FLOAT);
            Jace.check("jace_event_elapsed_ms", jace_h.jace_event_elapsed_ms(ms, start, end));
            return ms.get(ValueLayout.JAVA_FLOAT, 0);
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            int first = jace_h.jace_event_destroy(start);
            Jace.check("jace_event_destroy", jace_h.jace_event_destroy(end));
            Jace.check("jace_event_destroy", first);
        }
    }
}
