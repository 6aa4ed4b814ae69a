package dev.jace.backend.cuda;

import dev.jace.bindings.jace.jace_h;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Times work enqueued on a stream with a pair of CUDA events; destroyed on close. */
final class EventTimer implements AutoCloseable {

    private final CudaStream stream;
    private final CudaEvent start;
    private final CudaEvent end;

    EventTimer(CudaStream stream) {
        this.stream = stream;
        this.start = new CudaEvent();
        CudaEvent second;
        try {
            second = new CudaEvent();
        } catch (RuntimeException e) {
            start.close();
            throw e;
        }
        this.end = second;
    }

    /** Milliseconds the stream spent on the work {@code body} enqueues (waits for it to finish). */
    float millis(Runnable body) {
        start.record(stream);
        body.run();
        end.record(stream);
        end.synchronize();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ms = arena.allocate(ValueLayout.JAVA_FLOAT);
            Jace.check("jace_event_elapsed_ms", jace_h.jace_event_elapsed_ms(ms, start.handle(), end.handle()));
            return ms.get(ValueLayout.JAVA_FLOAT, 0);
        }
    }

    /** Destroys both events, even when destroying the first fails. */
    @Override
    public void close() {
        try {
            start.close();
        } finally {
            end.close();
        }
    }
}
