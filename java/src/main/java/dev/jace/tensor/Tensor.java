package dev.jace.tensor;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A float32, row-major, contiguous tensor whose elements live in a {@link MemorySegment} owned by a backend:
 * a heap segment over a {@code float[]} for the CPU backend, a device address for the CUDA backend.
 *
 * <p>Closing the owning tensor releases its memory; closing twice is safe; a use of its memory after close
 * ({@link #data}, {@link #reshape}, so every backend op) throws {@link IllegalStateException}, while its shape, size
 * and device stay readable. {@link #reshape} returns a view that shares the memory, is invalidated when
 * the owner closes, and whose own {@code close()} releases nothing.
 */
public final class Tensor implements AutoCloseable {

    /** Memory shared by an owning tensor and its views. */
    private static final class Storage {
        final MemorySegment segment;
        final Runnable release;
        final AtomicBoolean closed = new AtomicBoolean();

        Storage(MemorySegment segment, Runnable release) {
            this.segment = segment;
            this.release = release;
        }
    }

    private final Shape shape;
    private final Storage storage;
    private final String device;
    private final boolean owner;
    private final AtomicBoolean viewClosed = new AtomicBoolean();

    private Tensor(Shape shape, Storage storage, String device, boolean owner) {
        this.shape = shape;
        this.storage = storage;
        this.device = device;
        this.owner = owner;
    }

    /**
     * Wraps memory of {@code shape.size()} floats. {@code release} runs once, on the first {@link #close()}.
     * Backends call this; users get tensors from a backend.
     */
    public static Tensor wrap(Shape shape, MemorySegment segment, String device, Runnable release) {
        long needed = (long) shape.size() * Float.BYTES;
        if (segment.byteSize() < needed) {
            throw new IllegalArgumentException("segment of " + segment.byteSize() + " bytes is too small for shape "
                    + shape + " (" + needed + " bytes)");
        }
        return new Tensor(shape, new Storage(segment, release), device, true);
    }

    public Shape shape() {
        return shape;
    }

    /** Number of elements. */
    public int size() {
        return shape.size();
    }

    /** Name of the device the memory lives on, e.g. "cpu" or "cuda:0". */
    public String device() {
        return device;
    }

    /** The elements' memory, exactly {@code size() * 4} bytes. Throws if this tensor or its owner is closed. */
    public MemorySegment data() {
        checkOpen();
        return storage.segment.byteSize() == (long) size() * Float.BYTES
                ? storage.segment
                : storage.segment.asSlice(0, (long) size() * Float.BYTES);
    }

    public boolean isClosed() {
        return storage.closed.get() || viewClosed.get();
    }

    /** A view with another shape of the same size, sharing memory. */
    public Tensor reshape(Shape newShape) {
        checkOpen();
        if (newShape.size() != shape.size()) {
            throw new IllegalArgumentException("reshape: cannot view " + shape + " (" + shape.size()
                    + " elements) as " + newShape + " (" + newShape.size() + " elements)");
        }
        return new Tensor(newShape, storage, device, false);
    }

    public Tensor reshape(int... dims) {
        return reshape(new Shape(dims));
    }

    private void checkOpen() {
        if (isClosed()) {
            throw new IllegalStateException("tensor " + shape + " on " + device + " was used after close()");
        }
    }

    @Override
    public void close() {
        if (!owner) {
            viewClosed.set(true);
            return;
        }
        if (storage.closed.compareAndSet(false, true)) {
            storage.release.run();
        }
    }

    @Override
    public String toString() {
        return "Tensor" + shape + "@" + device + (isClosed() ? " (closed)" : "");
    }
}
