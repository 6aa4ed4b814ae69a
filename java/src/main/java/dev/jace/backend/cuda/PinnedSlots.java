package dev.jace.backend.cuda;

import java.lang.foreign.MemorySegment;

/**
 * A ring of page-locked host buffers, each with the event of the last asynchronous copy through it: what
 * {@link PinnedUploads} and {@link PinnedReads} cycle through. Not thread-safe (its owners lock); close waits for the
 * pending copies, then frees the events and buffers.
 */
final class PinnedSlots implements AutoCloseable {

    private final PinnedBuffer[] buffers;
    /** Each slot's event, created at the slot's first copy. */
    private final CudaEvent[] events;
    private int next;

    PinnedSlots(int count) {
        buffers = new PinnedBuffer[count];
        events = new CudaEvent[count];
        for (int i = 0; i < count; i++) {
            buffers[i] = new PinnedBuffer();
        }
    }

    /** The next slot of the ring. */
    int next() {
        int slot = next;
        next = (next + 1) % buffers.length;
        return slot;
    }

    /** Slot {@code slot}'s buffer, grown to {@code bytes} first if smaller (so only after {@link #await}). */
    MemorySegment buffer(int slot, long bytes) {
        return buffers[slot].atLeast(bytes);
    }

    /** Waits until the last copy recorded for {@code slot} has run (at once if there was none). */
    void await(int slot) {
        if (events[slot] != null) {
            events[slot].synchronize();
        }
    }

    /** Records, on {@code stream}, the end of the copy just enqueued through {@code slot}. */
    void record(int slot, CudaStream stream) {
        if (events[slot] == null) {
            events[slot] = new CudaEvent();
        }
        events[slot].record(stream);
    }

    /** Waits for each slot's last copy and frees its event and buffer; throws the first failure after freeing all. */
    @Override
    public void close() {
        RuntimeException first = null;
        for (int slot = 0; slot < buffers.length; slot++) {
            try {
                if (events[slot] != null) {
                    events[slot].synchronize();
                    events[slot].close();
                }
                buffers[slot].close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
