package dev.jace.backend.cuda;

import dev.jace.bindings.jace.jace_h;

import java.lang.foreign.MemorySegment;

/**
 * Asynchronous host-to-device copies through a ring of page-locked slots, each with an event: a copy fills the next
 * slot (after waiting for that slot's previous copy, normally long done), enqueues the memcpy on the stream and
 * records the slot's event, then returns while the device is still busy with earlier work. With {@link #SLOTS}
 * slots the host can prepare that many inputs ahead of the device. Copies larger than {@link #MAX_SLOT_BYTES} are
 * left to {@link HostStaging}. Thread-safe; freed on close (after the pending copies finish).
 */
final class PinnedUploads implements AutoCloseable {

    /**
     * A training step makes 5–6 uploads (3 batch copies, the optimizer's and the loop's device scalars): room for the
     * next step's while the device still runs this one.
     */
    static final int SLOTS = 16;
    static final long MAX_SLOT_BYTES = 16L << 20;

    private final CudaStream stream;
    private final PinnedSlots slots = new PinnedSlots(SLOTS);
    private boolean closed;

    PinnedUploads(CudaStream stream) {
        this.stream = stream;
    }

    /** Whether {@link #copy} takes a copy of this many bytes. */
    static boolean fits(long bytes) {
        return bytes <= MAX_SLOT_BYTES;
    }

    /**
     * Enqueues {@code device[0, source.byteSize()) = source} ({@code source} in host memory, a heap segment over an
     * array for instance); {@code source} may be reused as soon as this returns.
     */
    synchronized void copy(MemorySegment source, MemorySegment device) {
        if (closed) {
            throw new IllegalStateException("pinned upload slots are closed");
        }
        long bytes = source.byteSize();
        int slot = slots.next();
        slots.await(slot);
        MemorySegment buffer = slots.buffer(slot, bytes);
        MemorySegment.copy(source, 0, buffer, 0, bytes);
        Jace.check("jace_memcpy_htod_async", jace_h.jace_memcpy_htod_async(device, buffer, bytes, stream.handle()));
        slots.record(slot, stream);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        slots.close();
    }
}
