package dev.jace.backend.cuda;

import dev.jace.bindings.jace.jace_h;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** A growable page-locked host buffer (jace_malloc_host), for asynchronous copies; freed on close. */
@SuppressWarnings("restricted") // FFM: sizing native memory is what this class is for
final class PinnedBuffer implements AutoCloseable {

    private MemorySegment segment = MemorySegment.NULL;

    /**
     * The buffer, reallocated to {@code bytes} first when it is smaller (its contents are then lost, so no copy from
     * it may still be pending).
     */
    MemorySegment atLeast(long bytes) {
        if (segment.byteSize() < bytes) {
            close();
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
                Jace.check("jace_malloc_host", jace_h.jace_malloc_host(out, bytes));
                segment = out.get(ValueLayout.ADDRESS, 0).reinterpret(bytes);
            }
        }
        return segment;
    }

    /** Frees the memory; the buffer may grow again afterwards. */
    @Override
    public void close() {
        if (!segment.equals(MemorySegment.NULL)) {
            MemorySegment old = segment;
            segment = MemorySegment.NULL;
            Jace.check("jace_free_host", jace_h.jace_free_host(old));
        }
    }
}
