package dev.jace.backend.cuda;

import dev.jace.bindings.jace.jace_h;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Asynchronous host-to-device copies through a ring of page-locked slots, each with an event: a copy fills the next
 * slot (after waiting for that slot's previous copy, normally long done), enqueues the memcpy on the stream and
 * records the slot's event, then returns while the device is still busy with earlier work. With {@link #SLOTS}
 * slots the host can prepare that many inputs ahead of the device. Copies larger than {@link #MAX_SLOT_BYTES} are
 * left to {@link HostStaging}. Thread-safe; freed on close (after the pending copies finish).
 */
@SuppressWarnings("restricted") // FFM: sizing native memory is what this class is for
final class PinnedUploads implements AutoCloseable {

    static final int SLOTS = 4;
    static final long MAX_SLOT_BYTES = 16L << 20;

    private final CudaStream stream;
    private final MemorySegment[] buffers = new MemorySegment[SLOTS];
    private final MemorySegment[] events = new MemorySegment[SLOTS];
    private int next;
    private boolean closed;

    PinnedUploads(CudaStream stream) {
        this.stream = stream;
        for (int i = 0; i < SLOTS; i++) {
            buffers[i] = MemorySegment.NULL;
            events[i] = MemorySegment.NULL;
        }
    }

    /** Whether {@link #copy} takes a copy of this many bytes. */
    static boolean fits(long bytes) {
        return bytes <= MAX_SLOT_BYTES;
    }

    /** Enqueues {@code device[0, source.length) = source}; {@code source} may be reused as soon as this returns. */
    synchronized void copy(float[] source, MemorySegment device) {
        if (closed) {
            throw new IllegalStateException("pinned upload slots are closed");
        }
        long bytes = (long) source.length * Float.BYTES;
        int slot = next;
        next = (next + 1) % SLOTS;
        if (!events[slot].equals(MemorySegment.NULL)) {
            Jace.check("jace_event_synchronize", jace_h.jace_event_synchronize(events[slot]));
        } else {
            events[slot] = createEvent();
        }
        MemorySegment buffer = buffer(slot, bytes);
        MemorySegment.copy(source, 0, buffer, ValueLayout.JAVA_FLOAT, 0, source.length);
        Jace.check("jace_memcpy_htod_async", jace_h.jace_memcpy_htod_async(device, buffer, bytes, stream.handle()));
        Jace.check("jace_event_record", jace_h.jace_event_record(events[slot], stream.handle()));
    }

    private MemorySegment buffer(int slot, long bytes) {
        if (buffers[slot].byteSize() < bytes) {
            freeBuffer(slot);
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
                Jace.check("jace_malloc_host", jace_h.jace_malloc_host(out, bytes));
                buffers[slot] = out.get(ValueLayout.ADDRESS, 0).reinterpret(bytes);
            }
        }
        return buffers[slot];
    }

    private static MemorySegment createEvent() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            Jace.check("jace_event_create", jace_h.jace_event_create(out));
            return out.get(ValueLayout.ADDRESS, 0);
        }
    }

    private void freeBuffer(int slot) {
        if (!buffers[slot].equals(MemorySegment.NULL)) {
            MemorySegment old = buffers[slot];
            buffers[slot] = MemorySegment.NULL;
            Jace.check("jace_free_host", jace_h.jace_free_host(old));
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException first = null;
        for (int slot = 0; slot < SLOTS; slot++) {
            try {
                if (!events[slot].equals(MemorySegment.NULL)) {
                    Jace.check("jace_event_synchronize", jace_h.jace_event_synchronize(events[slot]));
                    Jace.check("jace_event_destroy", jace_h.jace_event_destroy(events[slot]));
                }
                freeBuffer(slot);
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
