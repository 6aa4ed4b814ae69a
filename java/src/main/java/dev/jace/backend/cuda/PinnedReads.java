package dev.jace.backend.cuda;

import dev.jace.backend.OpShapes;
import dev.jace.backend.PendingRead;
import dev.jace.bindings.jace.jace_h;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Asynchronous device-to-host copies through a ring of page-locked slots, each with an event: a read enqueues the
 * copy into the next slot, records the slot's event and returns while the device is still busy with earlier work; its
 * {@link PendingRead#get} waits for that event only and takes the values out of the slot, which frees it. A slot whose
 * read was not taken yet when the ring comes round to it is freed by taking that read's values first (into its own
 * array), so every read stays right whatever the order of the {@code get} calls. A slot's buffer grows when a larger
 * read arrives and is kept, so reads of a steady size allocate no page-locked memory; reads larger than
 * {@link #MAX_SLOT_BYTES} are left to {@link HostStaging}. Thread-safe; close takes the values of the reads still
 * pending (their {@code get} works afterwards), then frees the slots.
 */
final class PinnedReads implements AutoCloseable {

    static final int SLOTS = 64;
    /** Room for the largest block of device scalars. */
    static final long MAX_SLOT_BYTES = (long) OpShapes.MAX_SCALARS * Double.BYTES;

    private final CudaStream stream;
    private final PinnedSlots slots = new PinnedSlots(SLOTS);
    /** The read each slot holds until its values are taken, or null. */
    private final Read<?>[] reads = new Read<?>[SLOTS];
    private boolean closed;

    PinnedReads(CudaStream stream) {
        this.stream = stream;
    }

    /** Whether {@link #read} takes a read of this many bytes. */
    static boolean fits(long bytes) {
        return bytes <= MAX_SLOT_BYTES;
    }

    /**
     * Enqueues the copy of {@code device[0, bytes)} into a slot; {@code decode} turns the slot's bytes into the
     * values when they are taken.
     */
    synchronized <T> PendingRead<T> read(MemorySegment device, long bytes, Function<MemorySegment, T> decode) {
        if (closed) {
            throw new IllegalStateException("pinned read slots are closed");
        }
        int slot = slots.next();
        if (reads[slot] != null) {
            reads[slot].take();
        } else {
            slots.await(slot); // a taken read's copy is done; a slot's first use creates its event here
        }
        MemorySegment buffer = slots.buffer(slot, bytes);
        Jace.check("jace_memcpy_dtoh_async", jace_h.jace_memcpy_dtoh_async(buffer, device, bytes, stream.handle()));
        slots.record(slot, stream);
        Read<T> read = new Read<>(slot, bytes, decode);
        reads[slot] = read;
        return read;
    }

    /** A read in a slot until {@link #take} moves its values out. */
    private final class Read<T> implements PendingRead<T> {

        private final int slot;
        private final long bytes;
        private final Function<MemorySegment, T> decode;
        private T values;

        Read(int slot, long bytes, Function<MemorySegment, T> decode) {
            this.slot = slot;
            this.bytes = bytes;
            this.decode = decode;
        }

        @Override
        public T get() {
            synchronized (PinnedReads.this) {
                if (values == null) {
                    if (closed) {
                        throw new IllegalStateException("read of a closed backend that could not be finished");
                    }
                    take();
                }
                return values;
            }
        }

        /** Waits for the copy, decodes the slot's bytes and frees the slot; the ring's lock is held. */
        void take() {
            slots.await(slot);
            values = decode.apply(slots.buffer(slot, bytes).asSlice(0, bytes));
            reads[slot] = null;
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        List<Runnable> steps = new ArrayList<>();
        for (int slot = 0; slot < SLOTS; slot++) {
            steps.add(takeOrDrop(slot));
        }
        steps.add(() -> {
            closed = true;
            slots.close();
        });
        Cleanup.runAll(steps);
    }

    /** Takes the pending read of {@code slot}, if any; one that cannot be taken is dropped. */
    private Runnable takeOrDrop(int slot) {
        return () -> {
            try {
                if (reads[slot] != null) {
                    reads[slot].take();
                }
            } catch (RuntimeException e) {
                reads[slot] = null;
                throw e;
            }
        };
    }
}
