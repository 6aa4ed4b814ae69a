package dev.jace.backend.cuda;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * A ring of page-locked host buffers, each with the event of the last asynchronous copy through it: what
 * {@link PinnedUploads} and {@link PinnedReads} cycle through. Not thread-safe (its owners lock); close waits for the
 * pending copies, then frees the events and buffers.
 */
final class PinnedSlots implements AutoCloseable {

    private final PinnedBuffer[] buffers;
    /** Each slot's event, created just before the slot's first copy ({@link #await}). */
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

    /**
     * Waits until the last copy recorded for {@code slot} has run (at once if there was none). A slot's event is
     * created here, at its first use, so that a failure to create it comes before a copy is enqueued, not after.
     */
    void await(int slot) {
        if (events[slot] == null) {
            events[slot] = new CudaEvent();
        } else {
            events[slot].synchronize();
        }
    }

    /** Records, on {@code stream}, the end of the copy just enqueued through {@code slot} (after {@link #await}). */
    void record(int slot, CudaStream stream) {
        events[slot].record(stream);
    }

    /** Waits for each slot's last copy and frees its event and buffer; throws the first failure after freeing all. */
    @Override
    public void close() {
        List<Runnable> steps = new ArrayList<>();
        for (int slot = 0; slot < buffers.length; slot++) {
            steps.addAll(closeSteps(slot));
        }
        Cleanup.runAll(steps);
    }

    /** Closing {@code slot}: wait for its last copy, free its event, free its buffer. */
    private List<Runnable> closeSteps(int slot) {
        CudaEvent event = events[slot];
        return event == null ? List.of(buffers[slot]::close)
                : List.of(event::synchronize, event::close, buffers[slot]::close);
    }
}
