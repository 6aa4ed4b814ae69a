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
 * the owner closes, and whose own {@code close()} releases nothing. Memory in an {@link java.lang.foreign.Arena}
 * (a backend's, which it closes when it closes) makes the tensor closed once that arena is, and so does the end of the
 * lifetime given to {@link #wrap(Shape, MemorySegment, String, Object, MemorySegment.Scope, Runnable)} (how the CPU
 * backend's heap memory closes with it).
 */
public final class Tensor implements AutoCloseable {

    /** Memory shared by an owning tensor and its views. */
    private static final class Storage {
        final MemorySegment segment;
        final Object issuer;
        final MemorySegment.Scope lifetime;
        final Runnable release;
        final AtomicBoolean closed = new AtomicBoolean();

        Storage(MemorySegment segment, Object issuer, MemorySegment.Scope lifetime, Runnable release) {
            this.segment = segment;
            this.issuer = issuer;
            this.lifetime = lifetime;
            this.release = release;
        }

        boolean alive() {
            return segment.scope().isAlive() && lifetime.isAlive();
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
        return wrap(shape, segment, device, null, release);
    }

    /** Like {@link #wrap(Shape, MemorySegment, String, Runnable)}, for {@code issuer}: see {@link #issuer()}. */
    public static Tensor wrap(Shape shape, MemorySegment segment, String device, Object issuer, Runnable release) {
        return wrap(shape, segment, device, issuer, segment.scope(), release);
    }

    /**
     * Like {@link #wrap(Shape, MemorySegment, String, Object, Runnable)}, for memory that is usable only while
     * {@code lifetime} is alive too: the tensor reads as closed once it ends.
     */
    public static Tensor wrap(Shape shape, MemorySegment segment, String device, Object issuer,
                              MemorySegment.Scope lifetime, Runnable release) {
        long needed = (long) shape.size() * Float.BYTES;
        if (segment.byteSize() < needed) {
            throw new IllegalArgumentException("segment of " + segment.byteSize() + " bytes is too small for shape "
                    + shape + " (" + needed + " bytes)");
        }
        return new Tensor(shape, new Storage(segment, issuer, lifetime, release), device, true);
    }

    /**
     * What issued the memory, for a backend to refuse another's tensors (several can share a device), or null where
     * the backend does not tell its tensors apart.
     */
    public Object issuer() {
        return storage.issuer;
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
        return storage.closed.get() || viewClosed.get() || !storage.alive();
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
        if (storage.closed.get() || viewClosed.get()) {
            throw new IllegalStateException("tensor " + shape + " on " + device + " was used after close()");
        }
        if (!storage.alive()) {
            throw new IllegalStateException("tensor " + shape + " on " + device + " was used after the backend or"
                    + " arena holding its memory closed" + (storage.issuer == null ? "" : ": " + storage.issuer));
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
